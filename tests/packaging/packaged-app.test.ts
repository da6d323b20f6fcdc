/**
 * The packaged app runs its own parts: the app is laid out as electron-builder.yml makes it
 * (layout.ts: resources/app.asar/…, app.asar.unpacked, extraResources), and its kernel host runs
 * under Node with what Electron gives a utility process (process.resourcesPath, process.versions
 * .electron) and the environment Electron main gives it. The Electron binary itself cannot be
 * downloaded here; the bundled Node is this Node, copied where `extraResources` puts it.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layOut, readConfig, root, type Layout } from './layout.js';
import { copyMcpRuntime } from './mcp-runtime.js';

const ELECTRON_VERSION = '45.4.1';

interface Probe {
  paths: { distDir: string; rendererDir: string; preload: string; kernelEntry: string; trayIcon: string };
  builtinSkills: string;
  harness: { file: string; forPrograms: string }[];
  bundledNode: string;
  mainSkillNode: string | undefined;
  kernelSkillNode: string;
  mcpModules: string;
}

let out: string;
let layout: Layout;
let probe: Probe;
let bundled: string;

/** Runs a module in the layout under Node and returns what it printed as JSON. */
function inLayout<T>(code: string): T {
  const file = path.join(out, `probe-${Math.random().toString(36).slice(2)}.mjs`);
  fs.writeFileSync(file, code);
  return JSON.parse(execFileSync(process.execPath, [file], { cwd: out, encoding: 'utf8' })) as T;
}

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-packaged-'));
  // What scripts/bundle-node.mjs leaves in out/node/<os>-<arch>: bin/node.
  const nodeDir = path.join(out, 'bundled-node');
  fs.mkdirSync(path.join(nodeDir, 'bin'), { recursive: true });
  fs.copyFileSync(process.execPath, path.join(nodeDir, 'bin', path.basename(process.execPath)));
  // What scripts/bundle-mcp.mjs leaves in out/mcp-runtime/node_modules (here from the repository's).
  const mcpDir = path.join(out, 'mcp-runtime');
  await copyMcpRuntime(mcpDir);
  layout = layOut(out, { node: nodeDir, 'mcp/node_modules': mcpDir });
  const app = (rel: string) => JSON.stringify(new URL(`file://${path.join(layout.app, rel)}`).href);
  probe = inLayout<Probe>(`
    const { appPaths } = await import(${app('dist/main/electron/paths.js')});
    const { skillNodeFor } = await import(${app('dist/main/electron/skill-node.js')});
    const { defaultBuiltinSkillsDir } = await import(${app('dist/kernel/kernel.js')});
    const { bundledNodePath, resolveSkillNode } = await import(${app('dist/kernel/sandbox/node-program.js')});
    const harness = await import(${app('dist/skills/kernel-optimizer/harness/sources.js')});
    const { pathForPrograms } = await import(${app('dist/kernel/sdk/archive-path.js')});
    const { hostNodeModules } = await import(${app('dist/kernel/mcp/server.js')});
    const resources = ${JSON.stringify(layout.resources)};
    process.stdout.write(JSON.stringify({
      paths: appPaths(${JSON.stringify(path.join(layout.app, 'dist', 'main', 'electron'))}),
      builtinSkills: defaultBuiltinSkillsDir(),
      harness: Object.values(harness).filter((v) => typeof v === 'string').map((file) => ({ file, forPrograms: pathForPrograms(file) })),
      bundledNode: bundledNodePath(resources),
      mainSkillNode: skillNodeFor({ packaged: true, resourcesPath: resources, platform: process.platform, env: {} }),
      kernelSkillNode: resolveSkillNode({ execPath: process.execPath, electron: ${JSON.stringify(ELECTRON_VERSION)}, resourcesPath: resources, platform: process.platform }),
      mcpModules: hostNodeModules({ electron: ${JSON.stringify(ELECTRON_VERSION)}, resourcesPath: resources, moduleDir: ${JSON.stringify(path.join(layout.app, 'dist', 'kernel', 'mcp'))} }),
    }));
  `);
  bundled = probe.bundledNode;
}, 600_000);

