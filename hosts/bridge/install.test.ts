// The install dialog's bridge handlers over a real kernel and the real package code: preview installs
// nothing, install grants what the dialog chose (never more than declared), and failures carry a fix.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { InstallPreview } from '../../kernel/contracts/index.js';
import { Kernel } from '../../kernel/index.js';
import { loadPrivateKey, newKey, signDir } from '../../kernel/packages/index.js';
import { dispatch } from './index.js';
import { resolveSource } from './install.js';

const hello = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'fixtures', 'good', 'hello');
const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

function tmp(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function kernel(): Kernel {
  const k = new Kernel({ profileDir: tmp('agentos-install-') });
  cleanup.unshift(() => k.close());
  return k;
}

function copyOf(src: string): string {
  const dest = path.join(tmp('agentos-pkg-'), path.basename(src));
  fs.cpSync(src, dest, { recursive: true });
  return dest;
}

async function call<T>(k: Kernel, method: string, input: unknown): Promise<T> {
  const r = await dispatch({ kernel: k }, method, input);
  if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
  return r.value as T;
}

describe('skills.previewInstall', () => {
  it('reports manifest, permissions in words, signature, scan and sandbox — and installs nothing', async () => {
    const k = kernel();
    const p = await call<InstallPreview>(k, 'skills.previewInstall', { source: hello });
    expect(p).toMatchObject({ id: 'hello-world', name: 'Hello World', version: '1.0.0', publisher: 'Jane Dev', signature: { state: 'none' }, update: null, unchanged: false, netUnenforced: false });
    expect(p.permissions).toEqual([{ kind: 'notifications', scope: [], reason: 'to remind you to greet', description: 'show notifications and set reminders — to remind you to greet' }]);
    expect(p.scan.blocked).toBe(false);
    expect(p.sandbox.length).toBeGreaterThan(0);
    expect(p.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(k.registry.get('hello-world')).toBeUndefined();
    expect(k.grants.active('hello-world')).toEqual([]);
    expect(fs.existsSync(path.join(k.profileDir, 'skills', 'hello-world'))).toBe(false);
    expect(fs.readdirSync(path.join(k.profileDir, 'staging'))).toEqual([]);
  });

  it('shows the publisher key of a signed package', async () => {
    const k = kernel();
    const dir = copyOf(hello);
    const info = newKey(k.profileDir, 'alice');
    const { key } = loadPrivateKey(k.profileDir, 'alice');
    signDir(dir, key, info);
    const p = await call<InstallPreview>(k, 'skills.previewInstall', { source: dir });
    expect(p.signature).toEqual({ state: 'signed', keyId: info.id });
  });

  it('flags a blocking scan finding, and install refuses it unless the user insists', async () => {
    const k = kernel();
    const dir = copyOf(hello);
    fs.appendFileSync(path.join(dir, 'index.js'), "\nimport { execSync } from 'node:child_process';\nexport const sh = () => execSync('id');\n");
    const p = await call<InstallPreview>(k, 'skills.previewInstall', { source: dir });
    expect(p.scan.blocked).toBe(true);
    expect(p.scan.findings.map((f) => `${f.code}:${f.severity}`)).toContain('PROCESS_SPAWN_UNDECLARED:block');
    await expect(call(k, 'skills.install', { source: dir, digest: p.digest })).rejects.toMatchObject({ code: 'denied', message: expect.stringMatching(/static scan blocked/), fix: expect.any(String) });
    expect(k.registry.get('hello-world')).toBeUndefined();
    await expect(call(k, 'skills.install', { source: dir, digest: p.digest, ignoreScan: true })).resolves.toMatchObject({ action: 'installed' });
  });

  it('turns a missing path, a URL and a non-skill folder into errors with a fix', async () => {
    const k = kernel();
    await expect(call(k, 'skills.previewInstall', { source: '/nonexistent/skill' })).rejects.toMatchObject({ code: 'not_found', fix: expect.stringMatching(/skill\.json/) });
    await expect(call(k, 'skills.previewInstall', { source: 'https://example.com/x.tgz' })).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/agentos skill install URL/) });
    await expect(call(k, 'skills.previewInstall', { source: '  ' })).rejects.toMatchObject({ code: 'bad_input' });
    await expect(call(k, 'skills.previewInstall', { source: tmp('agentos-empty-') })).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/not a valid skill/) });
  });

  it('expands ~ to the home folder', () => {
    expect(resolveSource('~/skills/x')).toBe(path.join(os.homedir(), 'skills', 'x'));
  });
});

