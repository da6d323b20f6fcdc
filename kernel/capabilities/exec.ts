/**
 * Running granted programs (no shell), as skills get it in `ctx.exec`.
 *
 * A grant entry is `PROGRAM [ARGUMENT-PATTERN…]` (contracts/scope-syntax.ts); the program and its
 * arguments are checked against it (permissions/exec-pattern.ts) with the program's links resolved.
 * Built-in skills run programs directly with a small safe base environment plus what they pass.
 * A community skill's program is held much tighter (execBounds): the known escape flags of common
 * programs are refused, it gets a minimal environment (never the kernel's), its working folder
 * stays in its data folder or a granted one, it cannot detach, time, output and input are bounded
 * by the kernel, and it is started through the sandbox's launcher (the skill's own confinement).
 */
import { spawn } from 'node:child_process';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ExecCapability, ExecOptions, ExecResult } from '../contracts/index.js';
import { checkExecEntry, containsProtected, expandScopePath, expandTarget, isProtected, programCovered, realpathLoose, within, type ScopeVars } from '../permissions/index.js';
import { CapabilityDenied } from './denied.js';
import { communityEnv, COMMUNITY_LIMITS } from './exec-env.js';
import type { LaunchSpec, Launcher } from './launch.js';

/** The kernel's variables a built-in skill's child inherits: enough to find programs, libraries, the locale and the GPU. */
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

export interface ExecCapabilityOptions {
  /** A community skill: escape flags refused, minimal environment, bounded cwd/time/output/input, no detach. */
  community?: boolean;
  /** Wraps each start in the sandbox's confinement (given by the sandbox for community skills). */
  launcher?: Launcher;
  /** The skill's fs grants (declared forms): where its programs may work (cwd) and write (output flags). */
  readRoots?: readonly string[];
  writeRoots?: readonly string[];
  /** Lower kernel maxima (tests, a stricter host); never raised above COMMUNITY_LIMITS. */
  limits?: Partial<typeof COMMUNITY_LIMITS>;
}

