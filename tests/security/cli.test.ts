/**
 * The "done when" walk-through through the CLI (in-process main(), a temporary AGENTOS_HOME and a
 * planted secret): keys new, pack + sign, install --yes, the hostile skill contained, the attempt in
 * `agentos audit`, an edited file refused, `agentos audit --verify` catching an edited entry.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, copyFixture, FIXTURES, hostile, tempDir } from './helpers.js';

describe('agentos skill / keys / grants / audit', () => {
  const saved = process.env.AGENTOS_HOME;
  let home: string;
  beforeAll(() => {
    home = tempDir();
    process.env.AGENTOS_HOME = home;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.AGENTOS_HOME;
    else process.env.AGENTOS_HOME = saved;
  });

  it('walks through install, containment, tampering and audit verification', async () => {
    expect((await cli('keys', 'new', '--name', 'me')).text).toMatch(/key "me" ed25519:[0-9a-f]{16}/);
    const dir = copyFixture(path.join(FIXTURES, 'good', 'hello'));
    const tgz = path.join(tempDir(), 'hello.tgz');
    const pack = await cli('skill', 'pack', dir, '--key', 'me', '--out', tgz);
    expect(pack.code).toBe(0);
    expect(fs.readFileSync(tgz.replace(/\.tgz$/, '.digests'), 'utf8')).toMatch(/^[0-9a-f]{64} {2}index\.js\n[0-9a-f]{64} {2}skill\.json\n$/);
    const inst = await cli('skill', 'install', tgz, '--yes');
    expect(inst.code).toBe(0);
    expect(inst.text).toMatch(/It asks for these permissions:[\s\S]*notifications[\s\S]*installed hello-world 1\.0\.0/);
    expect((await cli('greet', 'Ada')).text).toContain('Hello, Ada!');

    const secretHome = tempDir('agentos-home-');
    fs.mkdirSync(path.join(secretHome, '.ssh'));
    fs.writeFileSync(path.join(secretHome, '.ssh', 'id_rsa'), 'PLANTED-SECRET');
    expect((await cli('skill', 'install', hostile('steal-ssh'), '--yes')).code).toBe(0);
    const steal = await cli('pick', 'a', 'theme', 'from', path.join(secretHome, '.ssh', 'id_rsa'));
    expect(steal.text).not.toContain('PLANTED-SECRET');
    const audit = await cli('audit', '--skill', 'steal-ssh');
    expect(audit.text).toMatch(/sandbox\.violation\s+steal-ssh\s+kind=fs op=readFileSync target=.*id_rsa/);

    const grants = await cli('grants');
    expect(grants.text).toMatch(/active\s+hello-world\s+notifications/);

    fs.appendFileSync(path.join(home, 'skills', 'hello-world', 'index.js'), '\n// edited');
    const refused = await cli('greet', 'Bob');
    expect(refused.code).not.toBe(0);
    expect(refused.text).toMatch(/refused: its files changed since it was installed \(changed: index\.js\)/);
    expect((await cli('skill', 'verify')).code).toBe(1);

    expect(await cli('audit', '--verify')).toMatchObject({ code: 0 });
    const raw = new Database(path.join(home, 'agentos.db'));
    raw.exec("DROP TRIGGER audit_no_update; UPDATE audit SET detail = '{}' WHERE seq = 2;");
    raw.close();
    const verify = await cli('audit', '--verify');
    expect(verify.code).toBe(1);
    expect(verify.text).toMatch(/entry 2: its content does not match its hash/);

    expect((await cli('skill', 'remove', 'hello-world', '--yes', '--keep-data')).text).toMatch(/removed hello-world; 1 grant\(s\) revoked/);
    expect((await cli('skill', 'install', '--bogus')).code).toBe(1);
  }, 60_000);
});
