/**
 * Silent re-publishing (class 6): an installed skill is tied to its publisher. A first signature
 * on an unsigned install, another key, or another publisher name is a change of publisher that
 * `--yes` alone never accepts: the user answers a question naming both identities, or names the
 * new one exactly (`--accept-publisher`). Every change is audited with both identities; unsigned
 * skills are marked as such in the CLI and the portal.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../hosts/cli/main.js';
import type { Io } from '../../hosts/cli/io.js';
import { dispatch } from '../../hosts/bridge/index.js';
import { loadPrivateKey, newKey, readLock, signDir } from '../../kernel/packages/index.js';
import { copyFixture, FIXTURES, harness, tempDir, type Harness } from './helpers.js';

const hello = path.join(FIXTURES, 'good', 'hello');
let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

/** A copy of hello at `version`, optionally renamed publisher, optionally signed with a profile key. */
function version(k: Harness, v: string, options: { key?: string; publisher?: string } = {}): string {
  const dir = copyFixture(hello);
  const file = path.join(dir, 'skill.json');
  const m = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  m.version = v;
  if (options.publisher) m.publisher = options.publisher;
  fs.writeFileSync(file, JSON.stringify(m));
  if (options.key) {
    const { key, info } = loadPrivateKey(k.profile, options.key);
    signDir(dir, key, info);
  }
  return dir;
}

describe('a change of publisher needs explicit consent', () => {
  it('a first signature on an unsigned install: --yes refuses, a wrong key id refuses, the right one accepts and pins it', async () => {
    h = harness();
    await h.install(hello);
    expect(readLock(h.profile).skills['hello-world']!.publisherKey).toBeNull();
    const mallory = newKey(h.profile, 'mallory');
    const v2 = version(h, '1.1.0', { key: 'mallory' });
    // Before: the signed package replaced the unsigned install silently and its key was pinned.
    await expect(h.install(v2)).rejects.toThrow(new RegExp(`it is signed by ${mallory.id}, but hello-world was installed unsigned[\\s\\S]*--yes does not accept[\\s\\S]*--accept-publisher ${mallory.id}`));
    expect(readLock(h.profile).skills['hello-world']).toMatchObject({ version: '1.0.0', publisherKey: null });
    const said = h.said.join('\n');
    expect(said).toMatch(/PUBLISHER CHANGE: hello-world was installed unsigned; this version is signed for the first time/);
    expect(said).toMatch(/installed from: "Jane Dev", not signed/);
    expect(said).toMatch(new RegExp(`this package: +"Jane Dev", signed with key ${mallory.id} \\(fingerprint [0-9a-f]{64}\\)`));
    const refused = h.kernel.audit.list({ action: 'skill.refused' }).at(-1)!;
    expect(refused.detail).toMatchObject({ reason: 'publisher change not accepted', changes: ['first-signature'], from: { name: 'Jane Dev', keyId: null }, to: { name: 'Jane Dev', keyId: mallory.id } });

    await expect(h.install(v2, { acceptPublisher: 'ed25519:0000000000000000' })).rejects.toThrow(/does not match the new publisher/);
    const r = await h.install(v2, { acceptPublisher: mallory.id });
    expect(r).toMatchObject({ action: 'updated', version: '1.1.0', signedBy: mallory.id, publisherChange: { changes: ['first-signature'] } });
    expect(readLock(h.profile).skills['hello-world']!.publisherKey?.id).toBe(mallory.id);
    const update = h.kernel.audit.list({ action: 'skill.update' }).at(-1)!;
    expect(update.detail).toMatchObject({ publisherChange: { changes: ['first-signature'], from: { keyId: null }, to: { keyId: mallory.id }, consent: 'flag' } });
  }, 60_000);

  it('asked in a terminal, the question names both identities; no is no', async () => {
    h = harness({ answers: [false, true, true] });
    await h.install(hello);
    newKey(h.profile, 'alice');
    const v2 = version(h, '1.1.0', { key: 'alice' });
    await expect(h.install(v2, { yes: false })).rejects.toThrow(/new publisher was not accepted; nothing was changed/);
    expect(h.said.find((s) => s.startsWith('Accept the new publisher'))).toMatch(/"Jane Dev", signed with key ed25519:[0-9a-f]{16}.* in place of "Jane Dev", not signed/);
    await expect(h.install(v2, { yes: false })).resolves.toMatchObject({ action: 'updated', publisherChange: { changes: ['first-signature'] } });
    expect(h.kernel.audit.list({ action: 'skill.update' }).at(-1)!.detail).toMatchObject({ publisherChange: { consent: 'asked' } });
  }, 60_000);

  it('another signing key stays refused unless named; an unsigned package never replaces a signed one', async () => {
    h = harness();
    const alice = newKey(h.profile, 'alice');
    const bob = newKey(h.profile, 'bob');
    await h.install(version(h, '1.0.0', { key: 'alice' }));
    const v2 = version(h, '2.0.0', { key: 'bob' });
    await expect(h.install(v2)).rejects.toThrow(new RegExp(`signed by ${bob.id}, but hello-world was installed from ${alice.id}`));
    await expect(h.install(v2, { acceptPublisher: alice.id })).rejects.toThrow(/does not match/);
    await expect(h.install(v2, { acceptPublisher: bob.id })).resolves.toMatchObject({ action: 'updated', publisherChange: { changes: ['new-key'] } });
    // The new key is pinned now: the old one is the stranger.
    await expect(h.install(version(h, '3.0.0', { key: 'alice' }))).rejects.toThrow(new RegExp(`signed by ${alice.id}, but hello-world was installed from ${bob.id}`));
    await expect(h.install(version(h, '3.0.0'), { acceptPublisher: 'Jane Dev' })).rejects.toThrow(/it is not signed, but hello-world was installed signed by/);
    expect(readLock(h.profile).skills['hello-world']!.version).toBe('2.0.0');
  }, 60_000);

  it('a new publisher name on an unsigned skill is a change too', async () => {
    h = harness();
    await h.install(hello);
    const v2 = version(h, '1.1.0', { publisher: 'Totally Jane' });
    await expect(h.install(v2)).rejects.toThrow(/its publisher is "Totally Jane", but hello-world was installed from "Jane Dev"[\s\S]*--accept-publisher "Totally Jane"/);
    await expect(h.install(v2, { acceptPublisher: 'Totally Jane' })).resolves.toMatchObject({ action: 'updated', publisherChange: { changes: ['renamed'] } });
    expect(readLock(h.profile).skills['hello-world']!.publisher).toBe('Totally Jane');
  }, 60_000);
});

