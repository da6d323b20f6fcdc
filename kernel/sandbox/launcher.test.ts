/**
 * The exec launcher: a granted program starts inside the skill's confinement, in every namespace
 * mode this machine has — the profile, other skills and home hidden (again, under a granted folder
 * that contains them), granted paths read-only or writable as granted, no network, a minimal
 * environment, the memory limit — and without namespaces it is refused unless the user opted in.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLauncher } from './launcher.js';
import { availableModes, sandboxSupport, supportInMode } from './support.js';

const full = sandboxSupport();
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-launch-'));
const profile = path.join(root, 'profile');
const data = path.join(profile, 'data', 'me');
const readDir = path.join(root, 'granted-read');
const writeDir = path.join(root, 'granted-write');
let server: net.Server;
let port = 0;
const connections: string[] = [];

// Each check prints "name=yes|no"; the program is Node itself, as a granted interpreter would be.
const PROBE = `
const fs = require('fs'); const net = require('net');
const can = (f) => { try { f(); return 'yes'; } catch { return 'no'; } };
const out = {
  profileDb: can(() => fs.readFileSync(process.argv[1] + '/agentos.db')),
  otherSkill: can(() => fs.readFileSync(process.argv[1] + '/skills/other/index.js')),
  readGranted: can(() => fs.readFileSync(process.argv[2] + '/r.txt')),
  writeReadGranted: can(() => fs.writeFileSync(process.argv[2] + '/w.txt', 'x')),
  writeGranted: can(() => fs.writeFileSync(process.argv[3] + '/w.txt', 'x')),
  writeData: can(() => fs.writeFileSync(process.env.HOME + '/w.txt', 'x')),
  writeEtc: can(() => fs.writeFileSync('/etc/agentos-owned', 'x')),
  bigBuffer: can(() => Buffer.alloc(900 * 1024 * 1024, 1)),
  secretEnv: process.env.AGENTOS_TEST_SECRET ? 'yes' : 'no',
};
const s = net.connect(Number(process.argv[4]), '127.0.0.1');
s.on('connect', () => { out.net = 'yes'; console.log(JSON.stringify(out)); process.exit(0); });
s.on('error', () => { out.net = 'no'; console.log(JSON.stringify(out)); });
`;

beforeAll(async () => {
  for (const d of [data, readDir, writeDir, path.join(profile, 'skills', 'other')]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(profile, 'agentos.db'), 'SQLite format 3');
  fs.writeFileSync(path.join(profile, 'skills', 'other', 'index.js'), 'secret code');
  fs.writeFileSync(path.join(readDir, 'r.txt'), 'readable');
  server = net.createServer((s) => (connections.push('tcp'), s.destroy()));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => {
  server.close();
  fs.rmSync(root, { recursive: true, force: true });
});

function run(mode: 'bwrap' | 'unshare' | 'none', grants: { read: string[]; write: string[] }) {
  const launch = createLauncher({ skillId: 'me', profileDir: profile, dataDir: data, readPaths: grants.read, writePaths: grants.write, support: supportInMode(mode, full, true), limits: { cpuSeconds: 10, memoryMb: 64 } });
  // A secret in the kernel's environment: the program gets only the environment the exec capability built.
  process.env.AGENTOS_TEST_SECRET = 'k';
  const spec = launch({ file: process.execPath, args: ['-e', PROBE, profile, readDir, writeDir, String(port)], env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: data }, cwd: data });
  const r = spawnSync(spec.file, spec.args, { env: spec.env, cwd: spec.cwd, encoding: 'utf8', timeout: 30_000 });
  delete process.env.AGENTOS_TEST_SECRET;
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Record<string, string>;
}

describe.each(availableModes(full).filter((m) => m !== 'none'))('a granted program runs inside the sandbox (mode %s)', (mode) => {
  it('sees its grants as granted and nothing of the profile, the network or the kernel environment', () => {
    // The attack would work outside: this process reads the profile.
    expect(fs.readFileSync(path.join(profile, 'agentos.db'), 'utf8')).toContain('SQLite');
    expect(run(mode, { read: [readDir], write: [writeDir] })).toEqual({
      profileDb: 'no',
      otherSkill: 'no',
      readGranted: 'yes',
      writeReadGranted: 'no',
      writeGranted: 'yes',
      writeData: 'yes',
      writeEtc: 'no',
      bigBuffer: 'no',
      secretEnv: 'no',
      net: 'no',
    });
    expect(connections).toEqual([]);
  });

  it('hides the profile again under a granted folder that contains it', () => {
    const out = run(mode, { read: [], write: [root] });
    expect(out).toMatchObject({ profileDb: 'no', otherSkill: 'no', readGranted: 'yes', writeGranted: 'yes', writeData: 'yes' });
    expect(fs.readFileSync(path.join(profile, 'agentos.db'), 'utf8')).toBe('SQLite format 3');
  });
});

describe('without namespaces', () => {
  it('refuses a community skill\'s program unless the user opted in', () => {
    const launch = createLauncher({ skillId: 'me', profileDir: profile, dataDir: data, readPaths: [], writePaths: [], support: supportInMode('none', full, false), limits: { cpuSeconds: 10, memoryMb: 64 } });
    expect(() => launch({ file: '/bin/true', args: [], env: {}, cwd: data })).toThrow(/sudo apt-get install bubblewrap[\s\S]*AGENTOS_SANDBOX_ALLOW_UNCONFINED=1/);
    const optedIn = createLauncher({ skillId: 'me', profileDir: profile, dataDir: data, readPaths: [], writePaths: [], support: supportInMode('none', full, true), limits: { cpuSeconds: 10, memoryMb: 64 } });
    expect(optedIn({ file: '/bin/true', args: [], env: {}, cwd: data }).args).toContain('/bin/true');
  });
});