export function createExecCapability(programs: readonly string[], vars: ScopeVars = {}, options: ExecCapabilityOptions = {}): ExecCapability {
  const granted = [...new Set(programs)];
  const community = options.community ?? vars.community ?? false;
  const checkVars: ScopeVars = { ...vars, community };
  const deny = (program: string, why?: string) => new CapabilityDenied(`running "${program}" is not granted${why ? `: ${why}` : ''} (granted: ${granted.join(', ') || 'none'})`);
  const rootsOf = (list: readonly string[] | undefined) =>
    (list ?? []).flatMap((r) => {
      try {
        return [realpathLoose(expandScopePath(r, vars))];
      } catch {
        return [];
      }
    });
  const data = vars.data ? realpathLoose(vars.data) : undefined;
  const writable = [...(data ? [data] : []), ...rootsOf(options.writeRoots)];
  const workable = [...writable, ...rootsOf(options.readRoots)];
  const limits = Object.fromEntries(Object.entries(COMMUNITY_LIMITS).map(([k, v]) => [k, Math.min(v, options.limits?.[k as keyof typeof COMMUNITY_LIMITS] ?? v)])) as { [K in keyof typeof COMMUNITY_LIMITS]: number };

  /**
   * The absolute file to run for `program`, or CapabilityDenied; undefined when a granted name is
   * not installed. Only the program is checked here (as `which` does); run() checks the arguments.
   */
  const resolve = async (program: string, cwd?: string): Promise<string | undefined> => {
    if (!program.includes('/')) {
      if (!granted.some((g) => checkExecEntry(g, { program }, checkVars).ok)) throw deny(program);
      // found on the kernel's PATH, not the caller's: a PATH pointing into the skill's folder cannot swap the program
      return onPath(program);
    }
    let abs: string;
    try {
      abs = program.startsWith('~') || program.startsWith('$') ? expandTarget(program, vars) : path.resolve(cwd ?? process.cwd(), program);
    } catch (error) {
      throw deny(program, (error as Error).message);
    }
    const realProgram = realpathLoose(abs);
    if (granted.some((g) => checkExecEntry(g, { program: abs, realProgram }, checkVars).ok)) return abs;
    throw deny(program);
  };

  /** The working folder of a community skill's program: its data folder by default, else inside it or a granted folder. */
  const communityCwd = (cwd: string | undefined): string => {
    if (!data) throw new CapabilityDenied('a program of a community skill needs the skill\'s data folder to run in');
    if (cwd === undefined) {
      fsSync.mkdirSync(data, { recursive: true, mode: 0o700 });
      return data;
    }
    let real: string;
    try {
      real = realpathLoose(expandTarget(cwd, vars, data));
    } catch (error) {
      throw new CapabilityDenied((error as Error).message);
    }
    // nor a folder holding the profile: `find .` there would walk into it
    if (!workable.some((r) => within(real, r)) || isProtected(real, checkVars) || containsProtected(real, checkVars)) {
      throw new CapabilityDenied(`a program may work only in the skill's data folder or a granted folder, not in ${cwd} (${real})`);
    }
    return real;
  };

  return {
    programs: granted,
    async which(program) {
      const file = await resolve(program);
      return file && (await isExecutable(file)) ? file : undefined;
    },
    async run(program, args, runOptions = {}) {
      if (community && runOptions.detached) throw new CapabilityDenied('a community skill cannot start a detached program: it would outlive the skill\'s sandbox');
      const cwd = community ? communityCwd(runOptions.cwd) : runOptions.cwd;
      const file = await resolve(program, cwd);
      const missing = `${program} could not start: it is not installed (not found on PATH)`;
      const realProgram = file ? realpathLoose(file) : undefined;
      const call = { program: file && program.includes('/') ? file : program, ...(realProgram ? { realProgram } : {}), args, ...(cwd ? { cwd } : {}), ...(community ? { writable } : {}) };
      const verdicts = granted.map((g) => checkExecEntry(g, call, checkVars));
      const allowed = verdicts.find((v) => v.ok);
      if (!allowed || !allowed.ok) {
        const why = verdicts.map((v) => (v.ok ? '' : v.reason)).find((r) => r && !/is not the program of/.test(r));
        throw deny(program, why);
      }
      if (!community) {
        // a detached start has no result to report a failure in: it rejects instead
        if (runOptions.detached) return file ? startDetached(program, file, args, runOptions) : Promise.reject(new Error(missing));
        if (!file) return { code: 127, signal: null, stdout: '', stderr: missing, ms: 0, timedOut: false };
        return runToEnd(program, { file, args: [...args], env: { ...safeBaseEnv(), ...(runOptions.env ?? {}) }, cwd: cwd ?? process.cwd() }, runOptions);
      }
      if (!file) return { code: 127, signal: null, stdout: '', stderr: missing, ms: 0, timedOut: false };
      if (runOptions.stdin) throw new CapabilityDenied('a community skill cannot stream input to a program: its input is bounded by the kernel (pass it as input)');
      if (Buffer.byteLength(runOptions.input ?? '') > limits.maxInputBytes) throw new CapabilityDenied(`the input for ${program} is larger than ${limits.maxInputBytes} bytes, the most a community skill may pass`);
      let env: Record<string, string>;
      try {
        env = communityEnv(data!, runOptions.env);
      } catch (error) {
        throw new CapabilityDenied((error as Error).message);
      }
      const spec: LaunchSpec = { file, args: [...allowed.forced, ...args], env, cwd: cwd! };
      const bounded: ExecOptions = {
        ...runOptions,
        timeoutMs: Math.min(runOptions.timeoutMs ?? DEFAULT_TIMEOUT_MS, limits.maxTimeoutMs),
        maxOutput: Math.min(runOptions.maxOutput ?? DEFAULT_MAX_OUTPUT, limits.maxOutput),
      };
      return runToEnd(program, options.launcher ? options.launcher(spec) : spec, bounded);
    },
  };
}

function startDetached(program: string, file: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], { cwd: options.cwd, env: { ...safeBaseEnv(), ...(options.env ?? {}) }, detached: true, stdio: 'ignore' });
    child.once('error', (e) => reject(new Error(`${program} could not start: ${e.message}`)));
    child.once('spawn', () => {
      child.unref();
      resolve({ code: 0, signal: null, stdout: '', stderr: '', ms: performance.now() - start, timedOut: false });
    });
  });
}

function runToEnd(program: string, spec: LaunchSpec, options: ExecOptions): Promise<ExecResult> {
  const start = performance.now();
  const maxOut = options.maxOutput ?? DEFAULT_MAX_OUTPUT;
  const maxErr = Math.max(1, Math.floor(maxOut / 10));
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const child = spawn(spec.file, spec.args, { cwd: spec.cwd, env: spec.env, stdio: ['pipe', 'pipe', 'pipe'] });
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
    if (options.stdin) void pipeInput(options.stdin, child.stdin);
    else child.stdin.end(options.input ?? '');
  });
}

/** Writes each chunk as the iterable yields it, then closes stdin; a child that exits early only ends the copy. */
async function pipeInput(source: AsyncIterable<string>, stdin: NodeJS.WritableStream & { destroyed?: boolean }): Promise<void> {
  try {
    for await (const chunk of source) {
      if (stdin.destroyed) return;
      stdin.write(chunk);
    }
  } catch {
    /* the caller's iterable failed: close the child's input as if it had ended */
  }
  if (!stdin.destroyed) stdin.end();
}

export { programCovered };