describe('skills.install', () => {
  it('installs what was reviewed, grants exactly the declared permissions, and lists the skill', async () => {
    const k = kernel();
    const p = await call<InstallPreview>(k, 'skills.previewInstall', { source: hello });
    const r = await call(k, 'skills.install', { source: hello, digest: p.digest });
    expect(r).toEqual({ id: 'hello-world', version: '1.0.0', action: 'installed', signedBy: null, granted: [{ kind: 'notifications', scope: [], reason: 'to remind you to greet' }] });
    expect(k.grants.active('hello-world').map((g) => [g.permission.kind, g.duration])).toEqual([['notifications', 'always']]);
    const list = await call<{ id: string }[]>(k, 'skills.list', {});
    expect(list.map((s) => s.id)).toContain('hello-world');
    expect(k.audit.list({ skill: 'hello-world' }).map((e) => e.action)).toEqual(expect.arrayContaining(['skill.install', 'grant.add']));
    const again = await call<InstallPreview>(k, 'skills.previewInstall', { source: hello });
    expect(again).toMatchObject({ unchanged: true, update: { from: '1.0.0', widened: [] } });
  });

  it('grants for this session, until a date, or not at all, as the dialog chose', async () => {
    const session = kernel();
    const p = await call<InstallPreview>(session, 'skills.previewInstall', { source: hello });
    await call(session, 'skills.install', { source: hello, digest: p.digest, duration: 'session' });
    expect(session.grants.active('hello-world').map((g) => g.duration)).toEqual(['session']);

    const until = kernel();
    const when = new Date(Date.now() + 86_400_000).toISOString();
    await call(until, 'skills.install', { source: hello, digest: p.digest, duration: 'until', until: when });
    expect(until.grants.active('hello-world').map((g) => [g.duration, g.expiresAt])).toEqual([['until', when]]);

    const none = kernel();
    const r = await call<{ granted: unknown[] }>(none, 'skills.install', { source: hello, digest: p.digest, grant: 'none' });
    expect(r.granted).toEqual([]);
    expect(none.grants.active('hello-world')).toEqual([]);
    expect(none.registry.get('hello-world')).toBeDefined();
  });

  it('refuses a package that changed after the review, and bad durations', async () => {
    const k = kernel();
    const dir = copyOf(hello);
    const p = await call<InstallPreview>(k, 'skills.previewInstall', { source: dir });
    fs.appendFileSync(path.join(dir, 'index.js'), '\n// changed after review\n');
    await expect(call(k, 'skills.install', { source: dir, digest: p.digest })).rejects.toMatchObject({ code: 'denied', message: expect.stringMatching(/changed after you reviewed/) });
    expect(k.registry.get('hello-world')).toBeUndefined();
    expect(fs.readdirSync(path.join(k.profileDir, 'staging'))).toEqual([]);
    await expect(call(k, 'skills.install', { source: dir, digest: p.digest, duration: 'until' })).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/until/) });
    await expect(call(k, 'skills.install', { source: dir, digest: p.digest, duration: 'until', until: '2001-01-01T00:00:00Z' })).rejects.toMatchObject({ code: 'bad_input', fix: expect.any(String) });
    await expect(call(k, 'skills.install', { source: dir, digest: 'nope' })).rejects.toMatchObject({ code: 'bad_input' });
  });
});
