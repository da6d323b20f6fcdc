/**
 * Browser mode: the kernel and the built portal on 127.0.0.1 only. HTTP serves the portal's
 * files; one WebSocket at /bridge carries BridgeApi calls (frames of kernel/contracts/bridge.ts)
 * and pushes kernel events. Every request must come from our own origin with the per-launch
 * token; anything else is refused before it reaches a handler. No request, however malformed,
 * stops the server: every socket has an error handler, headers, connections and frames are
 * bounded, slow clients time out, and a client that breaks the protocol is disconnected
 * (bridge-socket.ts).
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { BridgeServerFrame, KernelEvent } from '../../kernel/contracts/index.js';
import { safeForRenderer } from '../bridge/index.js';
import type { Kernel } from '../../kernel/index.js';
import { DEFAULT_SOCKET_LIMITS, serveConnection, type SocketLimits } from './bridge-socket.js';
import { buildCsp, securityHeaders } from './csp.js';
import { TOKEN_COOKIE, checkRequest, newToken } from './guard.js';
import { StaticFiles } from './static-files.js';

export interface ServerLimits extends SocketLimits {
  /** Bytes of request headers (Node's parser answers 431 beyond). */
  maxHeaderBytes: number;
  /** A client must finish sending its headers within this long (slowloris). */
  headersTimeoutMs: number;
  /** …and its whole request within this long. */
  requestTimeoutMs: number;
  /** How often Node looks for requests past those times. */
  checkIntervalMs: number;
  /** TCP connections at once, pages and assets together. */
  maxSockets: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  ...DEFAULT_SOCKET_LIMITS,
  maxHeaderBytes: 16 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  checkIntervalMs: 1_000,
  maxSockets: 128,
};

export interface ServeOptions {
  kernel: Kernel;
  /** Folder of the built portal (dist/renderer). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token (tests); default: a fresh random one per launch. */
  token?: string;
  /** Tighter limits (tests). */
  limits?: Partial<ServerLimits>;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  /** Clients connected to the bridge right now. */
  clients(): number;
  close(): Promise<void>;
}

/** A refusal written straight to a raw socket (an upgrade request has no response object). */
function refuseSocket(socket: Duplex, status: number, reason: string): void {
  const text = `AgentOS refused this connection: ${reason}.\n`;
  socket.end(`HTTP/1.1 ${status} Refused\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
}

function pathnameOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://127.0.0.1').pathname;
  } catch {
    return undefined;
  }
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { kernel } = options;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const token = options.token ?? newToken();
  const files = new StaticFiles(options.staticDir);
  const connections = new Map<WebSocket, { send(frame: BridgeServerFrame): void }>();
  // Events that fired while no page was open (a reminder, missed timers at start) wait for the next page.
  const undelivered: KernelEvent[] = kernel.missedTimers.map((t) => ({ type: 'timer.fired', timer: { id: t.id, kind: t.kind, title: t.title, dueAt: t.dueAt }, missed: true }));
  // Tampering with the audit log found at start is told to every page that opens, not only the first.
  const notices: KernelEvent[] = kernel.auditProblems.map((p) => ({ type: 'notification', title: 'The audit log was tampered with', body: `${p}. Run "agentos audit --verify" for the full report.` }));
  let port = 0;
  let headers: Record<string, string> = {};

  const serveHttp = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const refusal = checkRequest(req, { port, token });
    if (refusal) {
      res.writeHead(refusal.status, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end(`AgentOS refused this request: ${refusal.reason}.\n`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, allow: 'GET, HEAD' }).end();
      return;
    }
    const pathname = pathnameOf(req.url);
    const file = pathname === undefined ? undefined : files.read(pathname);
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
  };

  const server = http.createServer(
    { maxHeaderSize: limits.maxHeaderBytes, headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: limits.checkIntervalMs },
    (req, res) => {
      // A client that disconnects mid-request is not an error of ours.
      req.on('error', () => undefined);
      res.on('error', () => undefined);
      try {
        serveHttp(req, res);
      } catch {
        if (!res.headersSent) res.writeHead(500, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
        res.end('AgentOS could not serve this request.\n');
      }
    },
  );
  server.maxConnections = limits.maxSockets;
  server.maxHeadersCount = 100;
  // Every raw socket: a reset or a half-written request is the client's problem, never an uncaught error.
  server.on('connection', (socket: Socket) => socket.on('error', () => socket.destroy()));
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return void socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    refuseSocket(socket, status, status === 431 ? 'headers too large' : status === 408 ? 'request too slow' : 'malformed request');
    // A client that never reads the refusal does not keep its socket.
    setTimeout(() => socket.destroy(), 1_000).unref();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes, perMessageDeflate: false });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      const pathname = pathnameOf(req.url);
      // A WebSocket is not bound by the same-origin policy: the Origin check and the token are what stop other pages.
      const refusal = pathname === undefined ? { status: 400, reason: 'malformed URL' } : pathname === '/bridge' ? checkRequest(req, { port, token }, true) : { status: 403, reason: 'no such endpoint' };
      if (refusal || req.headers.origin === undefined) return refuseSocket(socket, refusal?.status ?? 403, refusal?.reason ?? 'no Origin header');
      if (connections.size >= limits.maxConnections) return refuseSocket(socket, 503, 'too many open pages; close one and reload');
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
    } catch {
      socket.destroy();
    }
  });

  wss.on('connection', (ws: WebSocket) => {
    const connection = serveConnection(ws, kernel, limits, () => connections.delete(ws));
    connections.set(ws, connection);
    for (const event of [...notices, ...undelivered.splice(0)]) connection.send({ kind: 'event', event: safeForRenderer(event) });
  });

  const unsubscribe = kernel.onEvent((event) => {
    if (connections.size === 0) {
      if (event.type === 'timer.fired' || event.type === 'notification') undelivered.push(event);
      if (undelivered.length > 100) undelivered.shift();
      return;
    }
    const safe = safeForRenderer(event);
    for (const connection of connections.values()) connection.send({ kind: 'event', event: safe });
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
    clients: () => connections.size,
    close: async () => {
      unsubscribe();
      for (const ws of connections.keys()) ws.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
