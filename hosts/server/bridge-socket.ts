/**
 * The WebSocket side of browser mode: one connection per open page, carrying bridge calls in and
 * results and kernel events out. A client that breaks the protocol — a frame too large, not
 * UTF-8, binary, not JSON, nested absurdly deep, too many frames too fast, too many calls at once,
 * or a peer that stopped answering pings — is disconnected with the matching close code; nothing
 * a client sends can throw out of here, so the server keeps serving everyone else.
 */
import type { WebSocket } from 'ws';
import { BridgeCallFrameSchema, type BridgeServerFrame } from '../../kernel/contracts/index.js';
import type { Kernel } from '../../kernel/index.js';
import { dispatch } from '../bridge/index.js';

export interface SocketLimits {
  /** Largest frame: a voice.transcribe call with two minutes of 16 kHz audio, base64. */
  maxFrameBytes: number;
  /** Open bridge connections at once (each page holds one). */
  maxConnections: number;
  /** Frames a connection may send in a burst, and how many per second it earns back. */
  burst: number;
  perSecond: number;
  /** Calls one connection may have running at once. */
  maxInFlight: number;
  /** Nesting depth of a frame's JSON. */
  maxDepth: number;
  /** A peer that does not answer a ping within this long is dropped. */
  heartbeatMs: number;
}

export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  maxFrameBytes: 8 * 1024 * 1024,
  maxConnections: 16,
  burst: 200,
  perSecond: 100,
  maxInFlight: 64,
  maxDepth: 32,
  heartbeatMs: 30_000,
};

/** RFC 6455 close codes used here. */
export const CLOSE = { unsupported: 1003, invalidPayload: 1007, policy: 1008, tooBig: 1009, overloaded: 1013 } as const;

/** Serves one accepted connection until it closes. */
export function serveConnection(ws: WebSocket, kernel: Kernel, limits: SocketLimits, onClose: () => void): { send(frame: BridgeServerFrame): void } {
  let tokens = limits.burst;
  let refilled = Date.now();
  let inFlight = 0;
  let alive = true;

  const send = (frame: BridgeServerFrame) => {
    if (ws.readyState !== ws.OPEN) return;
    try {
      ws.send(JSON.stringify(frame));
    } catch (error) {
      // A value that cannot be serialised is the kernel's bug, not the client's: answer with an error instead.
      if (frame.kind === 'result') ws.send(JSON.stringify({ kind: 'result', id: frame.id, ok: false, error: { code: 'internal', message: `the result could not be sent: ${(error as Error).message}` } }));
    }
  };

  const heartbeat = setInterval(() => {
    if (!alive) {
      ws.terminate();
      return;
    }
    alive = false;
    ws.ping();
  }, limits.heartbeatMs);
  heartbeat.unref();
  ws.on('pong', () => (alive = true));
  // ws reports an oversized frame (1009) or invalid UTF-8 (1007) here and closes the connection itself; without a listener the error would end the process.
  ws.on('error', () => ws.terminate());
  ws.on('close', () => {
    clearInterval(heartbeat);
    onClose();
  });

  ws.on('message', (data, isBinary) => {
    alive = true;
    const now = Date.now();
    tokens = Math.min(limits.burst, tokens + ((now - refilled) / 1000) * limits.perSecond);
    refilled = now;
    if (tokens < 1) return ws.close(CLOSE.policy, 'too many frames');
    tokens -= 1;
    if (isBinary) return ws.close(CLOSE.unsupported, 'binary frames are not accepted');
    if (inFlight >= limits.maxInFlight) return ws.close(CLOSE.overloaded, 'too many calls at once');
    let frame;
    try {
      const json: unknown = JSON.parse(String(data));
      if (depthOver(json, limits.maxDepth)) throw new Error('nested too deep');
      frame = BridgeCallFrameSchema.parse(json);
    } catch {
      // A malformed frame has no id to answer to; closing tells the client it broke the protocol.
      return ws.close(CLOSE.policy, 'malformed bridge frame');
    }
    inFlight++;
    void dispatch({ kernel }, frame.method, frame.input)
      .then((result) => send(result.ok ? { kind: 'result', id: frame.id, ok: true, value: result.value } : { kind: 'result', id: frame.id, ok: false, error: result.error }))
      .catch(() => undefined)
      .finally(() => inFlight--);
  });

  return { send };
}

/** Whether `value` nests arrays and objects deeper than `max` (walked without recursion). */
export function depthOver(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
