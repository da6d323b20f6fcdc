/**
 * Class 10: a browser-mode server that one request could stop. The real server (startServer over
 * a real kernel) gets malformed HTTP and WebSocket traffic on raw sockets — bad upgrade URLs,
 * oversized, non-UTF-8, binary, fragmented, deep and flooding frames, slow and huge headers,
 * broken percent-encoding, traversal, resets mid-request — and after each one a normal
 * authenticated call must still be answered.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Kernel } from '../../kernel/index.js';
import { startServer, type RunningServer } from '../../hosts/server/index.js';
import { tempDir } from './helpers.js';

let home: string;
let kernel: Kernel;
let server: RunningServer;
const LIMITS = { maxFrameBytes: 64 * 1024, maxConnections: 6, burst: 40, perSecond: 5, maxDepth: 32, headersTimeoutMs: 400, requestTimeoutMs: 2_000, checkIntervalMs: 100, maxHeaderBytes: 8 * 1024 };

/** Writes `payload` on a raw TCP socket and collects everything until the server closes it. */
function raw(payload: string | Buffer | (string | Buffer)[], options: { keepOpenMs?: number } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(server.port, '127.0.0.1');
    let got = '';
    socket.on('data', (d) => (got += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(got));
    socket.on('connect', () => {
      for (const part of Array.isArray(payload) ? payload : [payload]) socket.write(part);
      if (options.keepOpenMs === undefined) return;
      setTimeout(() => socket.destroy(), options.keepOpenMs);
    });
  });
}

const host = () => `127.0.0.1:${server.port}`;
const origin = () => `http://${host()}`;
const upgradeHeaders = () => `Host: ${host()}\r\nOrigin: ${origin()}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n`;

