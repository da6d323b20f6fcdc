/**
 * The portal's one way to the kernel: Electron's preload bridge (`window.agentos`) when present,
 * else browser mode's WebSocket, authenticated by the token in the page's URL.
 */
import type { BridgeApi } from './contracts';
import { createWsBridge, type ConnectionState } from './ws-bridge';

declare global {
  interface Window {
    agentos?: BridgeApi;
  }
}

export interface PortalBridge {
  api: BridgeApi;
  mode: 'electron' | 'browser';
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

export function connectBridge(): PortalBridge {
  if (window.agentos) {
    return { api: window.agentos, mode: 'electron', onConnection: (l) => (l('open'), () => undefined) };
  }
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const bridge = createWsBridge(`${scheme}://${location.host}/bridge?token=${encodeURIComponent(token)}`);
  return { api: bridge, mode: 'browser', onConnection: bridge.onConnection };
}

export { asBridgeError } from './errors';