describe('unsigned skills are marked', () => {
  it('in the install result, `agentos skills list` and the portal skill list', async () => {
    const saved = process.env.AGENTOS_HOME;
    process.env.AGENTOS_HOME = tempDir();
    const lines: string[] = [];
    const io: Io = { out: (t) => lines.push(t), err: (t) => lines.push(t) };
    try {
      expect(await main(['skill', 'install', hello, '--yes'], io)).toBe(0);
      expect(lines.join('\n')).toMatch(/UNSIGNED \(anyone could have made it\)[\s\S]*installed hello-world 1\.0\.0 \(.*UNSIGNED/);
      lines.length = 0;
      expect(await main(['skills', 'list'], io)).toBe(0);
      expect(lines.find((l) => l.includes('hello-world'))).toMatch(/community,.*UNSIGNED/);
    } finally {
      if (saved === undefined) delete process.env.AGENTOS_HOME;
      else process.env.AGENTOS_HOME = saved;
    }
    h = harness();
    await h.install(hello);
    const r = await dispatch({ kernel: h.kernel }, 'skills.list', {});
    expect(r.ok).toBe(true);
    const list = (r as { value: { id: string; unsigned: boolean; signedBy: string | null }[] }).value;
    expect(list.find((s) => s.id === 'hello-world')).toMatchObject({ unsigned: true, signedBy: null });
    expect(list.find((s) => s.id === 'notes')).toMatchObject({ unsigned: false });
  }, 60_000);
});
