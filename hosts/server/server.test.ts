// Browser mode's server against a real kernel: the guard (token, Origin, Host), static files, and the bridge over WebSocket.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Kernel } from '../../kernel/index.js';
import { startServer, type RunningServer } from './server.js';

let home: string;
let kernel: Kernel;
let server: RunningServer;

function get(p: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: p, headers: { host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(query = `?token=${server.token}`, origin: string | null = `http://127.0.0.1:${server.port}`): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/bridge${query}`, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, id: number, method: string, input: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(String(data));
      if (frame.kind === 'result' && frame.id === id) {
        ws.off('message', onMessage);
        resolve(frame);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ kind: 'call', id, method, input }));
  });
}

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-server-'));
  const staticDir = path.join(home, 'portal');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>portal</title>');
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(home, 'secret.txt'), 'secret');
  fs.symlinkSync(path.join(home, 'secret.txt'), path.join(staticDir, 'assets', 'leak.js'));
  kernel = new Kernel({ profileDir: path.join(home, 'profile'), startScheduler: true });
  server = await startServer({ kernel, staticDir, port: 0 });
});

afterAll(async () => {
  await server.close();
  kernel.close();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('browser-mode server', () => {
  it('prints a 127.0.0.1 URL holding a long random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('serves the portal with the token and a CSP, and sets the token cookie for assets', async () => {
    const res = await get(`/?token=${server.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('portal');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    expect((await get('/assets/app.js', { cookie })).status).toBe(200);
  });

  it('refuses requests without the token, with a wrong one, from a foreign Origin or Host', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
    expect((await get('/?token=nope')).status).toBe(401);
    expect((await get(`/?token=${server.token}`, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(`/?token=${server.token}`, { host: `evil.example:${server.port}` })).status).toBe(403);
  });

  it('serves nothing outside the portal folder, symlinks included', async () => {
    expect((await get(`/../secret.txt?token=${server.token}`)).status).toBe(404);
    expect((await get(`/%2e%2e/secret.txt?token=${server.token}`)).status).toBe(404);
    expect((await get(`/assets/leak.js?token=${server.token}`)).status).toBe(404);
  });

  it('refuses bridge connections without the token, without an Origin, or from a foreign one', async () => {
    await expect(connect('')).rejects.toThrow(/refused 401/);
    await expect(connect(`?token=${server.token}`, 'http://evil.example')).rejects.toThrow(/refused 403/);
    await expect(connect(`?token=${server.token}`, null)).rejects.toThrow(/refused/);
  });

  it('answers bridge calls, validates input, and pushes events', async () => {
    const ws = await connect();
    const events: { type: string }[] = [];
    ws.on('message', (d) => {
      const f = JSON.parse(String(d));
      if (f.kind === 'event') events.push(f.event);
    });
    const help = await call(ws, 1, 'kernel.handle', { text: 'what can you do', source: 'ui' });
    expect(help.ok).toBe(true);
    expect((help.value as { status: string }).status).toBe('served');
    const bad = await call(ws, 2, 'skills.setEnabled', { id: 'help' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(String((bad.error as { message: string }).message)).toContain('enabled');
    const unknown = await call(ws, 3, 'fs.readFile', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const timer = await call(ws, 4, 'timers.schedule', { title: 'stretch', dueAt: new Date(Date.now() + 300).toISOString() });
    expect(timer.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 900));
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['request.received', 'request.completed', 'timer.fired']));
    ws.close();
  });

  it('closes a connection that sends a malformed frame', async () => {
    const ws = await connect();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('{not json');
    expect(await closed).toBe(1008);
  });
});