function connect(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${host()}/bridge?token=${server.token}`, { origin: origin() });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

function call(ws: WebSocket, id: number, method: string, input: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(String(data)) as Record<string, unknown>;
      if (frame.kind === 'result' && frame.id === id) {
        ws.off('message', onMessage);
        resolve(frame);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ kind: 'call', id, method, input }));
  });
}

/** The proof after every attack: a fresh, authenticated page is still served and answered. */
async function stillServing(): Promise<void> {
  const ws = await connect();
  const answer = await call(ws, 1, 'kernel.handle', { text: 'what can you do', source: 'ui' });
  expect(answer).toMatchObject({ ok: true, value: { status: 'served' } });
  const closed = closeCode(ws);
  ws.close();
  await closed;
  const page = await raw(`GET /?token=${server.token} HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`);
  expect(page).toMatch(/^HTTP\/1\.1 200/);
}

beforeAll(async () => {
  home = tempDir('agentos-server-hostile-');
  const staticDir = path.join(home, 'portal');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>portal</title>');
  fs.writeFileSync(path.join(home, 'secret.json'), '{"secret":true}');
  kernel = new Kernel({ profileDir: path.join(home, 'profile') });
  server = await startServer({ kernel, staticDir, port: 0, limits: LIMITS });
});

afterAll(async () => {
  await server.close();
  kernel.close();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('the browser-mode server under hostile traffic', () => {
  it('refuses malformed upgrade URLs (no token needed to try) and keeps serving', async () => {
    for (const target of ['//x:99999999/bridge', 'http://[/bridge', '//%zz/bridge', '/bridge?token=%', '*']) {
      const reply = await raw(`GET ${target} HTTP/1.1\r\n${upgradeHeaders()}\r\n`);
      expect(reply).toMatch(/^HTTP\/1\.1 (400|401|403)/);
    }
    await stillServing();
  });

  it('closes a connection that sends an oversized frame (1009) and keeps serving', async () => {
    const ws = await connect();
    const closed = closeCode(ws);
    ws.send(JSON.stringify({ kind: 'call', id: 1, method: 'kernel.handle', input: { text: 'x'.repeat(LIMITS.maxFrameBytes + 10) } }));
    expect(await closed).toBe(1009);
    await stillServing();
  });

  it('closes a connection that sends a text frame that is not UTF-8 (1007) and keeps serving', async () => {
    const ws = await connect();
    const closed = closeCode(ws);
    ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x7d]), { binary: false });
    expect(await closed).toBe(1007);
    await stillServing();
  });

  it('closes on binary frames, non-JSON, deep nesting and wrong frame shapes; answers a huge but valid one', async () => {
    const cases: [string | Buffer, boolean, number][] = [
      [Buffer.from([1, 2, 3]), true, 1003],
      ['{not json', false, 1008],
      [`${'['.repeat(5000)}${']'.repeat(5000)}`, false, 1008],
      [JSON.stringify({ kind: 'call', id: 1, method: 'kernel.handle', input: { text: 'hi' }, extra: 1 }), false, 1008],
      [JSON.stringify({ kind: 'call', id: -1, method: 'x'.repeat(1000), input: {} }), false, 1008],
      ['null', false, 1008],
    ];
    for (const [data, binary, code] of cases) {
      const ws = await connect();
      const closed = closeCode(ws);
      ws.send(data, { binary });
      expect(await closed).toBe(code);
    }
    const ws = await connect();
    const big = await call(ws, 7, 'kernel.handle', { text: `what can you do ${'a'.repeat(20_000)}`, source: 'ui' });
    expect(big).toHaveProperty('id', 7);
    ws.close();
    await stillServing();
  });

  it('reassembles fragmented frames into one call', async () => {
    const ws = await connect();
    const text = JSON.stringify({ kind: 'call', id: 3, method: 'skills.list', input: {} });
    const answered = new Promise<Record<string, unknown>>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)) as Record<string, unknown>)));
    ws.send(text.slice(0, 10), { fin: false });
    ws.send(text.slice(10), { fin: true });
    expect(await answered).toMatchObject({ kind: 'result', id: 3, ok: true });
    ws.close();
  });

  it('disconnects a client flooding frames, and refuses connections past the limit', async () => {
    const flood = await connect();
    const closed = closeCode(flood);
    for (let i = 0; i < LIMITS.burst * 3; i++) flood.send(JSON.stringify({ kind: 'call', id: i, method: 'history.list', input: {} }));
    expect(await closed).toBe(1008);
    const open = await Promise.all(Array.from({ length: LIMITS.maxConnections }, () => connect()));
    await expect(connect()).rejects.toThrow(/refused 503/);
    await Promise.all(open.map((ws) => {
      const c = closeCode(ws);
      ws.close();
      return c;
    }));
    await stillServing();
  });

  it('survives a client that resets mid-call and mid-handshake', async () => {
    const ws = await connect();
    ws.send(JSON.stringify({ kind: 'call', id: 1, method: 'kernel.handle', input: { text: 'what can you do', source: 'ui' } }));
    ws.terminate();
    await raw(`GET /bridge?token=${server.token} HTTP/1.1\r\n${upgradeHeaders()}`, { keepOpenMs: 20 });
    await raw(`GET /bridge?token=${server.token} HTTP/1.1\r\nHost: ${host()}\r\nOrigin: ${origin()}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: short\r\n\r\n`);
    await raw(`POST /?token=${server.token} HTTP/1.1\r\nHost: ${host()}\r\nContent-Length: 100000\r\n\r\nabc`, { keepOpenMs: 20 });
    await stillServing();
  });

  it('answers malformed HTTP with 4xx: garbage, huge headers, bad Host/Origin, bad percent-encoding, traversal', async () => {
    expect(await raw('\x16\x03\x01\x02\x00garbage\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(await raw(`GET / HTTP/1.1\r\nHost: ${host()}\r\nX-Big: ${'a'.repeat(LIMITS.maxHeaderBytes * 2)}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431/);
    expect(await raw(`GET /?token=${server.token} HTTP/1.1\r\nHost: \x1b[2J\x1b]52;c;aGk=\x07evil\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 (400|403)/);
    const echoed = await raw(`GET /?token=${server.token} HTTP/1.1\r\nHost: ${host()}\r\nOrigin: http://evil.example/\u202e\r\nConnection: close\r\n\r\n`);
    expect(echoed).toMatch(/^HTTP\/1\.1 403/);
    for (const p of ['/%E0%A4%A', '/%', '/..%2f..%2fsecret.json', '/%2e%2e/%2e%2e/secret.json', '/assets/..%5c..%5csecret.json', '/%00index.html']) {
      expect(await raw(`GET ${p}?token=${server.token} HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 (400|404)/);
    }
    await stillServing();
  });

  it('answers HEAD, refuses OPTIONS, and serves pipelined requests in order', async () => {
    const head = await raw(`HEAD /?token=${server.token} HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`);
    expect(head).toMatch(/^HTTP\/1\.1 200/);
    expect(head).not.toContain('<title>');
    expect(await raw(`OPTIONS /?token=${server.token} HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 405/);
    const both = await raw(`GET /?token=${server.token} HTTP/1.1\r\nHost: ${host()}\r\n\r\nGET /nope.js?token=${server.token} HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`);
    expect(both.match(/HTTP\/1\.1 \d+/g)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 404']);
  });

  it('drops a client that sends its headers too slowly (slowloris)', async () => {
    // The socket stays open only as long as the server allows: it closes it, the test does not.
    const reply = await raw([`GET /?token=${server.token} HTTP/1.1\r\n`, `Host: ${host()}\r\n`]);
    expect(reply === '' || /^HTTP\/1\.1 408/.test(reply)).toBe(true);
    await stillServing();
  });
});