afterAll(() => {
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

const inside = (p: string, dir: string) => p.startsWith(dir + path.sep);

describe('the packaged layout', () => {
  it('starts Electron main from the app, and main finds the portal, preload, kernel entry and tray icon there', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(layout.app, 'package.json'), 'utf8')) as { main: string };
    expect(fs.existsSync(path.join(layout.app, pkg.main))).toBe(true);
    const { paths } = probe;
    expect(paths.distDir).toBe(path.join(layout.app, 'dist'));
    for (const file of [path.join(paths.rendererDir, 'index.html'), paths.preload, paths.kernelEntry, paths.trayIcon]) {
      expect(inside(file, layout.app), file).toBe(true);
      expect(fs.existsSync(file), file).toBe(true);
    }
  });

  it('carries the built-in skills, and the files outside programs read from them are unpacked from the archive', () => {
    expect(probe.builtinSkills).toBe(path.join(layout.app, 'dist', 'skills'));
    const manifests = fs.readdirSync(probe.builtinSkills).filter((d) => fs.existsSync(path.join(probe.builtinSkills, d, 'skill.json')));
    expect(manifests.length).toBeGreaterThan(3);
    // Compilers and Python are given the harness files: they cannot read inside app.asar, so a
    // file handed to a program is its unpacked copy (kernel/sdk/archive-path.ts), which
    // `asarUnpack` must have put there.
    expect(probe.harness.length).toBeGreaterThan(2);
    for (const { file, forPrograms } of probe.harness) {
      expect(inside(forPrograms, layout.unpacked), file).toBe(true);
      expect(fs.existsSync(forPrograms), forPrograms).toBe(true);
    }
  });

  it('leaves out tests, benchmarks and source maps', () => {
    expect(layout.files.some((f) => /^dist\/(tests|bench)\//.test(f) || f.endsWith('.map') || /\.test\.js$/.test(f))).toBe(false);
  });

  it('puts the bundled Node where Electron main and the kernel both look for it', () => {
    const extra = readConfig().extraResources ?? [];
    expect(extra.map((e) => e.to)).toContain('node');
    expect(probe.bundledNode).toBe(path.join(layout.resources, 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node'));
    expect(probe.mainSkillNode).toBe(probe.bundledNode);
    expect(probe.kernelSkillNode).toBe(probe.bundledNode);
    expect(fs.existsSync(probe.bundledNode)).toBe(true);
  });

  it('gives MCP servers an SDK outside the archive, which the bundled Node loads with nothing else', () => {
    expect(probe.mcpModules).toBe(path.join(layout.resources, 'mcp', 'node_modules'));
    expect(inside(probe.mcpModules, layout.app)).toBe(false);
    // As an MCP server loads it: NODE_PATH only, from a folder with no node_modules above it.
    const alone = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-mcp-server-'));
    try {
      fs.writeFileSync(path.join(alone, 'server.cjs'), "require('@modelcontextprotocol/sdk/server/mcp.js'); require('@modelcontextprotocol/sdk/server/stdio.js'); process.stdout.write(JSON.stringify([require.resolve('@modelcontextprotocol/sdk/server/mcp.js'), require.resolve('zod')]));");
      const resolved = JSON.parse(execFileSync(bundled, [path.join(alone, 'server.cjs')], { cwd: alone, env: { NODE_PATH: probe.mcpModules }, encoding: 'utf8' })) as string[];
      for (const file of resolved) expect(inside(file, probe.mcpModules), file).toBe(true);
    } finally {
      fs.rmSync(alone, { recursive: true, force: true });
    }
  });
});

interface Frame {
  kind: string;
  id?: number;
  ok?: boolean;
  value?: { text?: string };
  error?: { message: string };
}

/** The kernel host of the layout, started as Electron main starts it: Electron's process values, main's environment. */
function startHost(home: string, resourcesPath: string, env: Record<string, string>): { child: ChildProcess; ready: Promise<void>; call: (id: number, method: string, input: unknown) => Promise<Frame> } {
  const shim = path.join(out, 'electron-utility-process.mjs');
  fs.writeFileSync(shim, `process.resourcesPath = ${JSON.stringify(resourcesPath)};\nprocess.versions.electron = ${JSON.stringify(ELECTRON_VERSION)};\n`);
  const child = fork(probe.paths.kernelEntry, [], {
    cwd: out,
    execArgv: ['--import', shim],
    env: { ...process.env, AGENTOS_HOME: home, AGENTOS_SKILL_NODE: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const frames: Frame[] = [];
  const waiters: (() => void)[] = [];
  child.on('message', (m) => {
    frames.push(m as Frame);
    for (const w of waiters.splice(0)) w();
  });
  const next = (match: (f: Frame) => boolean) =>
    new Promise<Frame>((resolve, reject) => {
      const check = () => {
        const f = frames.find(match);
        if (f) resolve(f);
        else waiters.push(check);
      };
      child.once('exit', (code) => reject(new Error(`the kernel host exited (${code})`)));
      check();
    });
  return {
    child,
    ready: next((f) => f.kind === 'ready').then(() => undefined),
    call: (id, method, input) => {
      child.send({ kind: 'call', id, method, input });
      return next((f) => f.kind === 'result' && f.id === id);
    },
  };
}

/** Command lines (argv) of this machine's processes that mention `needle`. */
function processesWith(needle: string): string[][] {
  const found: string[][] = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (argv.some((a) => a.includes(needle))) found.push(argv);
    } catch {
      // gone
    }
  }
  return found;
}

describe.runIf(process.platform === 'linux')('the packaged kernel host', () => {
  const stop = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM'))));

  it('runs a community skill through the bundled Node, not the app binary', async () => {
    const home = path.join(out, 'profile');
    execFileSync(process.execPath, [path.join(layout.app, 'dist', 'hosts', 'cli', 'main.js'), 'skill', 'install', path.join(root, 'tests', 'fixtures', 'good', 'hello'), '--yes'], {
      env: { ...process.env, AGENTOS_HOME: home, NO_COLOR: '1' },
      stdio: 'pipe',
    });
    // As Electron main does (main/electron/skill-node.ts, from the layout).
    const host = startHost(home, layout.resources, { AGENTOS_SKILL_NODE: probe.mainSkillNode!, AGENTOS_SANDBOX_ALLOW_UNCONFINED: '1' });
    try {
      await host.ready;
      const reply = await host.call(1, 'kernel.handle', { text: 'greet Ada', source: 'ui' });
      expect(reply.error?.message).toBeUndefined();
      expect(reply.value?.text).toMatch(/Hello, Ada!/);
      // The skill's process lives on until it has been idle a minute: it is the bundled Node.
      const skill = processesWith(path.join(home, 'sandbox')).filter((argv) => argv.some((a) => a.endsWith('runner.mjs')));
      expect(skill.some((argv) => argv[0] === bundled)).toBe(true);
      expect(skill.some((argv) => argv[0] === process.execPath)).toBe(false);
    } finally {
      await stop(host.child);
    }
  }, 180_000);

  it('installs and runs an MCP server with the app\'s MCP runtime, and says what is missing when the app has lost it', async () => {
    const home = path.join(out, 'profile-mcp');
    const env = { AGENTOS_SKILL_NODE: bundled, AGENTOS_SANDBOX_ALLOW_UNCONFINED: '1' };
    // Installed from the portal, as the kernel host does it: listing the tools starts the server.
    const host = startHost(home, layout.resources, env);
    try {
      await host.ready;
      const source = path.join(root, 'tests', 'fixtures', 'mcp-calc');
      const preview = (await host.call(1, 'skills.previewInstall', { source })) as Frame & { value?: { digest?: string } };
      expect(preview.error?.message).toBeUndefined();
      const installed = await host.call(2, 'skills.install', { source, digest: preview.value!.digest });
      expect(installed.error?.message).toBeUndefined();
      const reply = await host.call(3, 'kernel.handle', { text: 'add numbers a=2 b=40', source: 'ui' });
      expect(reply.error?.message ?? reply.value?.text).toBe('42');
    } finally {
      await stop(host.child);
    }
    const withoutMcp = path.join(out, 'resources-without-mcp');
    fs.mkdirSync(withoutMcp, { recursive: true });
    const broken = startHost(home, withoutMcp, env);
    try {
      await broken.ready;
      const reply = await broken.call(1, 'kernel.handle', { text: 'add numbers a=2 b=40', source: 'ui' });
      expect(JSON.stringify(reply)).toContain(`(${path.join(withoutMcp, 'mcp', 'node_modules')}) is missing. Reinstall AgentOS`);
    } finally {
      await stop(broken.child);
    }
  }, 180_000);

  it('says which file is missing and how to fix it when the app has lost its Node', async () => {
    const home = path.join(out, 'profile-broken');
    execFileSync(process.execPath, [path.join(layout.app, 'dist', 'hosts', 'cli', 'main.js'), 'skill', 'install', path.join(root, 'tests', 'fixtures', 'good', 'hello'), '--yes'], {
      env: { ...process.env, AGENTOS_HOME: home, NO_COLOR: '1' },
      stdio: 'pipe',
    });
    // No AGENTOS_SKILL_NODE: the kernel looks in Electron's resources folder itself.
    const empty = path.join(out, 'resources-without-node');
    fs.mkdirSync(empty, { recursive: true });
    const host = startHost(home, empty, { AGENTOS_SANDBOX_ALLOW_UNCONFINED: '1' });
    try {
      await host.ready;
      const reply = await host.call(1, 'kernel.handle', { text: 'greet Ada', source: 'ui' });
      const said = JSON.stringify(reply);
      expect(said).toContain(path.join(empty, 'node', 'bin', 'node'));
      expect(said).toMatch(/Reinstall AgentOS/);
    } finally {
      await stop(host.child);
    }
  }, 180_000);
});
