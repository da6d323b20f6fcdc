/**
 * The one place that says which Node program runs sandboxed skill processes and MCP servers.
 *
 * Under Node (the CLI, `agentos serve`, tests, development) it is the Node running the kernel:
 * `process.execPath`. Inside Electron that path is the app itself, which cannot act as Node (the
 * `runAsNode` fuse is off) and whose Node lacks the permission model the sandbox relies on, so the
 * packaged app carries a Node of its own in its resources (electron-builder `extraResources`,
 * scripts/bundle-node.mjs): `<resources>/node/bin/node` (`node.exe` on Windows). Electron main may
 * name another one in AGENTOS_SKILL_NODE (development runs, where there are no bundled resources).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The environment variable through which Electron main names the skill Node to the kernel process. */
export const SKILL_NODE_ENV = 'AGENTOS_SKILL_NODE';

/** Where the bundled Node lies inside the packaged app's resources folder. */
export function bundledNodePath(resourcesPath: string, platform: NodeJS.Platform = process.platform): string {
  return path.join(resourcesPath, 'node', 'bin', platform === 'win32' ? 'node.exe' : 'node');
}

export class SkillNodeMissing extends Error {
  constructor(readonly program: string, why: string) {
    super(
      `Community skills cannot start: the Node program that runs them (${program}) ${why}. ` +
        `Reinstall AgentOS to restore it, or set ${SKILL_NODE_ENV} to the path of a Node.js 22.13 or newer executable.`,
    );
    this.name = 'SkillNodeMissing';
  }
}

/** What decides the program: the runtime and the values Electron gives it (injectable for tests). */
export interface NodeRuntime {
  execPath: string;
  /** `process.versions.electron`: set only inside Electron. */
  electron?: string | undefined;
  /** `process.resourcesPath`: set only inside Electron. */
  resourcesPath?: string | undefined;
  /** The AGENTOS_SKILL_NODE value, when set. */
  override?: string | undefined;
  platform: NodeJS.Platform;
}

const currentRuntime = (): NodeRuntime => ({
  execPath: process.execPath,
  electron: process.versions.electron,
  resourcesPath: (process as { resourcesPath?: string }).resourcesPath,
  override: process.env[SKILL_NODE_ENV],
  platform: process.platform,
});

const AbsolutePath = z.string().refine((p) => path.isAbsolute(p), { message: 'must be an absolute path' });

/** The Node program for skill processes in `runtime`, without checking that it exists. */
export function resolveSkillNode(runtime: NodeRuntime = currentRuntime()): string {
  if (runtime.override) {
    const parsed = AbsolutePath.safeParse(runtime.override);
    if (!parsed.success) throw new SkillNodeMissing(runtime.override, `is not an absolute path (from ${SKILL_NODE_ENV})`);
    return parsed.data;
  }
  if (!runtime.electron) return runtime.execPath;
  if (!runtime.resourcesPath) throw new SkillNodeMissing('the bundled Node', 'cannot be found because Electron gave no resources folder');
  return bundledNodePath(runtime.resourcesPath, runtime.platform);
}

let checked: { program: string; version: string } | undefined;

/**
 * The Node program for skill processes and its version (`v22.13.0`: the permission flag depends
 * on this Node's version, not the kernel's), checked once per process: it exists, is executable,
 * runs (`--version`) and has the permission model. The kernel's own Node is taken as it is.
 */
export function skillNode(): { program: string; version: string } {
  const program = resolveSkillNode();
  if (checked?.program === program) return checked;
  if (program === process.execPath && !process.versions.electron) {
    checked = { program, version: process.version };
    return checked;
  }
  try {
    fs.accessSync(program, fs.constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SkillNodeMissing(program, code === 'ENOENT' ? 'is missing' : `cannot be run (${code ?? (error as Error).message})`);
  }
  let version: string;
  try {
    version = execFileSync(program, ['--version'], { encoding: 'utf8', env: {}, timeout: 30_000 }).trim();
  } catch (error) {
    throw new SkillNodeMissing(program, `does not run (${(error as Error).message.split('\n')[0]})`);
  }
  if (!/^v\d+\.\d+\.\d+/.test(version)) throw new SkillNodeMissing(program, `is not Node.js (it answered "${version.slice(0, 80)}" to --version)`);
  // The permission model the sandbox relies on came with Node 20.
  if (Number(version.slice(1).split('.')[0]) < 20) throw new SkillNodeMissing(program, `is Node.js ${version}, which has no permission model`);
  checked = { program, version };
  return checked;
}
