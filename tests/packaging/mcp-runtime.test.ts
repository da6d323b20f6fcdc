/**
 * The MCP runtime of the packaged app: MCP servers of community skills may import the SDK, which
 * in the packaged app the kernel loads from inside app.asar, out of the bundled Node's reach. So
 * scripts/bundle-mcp.mjs installs the SDK the lock pins into out/mcp-runtime/node_modules,
 * `extraResources` copies it to <resources>/mcp/node_modules, and kernel/mcp/server.ts points MCP
 * servers there inside Electron. Nothing here downloads: npm is pointed at a closed port, offline.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostNodeModules, McpRuntimeMissing, mcpRuntimePath } from '../../kernel/mcp/server.js';
import { expandMacros, readConfig, root } from './layout.js';
import { loadBundleMcp, repoLock, type BundleMcpModule, type Lock } from './mcp-runtime.js';

const require = createRequire(import.meta.url);
const SDK = '@modelcontextprotocol/sdk';
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-mcp-runtime-'));
const savedEnv = { ...process.env };
let bundle: BundleMcpModule;

beforeAll(async () => {
  bundle = await loadBundleMcp();
  // Any npm call a test makes fails instead of downloading.
  Object.assign(process.env, { npm_config_registry: 'http://127.0.0.1:9/', npm_config_offline: 'true', npm_config_cache: path.join(scratch, 'npm-cache'), npm_config_fetch_retries: '0' });
});
afterAll(() => {
  process.env = savedEnv;
  fs.rmSync(scratch, { recursive: true, force: true });
});

const withSdk = (nm: string) => {
  fs.mkdirSync(path.join(nm, SDK), { recursive: true });
  fs.writeFileSync(path.join(nm, SDK, 'package.json'), '{"name":"@modelcontextprotocol/sdk","version":"0.0.0"}');
  return nm;
};

describe('the node_modules MCP servers import the SDK from (hostNodeModules)', () => {
  it('is the one the kernel loads it from under Node, whatever the resources folder says', () => {
    const nm = hostNodeModules({ moduleDir: path.join(root, 'kernel', 'mcp'), resourcesPath: path.join(scratch, 'nowhere') });
    expect(nm).toBe(path.join(root, 'node_modules'));
    expect(fs.existsSync(path.join(nm!, SDK))).toBe(true);
    // Nothing above the module holds the SDK: none (a server then ships its own).
    expect(hostNodeModules({ moduleDir: path.join(scratch, 'no', 'sdk', 'here') })).toBeUndefined();
  });

  it('is the app\'s MCP runtime inside Electron, not the archive\'s node_modules', () => {
    const resources = path.join(scratch, 'resources');
    withSdk(path.join(resources, 'mcp', 'node_modules'));
    const nm = hostNodeModules({ electron: '45.4.1', resourcesPath: resources, moduleDir: path.join(root, 'kernel', 'mcp') });
    expect(nm).toBe(path.join(resources, 'mcp', 'node_modules'));
    expect(nm).toBe(mcpRuntimePath(resources));
  });

  it('names the missing folder and the fix when the app has lost its MCP runtime', () => {
    const resources = path.join(scratch, 'resources-without-mcp');
    fs.mkdirSync(resources, { recursive: true });
    const runtime = { electron: '45.4.1', resourcesPath: resources, moduleDir: path.join(root, 'kernel', 'mcp') };
    const expected = path.join(resources, 'mcp', 'node_modules');
    expect(() => hostNodeModules(runtime)).toThrow(McpRuntimeMissing);
    expect(() => hostNodeModules(runtime)).toThrow(`(${expected}) is missing. Reinstall AgentOS`);
    // A folder without the SDK is as broken.
    fs.mkdirSync(expected, { recursive: true });
    expect(() => hostNodeModules(runtime)).toThrow(/does not hold @modelcontextprotocol\/sdk\. Reinstall AgentOS/);
    expect(() => hostNodeModules({ electron: '45.4.1', moduleDir: runtime.moduleDir })).toThrow(/Electron gave no resources folder\. Reinstall AgentOS/);
  });
});

describe('electron-builder.yml', () => {
  it('copies the runtime bundle-mcp.mjs installs to <resources>/mcp/node_modules, which the builder does not filter out', () => {
    const extra = (readConfig().extraResources ?? []).find((e) => e.to === 'mcp/node_modules');
    expect(extra).toBeDefined();
    expect(path.normalize(expandMacros(extra!.from))).toBe(path.join(bundle.mcpRuntimeDir, 'node_modules'));
    expect(path.join('/resources', extra!.to)).toBe(mcpRuntimePath('/resources'));
    // The builder's own matcher for the entry (app-builder-lib's fileMatcher, as copyFiles uses it).
    const { FileMatcher } = require('app-builder-lib/out/fileMatcher.js') as { FileMatcher: new (from: string, to: string, expand: (s: string) => string, patterns?: string[]) => { createFilter(): (file: string, stat: { isDirectory(): boolean }) => boolean; prependPattern(p: string): void } };
    const copied = (from: string, rel: string, dir = false) => {
      const matcher = new FileMatcher(path.join(root, from), path.join(scratch, 'app', 'resources', extra!.to), expandMacros);
      matcher.prependPattern('**/*');
      return matcher.createFilter()(path.join(root, from, rel), { isDirectory: () => dir });
    };
    for (const rel of [`${SDK}/package.json`, `${SDK}/dist/cjs/server/mcp.js`, 'zod/package.json', 'express/node_modules', 'express/node_modules/content-type/index.js']) {
      expect(copied(extra!.from, rel, !rel.includes('.')), rel).toBe(true);
    }
    // Why the entry names node_modules itself: from its parent, the builder drops the whole folder.
    expect(copied(bundle.mcpRuntimeDir, 'node_modules', true)).toBe(false);
  });
});

