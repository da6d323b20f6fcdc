/**
 * The one place that says which Node program runs sandboxed skill processes and MCP servers.
 *
 * Under Node (the CLI, `agentos serve`, tests, development) it is the Node running the kernel:
 * `process.execPath`. Inside Electron that path is the app itself, which cannot act as Node (the
 * `runAsNode` fuse is off) and whose Node lacks the permission model the sandbox relies on, so the
 * packaged app carries a Node of its own in its resources (electron-builder `extraResources`,
 * scripts/bundle-node.mjs): `<resources>/node/bin/node` (`node.exe` on Windows). Electron main may
 * name another one in AGENTOS_SKILL_NODE (development runs, where there are no bundled resources).
 *
 * It also measures, once per program, the memory that Node reserves for JIT code at start (V8's
 * code range): Node 24 maps about 510 MB of it readable, writable and executable, which RLIMIT_DATA
 * counts although only compiled code ever lives there, so the sandbox adds exactly that to the
 * limit (process.ts `dataLimitBytes`) and the skill keeps the memory it has on Node 22.
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
/** The executable-writable reservation of each program measured so far (bytes), by path. */
const reserves = new Map<string, number>();

/**
 * The bytes of private mappings that are readable, writable and executable in a `/proc/<pid>/maps`
 * text: V8's code range (Node 24: one mapping of about 510 MB; Node 20 and 22: about 0.2 MB).
 */
export function executableReserveBytes(maps: string): number {
  let total = 0;
  for (const line of maps.split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) rwxp /.exec(line);
    if (m) total += parseInt(m[2]!, 16) - parseInt(m[1]!, 16);
  }
  return total;
}

/**
 * What the check runs in the program: its version on the first line, then its memory map (none
 * where there is no /proc: RLIMIT_DATA is applied on Linux only, so the reservation is 0 there).
 */
const PROBE = "let m = ''; try { m = require('node:fs').readFileSync('/proc/self/maps', 'utf8'); } catch {} process.stdout.write(process.version + '\\n' + m);";

/** Runs `program` once: its version (as it printed it) and its reservation in bytes. */
function probe(program: string): { version: string; reserve: number } {
  let out: string;
  try {
    out = execFileSync(program, ['-e', PROBE], { encoding: 'utf8', env: {}, timeout: 30_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    throw new SkillNodeMissing(program, `does not run (${(error as Error).message.split('\n')[0]})`);
  }
  const newline = out.indexOf('\n');
  const version = (newline < 0 ? out : out.slice(0, newline)).trim();
  return { version, reserve: newline < 0 ? 0 : executableReserveBytes(out.slice(newline + 1)) };
}

/**
 * The bytes `program` (a Node checked by skillNode()) holds readable, writable and executable from
 * its start, measured in a child of it once per path. The kernel's own Node is measured the same
 * way, in a fresh process: the kernel's own mappings may hold more than a skill process starts with.
 */
export function skillNodeReserve(program: string): number {
  let reserve = reserves.get(program);
  if (reserve === undefined) {
    reserve = probe(program).reserve;
    reserves.set(program, reserve);
  }
  return reserve;
}

/**
 * The reservation of `file` when it is one of the Nodes this process knows (the skill Node, or the
 * kernel's own Node outside Electron), compared as real paths; 0 for any other program, which is
 * never started to measure it. For programs a skill is granted to run (launcher.ts): a granted
 * Node interpreter is often one of these.
 */
export function knownNodeReserve(file: string): number {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return undefined;
    }
  };
  const target = real(file);
  if (!target) return 0;
  let known: string[];
  try {
    known = [resolveSkillNode()];
  } catch {
    known = [];
  }
  if (!process.versions.electron) known.push(process.execPath);
  const node = known.find((k) => real(k) === target);
  return node ? skillNodeReserve(node) : 0;
}

/**
 * The Node program for skill processes and its version (`v22.13.0`: the permission flag depends
 * on this Node's version, not the kernel's), checked once per process: it exists, is executable,
 * runs (it prints its version, and its reservation for skillNodeReserve) and has the permission
 * model. The kernel's own Node is taken as it is.
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
  // One start answers both the version and the reservation (skillNodeReserve then has it).
  const { version, reserve } = probe(program);
  if (!/^v\d+\.\d+\.\d+/.test(version)) throw new SkillNodeMissing(program, `is not Node.js (asked for its version, it answered "${version.slice(0, 80)}")`);
  // The permission model the sandbox relies on came with Node 20.
  if (Number(version.slice(1).split('.')[0]) < 20) throw new SkillNodeMissing(program, `is Node.js ${version}, which has no permission model`);
  reserves.set(program, reserve);
  checked = { program, version };
  return checked;
}
