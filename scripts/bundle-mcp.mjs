// The MCP runtime of the packaged app: the @modelcontextprotocol/sdk that MCP servers of community
// skills may import, as a folder outside app.asar. The kernel's own node_modules stay inside the
// archive (under its integrity check), where the bundled Node that runs those servers cannot read,
// so the app carries a second, self-contained copy of the SDK and its dependencies:
// out/mcp-runtime/node_modules, which electron-builder's `extraResources` copies to
// <resources>/mcp/node_modules (kernel/mcp/server.ts, `hostNodeModules`, looks there inside Electron).
//
// The tree is exactly the one the project's package-lock.json pins: this script cuts the SDK and
// everything it depends on (at the same paths, versions and integrity hashes) out of the lock into a
// minimal package.json and package-lock.json, and `npm ci` installs that — no version is resolved
// afresh, no install script runs. A stamp (the subset's hash) makes a second run a no-op.
//
// scripts/bundle-node.mjs's `beforePack` hook calls it; by hand: node scripts/bundle-mcp.mjs
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The package MCP servers may rely on. */
export const MCP_SDK = '@modelcontextprotocol/sdk';
/** Where this script installs the runtime (relative to the repository); extraResources copies its node_modules. */
export const mcpRuntimeDir = path.join('out', 'mcp-runtime');

/** Where Node would find `dep` from the lock entry at `from` ('' for the root): its folder, then each folder above. */
function resolveInLock(packages, from, dep) {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${dep}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const up = base.lastIndexOf('/node_modules/');
    base = up < 0 ? '' : base.slice(0, up);
  }
}

/**
 * The part of a package-lock (v2 or v3) that installs `name` alone: `name` at the version the lock
 * pins, and every package it needs, at the lock's paths, versions and integrity hashes. Returns a
 * package.json and a package-lock.json for `npm ci`.
 */
export function lockSubset(lock, name = MCP_SDK) {
  const packages = lock?.packages;
  if (!packages || (lock.lockfileVersion ?? 0) < 2) throw new Error('package-lock.json has no "packages" section (lockfileVersion 2 or 3 is needed): run npm install with npm 7 or newer to update it.');
  const top = `node_modules/${name}`;
  const sdk = packages[top];
  if (!sdk?.version) throw new Error(`package-lock.json pins no ${name}: run npm install so the lock holds it.`);
  const kept = {};
  const queue = [top];
  while (queue.length > 0) {
    const at = queue.shift();
    if (kept[at]) continue;
    const entry = packages[at];
    if (entry.link) throw new Error(`${at} is a link in package-lock.json; the MCP runtime can only be built from registry packages.`);
    const { dev: _dev, devOptional: _devOptional, ...rest } = entry;
    kept[at] = rest;
    const optionalPeers = new Set(Object.entries(entry.peerDependenciesMeta ?? {}).filter(([, m]) => m?.optional).map(([d]) => d));
    const needs = [
      ...Object.keys(entry.dependencies ?? {}).map((d) => [d, false]),
      ...Object.keys(entry.optionalDependencies ?? {}).map((d) => [d, true]),
      ...Object.keys(entry.peerDependencies ?? {}).filter((d) => !optionalPeers.has(d)).map((d) => [d, false]),
    ];
    for (const [dep, optional] of needs) {
      const found = resolveInLock(packages, at, dep);
      if (found) queue.push(found);
      else if (!optional) throw new Error(`package-lock.json lacks ${dep}, which ${at.replace(/^.*node_modules\//, '')} needs: run npm install to repair the lock.`);
    }
  }
  const pkg = { name: 'agentos-mcp-runtime', version: '0.0.0', private: true, description: 'The MCP SDK for MCP servers of AgentOS community skills (scripts/bundle-mcp.mjs).', dependencies: { [name]: sdk.version } };
  const sorted = Object.fromEntries(Object.keys(kept).sort().map((k) => [k, kept[k]]));
  const subset = { name: pkg.name, version: pkg.version, lockfileVersion: 3, requires: true, packages: { '': { name: pkg.name, version: pkg.version, dependencies: pkg.dependencies }, ...sorted } };
  return { version: sdk.version, packageJson: pkg, lock: subset };
}

/** Installs the SDK the lock pins into out/mcp-runtime/node_modules unless it is there already; returns that folder. */
export function bundleMcp({ repo = root, out = path.join(repo, mcpRuntimeDir) } = {}) {
  const lockFile = path.join(repo, 'package-lock.json');
  if (!fs.existsSync(lockFile)) throw new Error(`${lockFile} is missing: the MCP runtime is built from the versions it pins; run npm install first.`);
  const { version, packageJson, lock } = lockSubset(JSON.parse(fs.readFileSync(lockFile, 'utf8')));
  const spec = JSON.stringify(lock);
  const digest = crypto.createHash('sha256').update(spec).digest('hex');
  const modules = path.join(out, 'node_modules');
  const stamp = path.join(out, '.bundle-mcp');
  const installed = path.join(modules, ...MCP_SDK.split('/'), 'package.json');
  if (fs.existsSync(installed) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === digest) return modules;
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
  fs.writeFileSync(path.join(out, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  process.stdout.write(`bundle-mcp: installing ${MCP_SDK}@${version} and ${Object.keys(lock.packages).length - 2} packages it needs into ${path.relative(repo, modules)}\n`);
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    execFileSync(npm, ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier'], {
      cwd: out,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
      shell: process.platform === 'win32',
    });
  } catch (error) {
    fs.rmSync(out, { recursive: true, force: true });
    const said = String(error.stderr ?? '').split('\n').map((l) => l.replace(/^npm (error|ERR!) ?/, '').trim()).filter(Boolean);
    const why = said.find((l) => !/^(code|errno|syscall) |^(A complete log|Log files)/.test(l)) ?? error.message.split('\n')[0];
    throw new Error(`Could not install ${MCP_SDK}@${version} for the packaged app's MCP runtime from the npm registry (${why}). Check the network connection and npm's registry setting (npm config get registry), then run node scripts/bundle-mcp.mjs again.`);
  }
  // MCP servers import the SDK; they run no package's command-line programs (links, which an installer need not carry).
  fs.rmSync(path.join(modules, '.bin'), { recursive: true, force: true });
  const got = JSON.parse(fs.readFileSync(installed, 'utf8')).version;
  if (got !== version) throw new Error(`npm installed ${MCP_SDK}@${got} where package-lock.json pins ${version}; delete ${path.relative(repo, out)} and run node scripts/bundle-mcp.mjs again.`);
  fs.writeFileSync(stamp, digest);
  return modules;
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  try {
    process.stdout.write(`bundle-mcp: ${path.relative(root, bundleMcp())}\n`);
  } catch (error) {
    process.stderr.write(`bundle-mcp: ${error.message}\n`);
    process.exit(1);
  }
}
