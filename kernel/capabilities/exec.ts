/**
 * Running granted programs (no shell), as skills get it in `ctx.exec`.
 *
 * A grant entry is a program name (`gcc`: the `gcc` found on PATH, or an absolute path whose file
 * is called `gcc`, unless that path lies in the skill's own data folder, where a skill could have
 * written it) or a folder pattern (`$DATA/**`, `/opt/tools/**`: any program inside that folder,
 * after its links are resolved — for programs a skill builds itself). The child's environment is
 * a small safe base copied from the kernel's (never the whole of it: it holds API keys) plus what
 * the caller passes.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ExecCapability, ExecOptions, ExecResult } from '../contracts/index.js';
import { programCovered } from '../permissions/index.js';
import { expandPath, isInside } from '../profile/index.js';
import { CapabilityDenied } from './denied.js';
import { realpathLoose } from './fs.js';

/** The kernel's variables a child inherits: enough to find programs, libraries, the locale and the GPU. */
const SAFE_ENV = /^(PATH|HOME|USER|LOGNAME|LANG|LC_\w+|TMPDIR|TERM|LD_LIBRARY_PATH|CUDA_\w+|NVIDIA_\w+)$/;

function safeBaseEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => SAFE_ENV.test(e[0]) && e[1] !== undefined));
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await fs.access(file, fs.constants.X_OK);
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

/** The first executable `name` on the kernel's PATH. */
async function onPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    if (await isExecutable(file)) return file;
  }
  return undefined;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_OUTPUT = 10_000_000;

export function createExecCapability(programs: readonly string[], vars: { data?: string } = {}): ExecCapability {
  const granted = [...new Set(programs)];
  const deny = (program: string) => new CapabilityDenied(`running "${program}" is not granted (granted: ${granted.join(', ') || 'none'})`);

  /**
   * The absolute file to run for `program`, or CapabilityDenied; undefined when a granted name is
   * not installed. The grant is checked (the rule of permissions/match.ts, as at the sandbox) on the
   * file with its links resolved, against the data folder resolved too; the path run is the one
   * asked for, and its own name also counts, since compilers read their name (`clang++` links to
   * `clang-16`).
   */
  const resolve = async (program: string, cwd?: string): Promise<string | undefined> => {
    if (!program.includes('/')) {
      if (!granted.some((g) => programCovered(g, program, vars))) throw deny(program);
      // found on the kernel's PATH, not the caller's: a PATH pointing into the skill's folder cannot swap the program
      return onPath(program);
    }
    const abs = program.startsWith('~') || program.startsWith('$') ? expandPath(program, vars) : path.resolve(cwd ?? process.cwd(), program);
    const real = await realpathLoose(abs);
    const data = vars.data ? await realpathLoose(vars.data) : undefined;
    if (granted.some((g) => programCovered(g, real, { data }))) return abs;
    if (granted.includes(path.basename(abs)) && !(data && isInside(real, data))) return abs;
    throw deny(program);
  };

  return {
    programs: granted,
    async which(program) {
      const file = await resolve(program);
      return file && (await isExecutable(file)) ? file : undefined;
    },
    async run(program, args, options = {}) {
      const file = await resolve(program, options.cwd);
      const missing = `${program} could not start: it is not installed (not found on PATH)`;
      // a detached start has no result to report a failure in: it rejects instead
      if (options.detached) return file ? startDetached(program, file, args, options) : Promise.reject(new Error(missing));
      if (!file) return { code: 127, signal: null, stdout: '', stderr: missing, ms: 0, timedOut: false };
      return runToEnd(program, file, args, options);
    },
  };
}

function childEnv(options: ExecOptions): Record<string, string> {
  return { ...safeBaseEnv(), ...(options.env ?? {}) };
}

function startDetached(program: string, file: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], { cwd: options.cwd, env: childEnv(options), detached: true, stdio: 'ignore' });
    child.once('error', (e) => reject(new Error(`${program} could not start: ${e.message}`)));
    child.once('spawn', () => {
      child.unref();
      resolve({ code: 0, signal: null, stdout: '', stderr: '', ms: performance.now() - start, timedOut: false });
    });
  });
}

function runToEnd(program: string, file: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
  const start = performance.now();
  const maxOut = options.maxOutput ?? DEFAULT_MAX_OUTPUT;
  const maxErr = Math.max(1, Math.floor(maxOut / 10));
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const child = spawn(file, [...args], { cwd: options.cwd, env: childEnv(options), stdio: ['pipe', 'pipe', 'pipe'] });
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = options.signal;
    signal?.addEventListener('abort', kill, { once: true });
    if (signal?.aborted) kill();
    const finish = (r: Omit<ExecResult, 'ms' | 'timedOut' | 'stdout' | 'stderr'> & { stderr?: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', kill);
      resolve({ code: r.code, signal: r.signal, stdout, stderr: r.stderr ?? stderr, ms: performance.now() - start, timedOut });
    };
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (stdout.length < maxOut) stdout += chunk.slice(0, maxOut - stdout.length);
      options.onStdout?.(chunk);
    });
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < maxErr) stderr += chunk.slice(0, maxErr - stderr.length);
      options.onStderr?.(chunk);
    });
    child.on('error', (e) => finish({ code: 127, signal: null, stderr: `${program} could not start: ${e.message}` }));
    child.on('close', (code, sig) => finish({ code, signal: sig }));
    // a child that exits without reading its stdin must not fail the call
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
