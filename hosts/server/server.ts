/**
 * Browser mode: the kernel and the built portal on 127.0.0.1 only. HTTP serves the portal's
 * files; one WebSocket at /bridge carries BridgeApi calls (frames of kernel/contracts/bridge.ts)
 * and pushes kernel events. Every request must come from our own origin with the per-launch
 * token; anything else is refused before it reaches a handler.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { BridgeCallFrameSchema, type BridgeServerFrame, type KernelEvent } from '../../kernel/contracts/index.js';
import { dispatch } from '../bridge/index.js';
import type { Kernel } from '../../kernel/index.js';
import { buildCsp, securityHeaders } from './csp.js';
import { TOKEN_COOKIE, checkRequest, newToken } from './guard.js';
import { StaticFiles } from './static-files.js';

export interface ServeOptions {
  kernel: Kernel;
  /** Folder of the built portal (dist/renderer). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token (tests); default: a fresh random one per launch. */
  token?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  /** Clients connected to the bridge right now. */
  clients(): number;
  close(): Promise<void>;
}

/** Largest WebSocket frame: a voice.transcribe call with two minutes of 16 kHz audio, base64. */
const MAX_FRAME_BYTES = 8 * 1024 * 1024;

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { kernel } = options;
  const token = options.token ?? newToken();
  const files = new StaticFiles(options.staticDir);
  const sockets = new Set<WebSocket>();
  // Events that fired while no page was open (a reminder, missed timers at start) wait for the next page.
  const undelivered: KernelEvent[] = kernel.missedTimers.map((t) => ({ type: 'timer.fired', timer: { id: t.id, kind: t.kind, title: t.title, dueAt: t.dueAt }, missed: true }));
  let port = 0;
  let headers: Record<string, string> = {};

  const server = http.createServer((req, res) => {
    const refusal = checkRequest(req, { port, token });
    if (refusal) {
      res.writeHead(refusal.status, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end(`AgentOS refused this request: ${refusal.reason}.\n`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, allow: 'GET, HEAD' }).end();
      return;
    }
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const file = files.read(pathname);
    if (!file) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('Not found.\n');
      return;
    }
    res.writeHead(200, {
      ...headers,
      'content-type': file.type,
      'content-length': String(file.body.length),
      'cache-control': file.immutable ? 'private, max-age=31536000, immutable' : 'no-store',
      // Lets the page's asset requests (and reloads) through without the token in every URL.
      'set-cookie': `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`,
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    // A WebSocket is not bound by the same-origin policy: the Origin check and the token are what stop other pages.
    const refusal = pathname === '/bridge' ? checkRequest(req, { port, token }, true) : { status: 403 as const, reason: 'no such endpoint' };
    if (refusal || req.headers.origin === undefined) {
      socket.end(`HTTP/1.1 ${refusal?.status ?? 403} Refused\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nAgentOS refused this connection: ${refusal?.reason ?? 'no Origin header'}.\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  const send = (ws: WebSocket, frame: BridgeServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    for (const event of undelivered.splice(0)) send(ws, { kind: 'event', event });
    ws.on('message', async (data, isBinary) => {
      let frame;
      try {
        if (isBinary) throw new Error('binary frames are not accepted');
        frame = BridgeCallFrameSchema.parse(JSON.parse(String(data)));
      } catch {
        // A malformed frame has no id to answer to; closing tells the client it broke the protocol.
        ws.close(1008, 'malformed bridge frame');
        return;
      }
      const result = await dispatch({ kernel }, frame.method, frame.input);
      send(ws, result.ok ? { kind: 'result', id: frame.id, ok: true, value: result.value } : { kind: 'result', id: frame.id, ok: false, error: result.error });
    });
  });

  const unsubscribe = kernel.onEvent((event) => {
    if (sockets.size === 0) {
      if (event.type === 'timer.fired' || event.type === 'notification') undelivered.push(event);
      if (undelivered.length > 100) undelivered.shift();
      return;
    }
    for (const ws of sockets) send(ws, { kind: 'event', event });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  headers = securityHeaders(buildCsp({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] }));

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    clients: () => sockets.size,
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