describe('scripts/bundle-mcp.mjs', () => {
  it('installs exactly the SDK the lock pins and the packages it needs, at the lock\'s paths and versions', () => {
    const lock = repoLock();
    const { version, packageJson, lock: subset } = bundle.lockSubset(lock);
    expect(version).toBe(lock.packages[`node_modules/${SDK}`]!.version);
    expect(packageJson.dependencies).toEqual({ [SDK]: version });
    expect(subset.packages['']!.dependencies).toEqual({ [SDK]: version });
    // The closure, found independently on disk the way Node resolves: each package's dependencies
    // from its folder upwards, in the repository's installed node_modules.
    const onDisk = new Set<string>();
    const visit = (rel: string) => {
      if (onDisk.has(rel)) return;
      onDisk.add(rel);
      const pkg = JSON.parse(fs.readFileSync(path.join(root, rel, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      for (const dep of Object.keys(pkg.dependencies ?? {})) {
        let base = rel;
        for (;;) {
          const at = `${base}/node_modules/${dep}`;
          if (fs.existsSync(path.join(root, at, 'package.json'))) {
            visit(at);
            break;
          }
          const up = base.lastIndexOf('/node_modules/');
          if (up < 0) {
            visit(`node_modules/${dep}`);
            break;
          }
          base = base.slice(0, up);
        }
      }
    };
    visit(`node_modules/${SDK}`);
    expect(Object.keys(subset.packages).filter(Boolean).sort()).toEqual([...onDisk].sort());
    for (const [rel, entry] of Object.entries(subset.packages)) {
      if (!rel) continue;
      expect(entry, rel).toMatchObject({ version: lock.packages[rel]!.version });
      expect(entry.dev, rel).toBeUndefined();
    }
  });

  it('prefers a nested copy, skips a missing optional dependency and names the fix for a missing one', () => {
    const lock: Lock = {
      lockfileVersion: 3,
      packages: {
        '': {},
        [`node_modules/${SDK}`]: { version: '1.0.0', dependencies: { a: '1', b: '2' }, optionalDependencies: { gone: '1' } },
        'node_modules/a': { version: '1.0.0', dependencies: { b: '1' }, dev: true },
        'node_modules/a/node_modules/b': { version: '1.0.0' },
        'node_modules/b': { version: '2.0.0' },
        'node_modules/unrelated': { version: '9.0.0' },
      },
    };
    const subset = bundle.lockSubset(lock).lock.packages;
    expect(Object.keys(subset).sort()).toEqual(['', 'node_modules/@modelcontextprotocol/sdk', 'node_modules/a', 'node_modules/a/node_modules/b', 'node_modules/b']);
    expect(subset['node_modules/a']!.dev).toBeUndefined();
    delete lock.packages['node_modules/b'];
    expect(() => bundle.lockSubset(lock)).toThrow(/lacks b, which @modelcontextprotocol\/sdk needs: run npm install/);
    expect(() => bundle.lockSubset({ lockfileVersion: 3, packages: { '': {} } })).toThrow(/pins no @modelcontextprotocol\/sdk: run npm install/);
  });

  it('does nothing when the runtime the lock pins is there, and says what to do when the registry cannot be reached', () => {
    const repo = path.join(scratch, 'repo');
    fs.mkdirSync(repo, { recursive: true });
    fs.copyFileSync(path.join(root, 'package-lock.json'), path.join(repo, 'package-lock.json'));
    const out = path.join(repo, bundle.mcpRuntimeDir);
    const marker = withSdk(path.join(out, 'node_modules'));
    const digest = createHash('sha256').update(JSON.stringify(bundle.lockSubset(repoLock()).lock)).digest('hex');
    fs.writeFileSync(path.join(out, '.bundle-mcp'), digest);
    expect(bundle.bundleMcp({ repo })).toBe(marker);
    expect(fs.existsSync(path.join(marker, SDK, 'package.json'))).toBe(true);
    // Another lock (a stale stamp): it installs afresh, and the registry is out of reach here.
    fs.writeFileSync(path.join(out, '.bundle-mcp'), 'stale');
    expect(() => bundle.bundleMcp({ repo })).toThrow(/Could not install @modelcontextprotocol\/sdk@[\d.]+ for the packaged app's MCP runtime from the npm registry \(.+\)\. Check the network connection .* then run node scripts\/bundle-mcp\.mjs again\./);
    expect(fs.existsSync(out)).toBe(false);
  }, 120_000);
});
