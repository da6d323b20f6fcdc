/**
 * Class 2, grants that reach the profile: a scope that climbs out of `$DATA` is refused when the
 * manifest is read; a skill granted `/` and `~` still cannot read the profile's keys, lock,
 * database or audit head (directly, with `..`, or through a link it finds inside its own folder);
 * a grant lying wholly in the profile is refused; the prompt shows the absolute paths really
 * granted; every change made through a grant is audited with its real path, grant and size.
 * Runs with bubblewrap (where present) and with the Node permission model alone (also run the file
 * with AGENTOS_SANDBOX_NO_BWRAP=1).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableModes, sandboxSupport, supportInMode } from '../../kernel/sandbox/index.js';
import { harness, hostile, type Harness } from './helpers.js';

const full = sandboxSupport();
// Every sandbox mode this machine can run; 'none' with the user's explicit opt-in (it is refused otherwise).
const modes = availableModes(full).map((m) => ({ name: m, support: supportInMode(m, full, true) }));

const hex = (spec: object) => Buffer.from(JSON.stringify(spec)).toString('hex');

describe('a scope that climbs out of its folder', () => {
  it('is refused when the manifest is read, naming the field and the fix', async () => {
    const h = harness();
    try {
      await expect(h.install(hostile('scope-escape'), { ignoreScan: true })).rejects.toThrow(/permissions\[0\]\.scope\[0\].*climbs out of \$DATA.*name the folder you mean/);
      expect(h.kernel.grants.list({ skill: 'scope-escape', all: true })).toEqual([]);
    } finally {
      h.close();
    }
  });
});

describe.each(modes)('grants that could reach the profile ($name)', ({ support }) => {
  let h: Harness;
  let data: string;
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    h = harness({ support, limits: { callTimeoutMs: 20_000 } });
    await h.install(hostile('grant-probe'), { ignoreScan: true });
    data = path.join(h.profile, 'data', 'grant-probe');
    fs.mkdirSync(data, { recursive: true });
    fs.mkdirSync(path.join(h.profile, 'keys'), { recursive: true });
    fs.writeFileSync(path.join(h.profile, 'keys', 'me.key'), 'PRIVATE-KEY-planted');
    fs.mkdirSync(path.join(h.profile, 'data', 'other-skill'), { recursive: true });
    fs.writeFileSync(path.join(h.profile, 'data', 'other-skill', 'notes.txt'), 'other skill data');
    for (const f of ['keys/me.key', 'skills.lock.json', 'agentos.db', 'audit.head', 'data/other-skill/notes.txt', 'skills/grant-probe/index.js']) {
      const file = path.join(h.profile, f);
      // each target exists and is readable here: the attack would work without the exclusion
      if (fs.existsSync(file)) secrets[f] = fs.readFileSync(file, 'latin1').slice(0, 40);
    }
  }, 60_000);

  afterAll(() => h.close());

  const probe = async (spec: object) => (await h.kernel.handle({ text: `file helper step ${hex(spec)}`, source: 'cli' })).text;

  it('shows the user the absolute paths it really grants', () => {
    const prompt = h.said.join('\n');
    expect(prompt).toContain(`${os.homedir()} (declared "~")`);
    expect(prompt).toMatch(/fs\.write +write files in \$DATA \(the skill's own data folder\)|write files in .*data\/grant-probe/);
    const listed = h.kernel.grants.list({ skill: 'grant-probe' });
    expect(listed.length).toBeGreaterThan(0);
  });

  it('cannot read the keys, lock, database, audit head, other skills\' data or skill code through "/" or "~"', async () => {
    expect(Object.keys(secrets).length).toBeGreaterThanOrEqual(4);
    for (const f of Object.keys(secrets)) {
      for (const p of [path.join(h.profile, f), `$DATA/../../${f}`]) {
        const r = await probe({ op: 'read', path: p });
        expect(r, p).toMatch(/^DENIED:CapabilityDenied/);
        expect(r).not.toContain(secrets[f]!.slice(0, 12));
      }
    }
    expect(await probe({ op: 'list', path: h.profile })).toMatch(/^DENIED:.*AgentOS profile/);
    // its own data and the rest of "/" stay readable
    fs.writeFileSync(path.join(data, 'own.txt'), 'mine');
    expect(await probe({ op: 'read', path: '$DATA/own.txt' })).toBe('RESULT:"mine"');
    expect(await probe({ op: 'read', path: '/etc/hostname' })).toMatch(/^RESULT:/);
  });

  it('a link inside a granted folder that points into the profile leads nowhere', async () => {
    fs.symlinkSync(h.profile, path.join(data, 'profile-link'));
    fs.symlinkSync(path.join(h.profile, 'keys', 'me.key'), path.join(data, 'key-link'));
    for (const p of ['$DATA/profile-link/agentos.db', '$DATA/key-link', '$DATA/profile-link/keys/me.key']) {
      expect(await probe({ op: 'read', path: p }), p).toMatch(/^DENIED:.*AgentOS profile/);
    }
    expect(await probe({ op: 'write', path: '$DATA/profile-link/skills.lock.json', content: '{}' })).toMatch(/^DENIED:/);
    expect(fs.readFileSync(path.join(h.profile, 'skills.lock.json'), 'latin1').slice(0, 40)).toBe(secrets['skills.lock.json']);
  });

  it('a grant lying wholly in the profile is refused; a grant stored with an escape grants nothing', async () => {
    for (const scope of [h.profile, path.join(h.profile, 'keys'), path.join(h.profile, 'data', 'other-skill')]) {
      expect(() => h.kernel.grants.grant('grant-probe', { kind: 'fs.read', scope: [scope] }), scope).toThrow(/AgentOS profile or a skill folder/);
    }
    expect(() => h.kernel.grants.grant('grant-probe', { kind: 'fs.read', scope: ['$DATA/../..'] })).toThrow(/climbs out of \$DATA/);
    // as an old profile could hold it: written straight into the table
    h.kernel.db.prepare("INSERT INTO grants(id, skill, kind, scope, duration, granted_at) VALUES ('old-escape', 'grant-probe', 'fs.read', '[\"$DATA/../..\"]', 'always', ?)").run(new Date().toISOString());
    expect(await probe({ op: 'read', path: '$DATA/../../agentos.db' })).toMatch(/^DENIED:/);
    h.kernel.grants.revoke('old-escape');
  });

  it('audits every change made through a grant with its real path, the grant and the bytes', async () => {
    const before = h.kernel.audit.list({ skill: 'grant-probe', limit: 10_000 }).length;
    expect(await probe({ op: 'write', path: '$DATA/w/out.txt', content: 'hello world' })).toBe('RESULT:null');
    expect(await probe({ op: 'mkdir', path: '$DATA/d' })).toBe('RESULT:null');
    expect(await probe({ op: 'copy', from: '$DATA/w/out.txt', to: '$DATA/d/copy.txt' })).toBe('RESULT:null');
    expect(await probe({ op: 'rename', from: '$DATA/d/copy.txt', to: '$DATA/d/moved.txt' })).toBe('RESULT:null');
    expect(await probe({ op: 'temp' })).toMatch(/^RESULT:/);
    expect(await probe({ op: 'remove', path: '$DATA/d' })).toBe('RESULT:null');
    const entries = h.kernel.audit.list({ skill: 'grant-probe', limit: 10_000 }).slice(before);
    const privileged = entries.filter((e) => e.action === 'call.privileged');
    const realData = fs.realpathSync(data);
    const of = (method: string) => privileged.find((e) => e.detail.method === method);
    expect(of('fs.writeFile')?.detail).toMatchObject({ path: path.join(realData, 'w', 'out.txt'), bytes: 11 });
    expect(of('fs.mkdir')?.detail).toMatchObject({ path: path.join(realData, 'd') });
    expect(of('fs.copyFile')?.detail).toMatchObject({ path: path.join(realData, 'd', 'copy.txt'), from: path.join(realData, 'w', 'out.txt') });
    expect(of('fs.rename')?.detail).toMatchObject({ path: path.join(realData, 'd', 'moved.txt'), from: path.join(realData, 'd', 'copy.txt') });
    expect(of('fs.makeTempDir')?.detail).toMatchObject({ path: path.join(realData, 'tmp') });
    expect(of('fs.remove')?.detail).toMatchObject({ path: path.join(realData, 'd') });
    for (const e of privileged) expect(typeof e.detail.grant, String(e.detail.method)).toBe('string');
    expect(h.kernel.audit.verify()).toMatchObject({ ok: true });
  });
});
