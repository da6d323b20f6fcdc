/**
 * BridgeApi over browser mode's WebSocket: each call is a `call` frame with an id, answered by a
 * `result` frame; kernel events arrive as `event` frames. Reconnects with back-off when the
 * connection drops, and fails pending calls with an error the user can act on.
 */
import { BRIDGE_METHODS, type BridgeApi, type BridgeErrorShape, type BridgeMethod, type BridgeServerFrame, type KernelEvent } from './contracts';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface WsBridge extends BridgeApi {
  onConnection(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: BridgeErrorShape): void;
}

const lost: BridgeErrorShape = { code: 'unavailable', message: 'Lost the connection to the AgentOS kernel.', fix: 'Check that "agentos serve" is still running, then reload the page.' };

export function createWsBridge(url: string, WebSocketImpl: typeof WebSocket = WebSocket): WsBridge {
  let ws: WebSocket | undefined;
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  let retry = 0;
  let closed = false;
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const eventListeners = new Set<(event: KernelEvent) => void>();
  const stateListeners = new Set<(state: ConnectionState) => void>();

  const setState = (s: ConnectionState) => {
    state = s;
    stateListeners.forEach((l) => l(s));
  };

  const connect = () => {
    setState('connecting');
    const socket = new WebSocketImpl(url);
    ws = socket;
    socket.onopen = () => {
      retry = 0;
      setState('open');
      for (const frame of queue.splice(0)) socket.send(frame);
    };
    socket.onmessage = (message) => {
      let frame: BridgeServerFrame;
      try {
        frame = JSON.parse(String(message.data)) as BridgeServerFrame;
      } catch {
        return;
      }
      if (frame.kind === 'event') {
        eventListeners.forEach((l) => l(frame.event));
        return;
      }
      const call = pending.get(frame.id);
      if (!call) return;
      pending.delete(frame.id);
      if (frame.ok) call.resolve(frame.value);
      else call.reject(frame.error);
    };
    socket.onclose = () => {
      for (const call of pending.values()) call.reject(lost);
      pending.clear();
      setState('closed');
      if (closed) return;
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 250 * 2 ** retry);
    };
  };
  connect();

  const call = (method: BridgeMethod, input: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      const frame = JSON.stringify({ kind: 'call', id, method, input: input ?? {} });
      if (state === 'open' && ws) ws.send(frame);
      else queue.push(frame);
    });

  const api: Record<string, unknown> = {};
  for (const method of BRIDGE_METHODS) api[method] = (input: unknown) => call(method, input);
  return Object.assign(api as unknown as BridgeApi, {
    onEvent(listener: (event: KernelEvent) => void) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onConnection(listener: (state: ConnectionState) => void) {
      stateListeners.add(listener);
      listener(state);
      return () => stateListeners.delete(listener);
    },
    close() {
      closed = true;
      ws?.close();
    },
  }) as WsBridge;
}
