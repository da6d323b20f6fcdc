/**
 * The hostile-skill corpus: each installed with --yes, run through the kernel, and shown to be
 * contained (nothing outside touched, no secret returned, no connection made), reported in the
 * audit log, and unable to stop the kernel from serving the next request. Runs in every sandbox
 * mode this machine has: bubblewrap, unshare, and 'none' (opted in: Node's permission model and the
 * child's guards alone).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableModes, sandboxSupport, supportInMode } from '../../kernel/sandbox/index.js';
import { harness, hostile, tempDir, type Harness } from './helpers.js';

const full = sandboxSupport();
// Every mode this machine has; 'none' with the user's opt-in (without it community code is refused: takeover.test.ts).
const modes = availableModes(full).map((mode) => ({ name: mode === 'none' ? 'none (opted in): Node permissions and guards only' : mode, support: supportInMode(mode, full, true) }));

describe.each(modes)('hostile skills ($name)', ({ support }) => {
  let h: Harness;
  let home: string;
  let secret: string;
  let server: http.Server;
  let url: string;
  const hits: string[] = [];

  beforeAll(async () => {
    h = harness({ support });
    home = tempDir('agentos-home-');
    secret = `-----BEGIN OPENSSH PRIVATE KEY----- planted-${Math.random().toString(36).slice(2)}`;
    fs.mkdirSync(path.join(home, '.ssh'), { mode: 0o700 });
    fs.writeFileSync(path.join(home, '.ssh', 'id_rsa'), secret, { mode: 0o600 });
    server = http.createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      res.end('ok');
    });
    server.on('connection', () => hits.push('connection'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const name of ['steal-ssh', 'write-outside', 'spawn-shell', 'exfiltrate', 'fork-bomb', 'endless-loop', 'flood-output', 'memory-hog']) {
      await h.install(hostile(name), { ignoreScan: true, allowOverlap: true });
    }
  }, 60_000);

  afterAll(async () => {
    h.close();
    await new Promise((r) => server.close(r));
  });

  const ask = (text: string) => h.kernel.handle({ text, source: 'cli' });
  const audit = (skill: string) => h.kernel.audit.list({ skill, limit: 1000 });
  const stillServes = async () => {
    const r = await ask('what can you do');
    expect(r.status).toBe('served');
  };

  it('cannot read a planted SSH key or the profile database', async () => {
    const r = await ask(`pick a theme from ${path.join(home, '.ssh', 'id_rsa')}`);
    expect(r.status).toBe('served');
    expect(r.text).not.toContain('planted');
    expect(r.text).not.toContain('SQLite');
    expect(r.text).toContain('nothing found');
    const v = audit('steal-ssh').filter((e) => e.action === 'sandbox.violation' || e.action === 'call.denied');
    expect(v.length).toBeGreaterThan(0);
    expect(JSON.stringify(v)).toContain('id_rsa');
  });

  it('cannot write outside its folder, to its own code or to the lock', async () => {
    const target = path.join(tempDir('agentos-out-'), 'owned.txt');
    const lockBefore = fs.readFileSync(path.join(h.profile, 'skills.lock.json'), 'utf8');
    const r = await ask(`stash the note at ${target}`);
    expect(r.text).toBe('wrote: ');
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.readFileSync(path.join(h.profile, 'skills', 'write-outside', 'index.js'), 'utf8')).not.toBe('owned');
    expect(fs.readFileSync(path.join(h.profile, 'skills.lock.json'), 'utf8')).toBe(lockBefore);
    expect(fs.readFileSync(path.join(h.profile, 'data', 'write-outside', 'mine.txt'), 'utf8')).toBe('my own data is fine');
    expect(audit('write-outside').some((e) => e.action === 'sandbox.violation' && e.detail.kind === 'fs')).toBe(true);
  });

  it('cannot spawn a shell or signal the kernel', async () => {
    const target = path.join(tempDir('agentos-out-'), 'pwned.txt');
    const r = await ask(`tune the system writing ${target}`);
    expect(r.text).toMatch(/^shell: ERR_ACCESS_DENIED,ERR_ACCESS_DENIED,ERR_ACCESS_DENIED,/);
    expect(r.text).not.toContain('killed parent');
    expect(fs.existsSync(target)).toBe(false);
    const kinds = audit('spawn-shell').filter((e) => e.action === 'sandbox.violation').map((e) => e.detail.kind);
    expect(kinds).toContain('exec');
    await stillServes();
  });

  it('cannot send data to a local server (the server sees nothing)', async () => {
    const r = await ask(`weather report via ${url}`);
    expect(r.text).toContain('ctx denied');
    expect(r.text).not.toMatch(/fetch ok|http ok|raw ok|ctx ok/);
    await new Promise((res) => setTimeout(res, 200));
    expect(hits).toEqual([]);
    const entries = audit('exfiltrate');
    expect(entries.some((e) => e.action === 'sandbox.violation' && e.detail.kind === 'net')).toBe(true);
    // Without a grant the context has no ctx.net at all (the contract), so nothing reaches the kernel.
    expect(entries.some((e) => e.action === 'call.privileged')).toBe(false);
  });

  it('cannot fork or start workers', async () => {
    const r = await ask('speed everything up');
    expect(r.text).toMatch(/^forked 0 /);
    expect(r.text).toContain('ERR_ACCESS_DENIED');
    await stillServes();
  });

  it('an endless loop is stopped at the call timeout and the kernel keeps serving', async () => {
    const t0 = Date.now();
    const r = await ask('optimize my life');
    expect(r.status).toBe('error');
    expect(r.text).toMatch(/did not answer within 2.5 s/);
    expect(Date.now() - t0).toBeLessThan(8_000);
    expect(audit('endless-loop').some((e) => e.action === 'sandbox.killed')).toBe(true);
    await stillServes();
  });

  it('flooding output, the channel or the result kills the process', async () => {
    const a = await ask('flood the logs');
    expect(a.status).toBe('error');
    // Stopped by whichever limit it meets first: on Node 22 the buffered output reaches the memory limit
    // about as soon as the output limit.
    expect(a.text).toMatch(/flooded its output|exceeded its memory limit/);
    const b = await ask('flood the channel');
    expect(b.status).toBe('error');
    expect(b.text).toMatch(/flooded the kernel with messages|did not answer/);
    const c = await ask('flood the result');
    expect(c.status).toBe('error');
    // building a 20 MB JSON line can itself exceed the (now OS-enforced) 64 MB limit first
    expect(c.text).toMatch(/message larger than|malformed result|exceeded its memory limit/);
    expect(audit('flood-output').filter((e) => e.action === 'sandbox.killed').length).toBeGreaterThanOrEqual(2);
    await stillServes();
  });

  it('running out of memory or crashing is reported and the kernel keeps serving', async () => {
    const a = await ask('warm the cache');
    expect(a.status).toBe('error');
    expect(a.text).toMatch(/exited|memory|CPU/);
    const b = await ask('crash the cache');
    expect(b.status).toBe('error');
    expect(b.text).toMatch(/exited/);
    expect(audit('memory-hog').filter((e) => e.action === 'sandbox.killed').length).toBe(2);
    await stillServes();
  }, 30_000);

  it('the audit chain stays intact through all of it', () => {
    expect(h.kernel.audit.verify()).toMatchObject({ ok: true });
  });
});
