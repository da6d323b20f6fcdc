/**
 * Packages end to end: pack with a digest list, sign with Ed25519, install from a folder and a
 * .tgz, the lock verified on every load, publisher keys pinned, widened permissions asked again,
 * rollback, and removal with its grants and (when asked) its data.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Kernel } from '../../kernel/kernel.js';
import { newKey, loadPrivateKey, packDir, readLock, removeSkill, rollbackSkill, signDir, verifyPackage, writeDigestList } from '../../kernel/packages/index.js';
import { copyFixture, FIXTURES, harness, hostile, tempDir, type Harness } from './helpers.js';

const hello = path.join(FIXTURES, 'good', 'hello');
let h: Harness;
afterEach(() => h?.close());

function bump(dir: string, version: string, permissions?: unknown[]): void {
  const file = path.join(dir, 'skill.json');
  const m = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  m.version = version;
  if (permissions) m.permissions = permissions;
  fs.writeFileSync(file, JSON.stringify(m));
}

describe('pack, sign, install', () => {
  it('a signed .tgz installs after showing its permissions, works, and is pinned to its key', async () => {
    h = harness({ answers: [true] });
    const dir = copyFixture(hello);
    const key = newKey(h.profile, 'alice');
    const { key: priv, info } = loadPrivateKey(h.profile, 'alice');
    signDir(dir, priv, info);
    const tgz = path.join(tempDir(), 'hello.tgz');
    await packDir(dir, tgz);
    const result = await h.install(tgz, { yes: false });
    expect(result).toMatchObject({ id: 'hello-world', action: 'installed', signedBy: key.id });
    expect(h.said.join('\n')).toContain('notifications');
    expect(h.said.join('\n')).toMatch(/Install hello-world and grant these permissions\?/);
    const lock = readLock(h.profile).skills['hello-world']!;
    expect(lock.publisherKey?.id).toBe(key.id);
    expect(Object.keys(lock.files).sort()).toEqual(['index.js', 'skill.json']);
    expect(h.kernel.grants.active('hello-world').map((g) => g.permission.kind)).toEqual(['notifications']);
    const r = await h.kernel.handle({ text: 'greet Ada', source: 'cli' });
    expect(r.text).toBe('Hello, Ada! (greeting #1)');
    expect(r.steps[0]?.result?.untrusted).toBe(true);
    expect(h.kernel.audit.list({ skill: 'hello-world' }).map((e) => e.action)).toEqual(expect.arrayContaining(['grant.add', 'skill.install', 'call.privileged']));
  });

  it('declining the prompt installs nothing', async () => {
    h = harness({ answers: [false] });
    await expect(h.install(hello, { yes: false })).rejects.toThrow(/cancelled/);
    expect(fs.existsSync(path.join(h.profile, 'skills', 'hello-world'))).toBe(false);
    expect(h.kernel.grants.active('hello-world')).toEqual([]);
  });

  it('a scope inside the profile is refused before anything is asked or written', async () => {
    h = harness({ answers: [true] });
    const dir = copyFixture(hello);
    bump(dir, '1.0.0', [{ kind: 'fs.read', scope: [path.join(h.profile, 'keys')] }]);
    await expect(h.install(dir, { yes: false })).rejects.toThrow(/Refused to install hello-world: its fs.read permission .*skill\.json/);
    expect(h.said.some((t) => /\?/.test(t) && /Install/.test(t))).toBe(false);
    expect(fs.existsSync(path.join(h.profile, 'skills', 'hello-world'))).toBe(false);
    const lock = path.join(h.profile, 'skills.lock.json');
    expect(fs.existsSync(lock) && (JSON.parse(fs.readFileSync(lock, 'utf8')) as { skills: Record<string, unknown> }).skills['hello-world']).toBeFalsy();
    expect(h.kernel.grants.list({ skill: 'hello-world', all: true })).toEqual([]);
  });

  it('--yes grants exactly the declared permissions', async () => {
    h = harness();
    const dir = copyFixture(hello);
    bump(dir, '1.0.0', [{ kind: 'fs.read', scope: ['$DATA'] }, { kind: 'net', scope: ['api.example.com'] }]);
    await h.install(dir);
    const grants = h.kernel.grants.active('hello-world').map((g) => [g.permission.kind, g.permission.scope]);
    expect(grants).toEqual(expect.arrayContaining([['fs.read', ['$DATA']], ['net', ['api.example.com']]]));
    expect(grants).toHaveLength(2);
  });

  it('a package modified after packing is refused', async () => {
    h = harness();
    const dir = copyFixture(hello);
    writeDigestList(dir);
    fs.appendFileSync(path.join(dir, 'index.js'), '\n// sneaky');
    expect(() => verifyPackage(dir)).toThrow(/changed: index.js/);
    await expect(h.install(dir)).rejects.toThrow(/modified after it was packed/);
  });

  it('an installed file edited afterwards makes the next load refuse the skill', async () => {
    h = harness();
    await h.install(hello);
    h.runner.close();
    h.kernel.close();
    fs.appendFileSync(path.join(h.profile, 'skills', 'hello-world', 'index.js'), '\nconsole.log("evil")');
    const again = new Kernel({ profileDir: h.profile });
    try {
      expect(again.registry.get('hello-world')).toBeUndefined();
      const problem = again.problems.find((p) => p.skill === 'hello-world');
      expect(problem?.errors[0]).toMatch(/files changed since it was installed \(changed: index.js\)/);
      expect(again.audit.list({ action: 'skill.refused' })).toHaveLength(1);
    } finally {
      again.close();
    }
    h = harness();
  });

  it('a file edited while the kernel runs is caught before the skill process starts', async () => {
    h = harness();
    await h.install(hello);
    fs.appendFileSync(path.join(h.profile, 'skills', 'hello-world', 'index.js'), '\n// edited');
    const r = await h.kernel.handle({ text: 'greet Ada', source: 'cli' });
    expect(r.status).toBe('error');
    expect(r.text).toMatch(/changed since it was installed/);
  });

  it('an update signed by another key is refused; one signed by the same key installs', async () => {
    h = harness();
    newKey(h.profile, 'alice');
    newKey(h.profile, 'mallory');
    const v1 = copyFixture(hello);
    const alice = loadPrivateKey(h.profile, 'alice');
    signDir(v1, alice.key, alice.info);
    await h.install(v1);
    const v2 = copyFixture(hello);
    bump(v2, '1.1.0');
    const mallory = loadPrivateKey(h.profile, 'mallory');
    signDir(v2, mallory.key, mallory.info);
    await expect(h.install(v2)).rejects.toThrow(/signed by ed25519:[0-9a-f]+, but hello-world was installed from/);
    fs.rmSync(path.join(v2, 'agentos.sig'));
    fs.rmSync(path.join(v2, 'agentos.digests'));
    await expect(h.install(v2)).rejects.toThrow(/it is not signed, but hello-world was installed signed by/);
    signDir(v2, alice.key, alice.info);
    await expect(h.install(v2)).resolves.toMatchObject({ action: 'updated', version: '1.1.0' });
    expect(h.kernel.audit.list({ action: 'skill.refused' }).length).toBe(2);
  });

  it('an update that widens permissions asks again; rollback restores the old version and narrows grants', async () => {
    h = harness({ answers: [false, true] });
    await h.install(hello);
    const v2 = copyFixture(hello);
    bump(v2, '2.0.0', [{ kind: 'notifications' }, { kind: 'exec', scope: ['git'] }]);
    await expect(h.install(v2, { yes: false })).rejects.toThrow(/cancelled/);
    expect(h.said.join('\n')).toMatch(/NEW permissions:[\s\S]*exec/);
    expect(readLock(h.profile).skills['hello-world']!.version).toBe('1.0.0');
    await expect(h.install(v2, { yes: false })).resolves.toMatchObject({ action: 'updated', granted: [{ kind: 'exec', scope: ['git'] }] });
    expect(h.kernel.grants.scope('hello-world', 'exec')).toEqual(['git']);
    expect(await rollbackSkill(h.kernel, 'hello-world')).toEqual({ from: '2.0.0', to: '1.0.0' });
    expect(readLock(h.profile).skills['hello-world']!.version).toBe('1.0.0');
    expect(h.kernel.grants.scope('hello-world', 'exec')).toBeUndefined();
    const r = await h.kernel.handle({ text: 'greet Bo', source: 'cli' });
    expect(r.text).toMatch(/Hello, Bo!/);
  });

  it('remove revokes grants and deletes data only when the user agrees', async () => {
    h = harness({ answers: [false] });
    await h.install(hello);
    await h.kernel.handle({ text: 'greet Ada', source: 'cli' });
    const r1 = await removeSkill(h.kernel, 'hello-world', h.io);
    expect(r1).toEqual({ grantsRevoked: 1, dataDeleted: false });
    expect(h.kernel.grants.active('hello-world')).toEqual([]);
    expect(fs.existsSync(path.join(h.profile, 'skills', 'hello-world'))).toBe(false);
    expect(readLock(h.profile).skills['hello-world']).toBeUndefined();
    expect(h.said.some((s) => /Also delete hello-world's data \(1 stored record/.test(s))).toBe(true);
    await h.install(hello);
    const r2 = await removeSkill(h.kernel, 'hello-world', h.io, { deleteData: true });
    expect(r2.dataDeleted).toBe(true);
    expect((h.kernel.db.prepare("SELECT count(*) AS n FROM skill_records WHERE skill = 'hello-world'").get() as { n: number }).n).toBe(0);
  });

  it('the scanner blocks a lying manifest unless overridden, and a built-in id cannot be taken', async () => {
    h = harness();
    await expect(h.install(hostile('liar'))).rejects.toThrow(/static scan blocked it/);
    const report = h.said.join('\n');
    expect(report).toMatch(/BLOCK PROCESS_SPAWN_UNDECLARED/);
    expect(report).toMatch(/BLOCK CREDENTIAL_ACCESS/);
    expect(report).toMatch(/warn {2}RAW_IP_TARGET/);
    expect(report).toMatch(/SECRET_ENV/);
    expect(h.kernel.audit.list({ action: 'scan.blocked' })).toHaveLength(1);
    // its phrase overlaps the calculator's: allowed on purpose, so the lie itself is what is tested
    const r = await h.install(hostile('liar'), { ignoreScan: true, allowOverlap: true });
    expect(r.action).toBe('installed');
    const run = await h.kernel.handle({ text: 'plus calc the bill', source: 'cli' });
    expect(run.text, run.text).toMatch(/^2 ERR_ACCESS_DENIED/);
    const dir = copyFixture(hello);
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'skill.json'), 'utf8')) as Record<string, unknown>;
    m.id = 'help';
    fs.writeFileSync(path.join(dir, 'skill.json'), JSON.stringify(m));
    await expect(h.install(dir)).rejects.toThrow(/built-in skill/);
  });

  it('offline URL and git sources fail clearly', async () => {
    h = harness();
    await expect(h.install('https://127.0.0.1:1/skill.tgz')).rejects.toThrow(/could not download .* Check that you are online/);
    await expect(h.install('git+https://127.0.0.1:1/nothing.git')).rejects.toThrow(/could not clone/);
    await expect(h.install('http://example.com/x.tgz')).rejects.toThrow(/https URLs only/);
  });
});
