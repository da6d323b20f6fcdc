/**
 * One sandboxed skill process: Node with the permission model (it reads only the skill's folder,
 * its data folder and the child program; writes only its data folder; never starts programs or
 * workers: granted files and programs are reached through the kernel), inside the confinement of
 * confine.ts (bubblewrap or unshare namespaces where the machine has them), under prlimit CPU,
 * memory (RLIMIT_DATA) and file limits, with a minimal environment. The kernel talks to it over
 * fd 3 and kills it when it crashes, hangs, floods its output or its channel, or exceeds a limit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Socket } from 'node:net';
import { confine } from './confine.js';
import { skillNode, skillNodeReserve } from './node-program.js';
import { ChildMessageSchema, type CallContextInfo, type ChildMessage } from './protocol.js';
import { modeOf, type SandboxSupport } from './mode.js';

export interface SandboxLimits {
  /** Wall-clock limit of one call. */
  callTimeoutMs: number;
  /** Time allowed to start and import the entry module. */
  startTimeoutMs: number;
  /** Memory the skill may allocate (MB): the V8 heap limit, and with the allowance below the OS limit on all private memory. */
  memoryMb: number;
  /** CPU seconds over the process's life (prlimit). */
  cpuSeconds: number;
  /** stdout + stderr bytes before the process is killed. */
  maxOutputBytes: number;
  /** Largest single message on the channel. */
  maxMessageBytes: number;
  /** Messages per second on the channel before it counts as a flood. */
  maxMessagesPerSecond: number;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  callTimeoutMs: 30_000,
  startTimeoutMs: 10_000,
  memoryMb: 256,
  cpuSeconds: 120,
  maxOutputBytes: 1_000_000,
  maxMessageBytes: 8_000_000,
  maxMessagesPerSecond: 5_000,
};

/**
 * What Node itself needs beyond the skill's `memoryMb` under RLIMIT_DATA (which counts every
 * private writable mapping: the V8 heap's reserved pages, thread stacks, malloc arenas, Buffers).
 * Measured on Node 20.20: an idle child program has VmData ≈ 85 MB (46 MB resident) with a 64 MB
 * heap limit, and a bare Node hangs at start below about 50 MB. So the process holds at most
 * memoryMb + MEMORY_ALLOWANCE_MB of private memory, whatever the skill allocates it as, and the
 * skill itself gets about memoryMb of that (tests/security/memory.test.ts: 64 MB of Buffers,
 * typed arrays or WebAssembly memory against a 64 MB limit, peak resident ≈ 113 MB).
 */
export const MEMORY_ALLOWANCE_MB = 96;

const MB = 1024 * 1024;

/**
 * The RLIMIT_DATA of a process allowed `memoryMb`: that, the allowance above, and `reserveBytes`
 * (rounded up to whole MB): what the program maps readable, writable and executable at start,
 * measured for the skill Node (node-program.ts `skillNodeReserve`). That is V8's code range, only
 * ever used for compiled code, which RLIMIT_DATA counts: Node 24 maps about 510 MB of it, Node 20
 * and 22 about 0.2 MB. Adding it keeps the memory a skill can hold what it is on Node 22.
 */
export const dataLimitBytes = (memoryMb: number, reserveBytes = 0) => (memoryMb + MEMORY_ALLOWANCE_MB + Math.ceil(reserveBytes / MB)) * MB;

export interface SpawnSpec {
  skillId: string;
  /** The child program's main file (runnerFile()); its folder is readable. */
  runnerFile: string;
  entryFile: string;
  skillDir: string;
  dataDir: string;
  profileDir: string;
  /** Extra read-only paths (e.g. the host's node_modules for MCP servers). */
  extraRead?: string[];
  /**
   * Node arguments and script to run instead of the runner (MCP servers): the child program's
   * guards are preloaded (`--import`), and the confinement is the same.
   */
  command?: { args: string[]; env?: Record<string, string> };
  support: SandboxSupport;
  limits: SandboxLimits;
}

export class SandboxKilled extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxKilled';
  }
}

const unique = (xs: string[]) => [...new Set(xs.filter(Boolean).map((x) => path.resolve(x)))];

/**
 * The flag that turns Node's permission model on: `--permission` since it became stable (Node 22.13
 * and 23.5); Node 24 refuses the old `--experimental-permission`, and Node 20 knows only that one.
 */
export function permissionFlag(nodeVersion: string = process.versions.node): string {
  const [major = 0, minor = 0] = nodeVersion.replace(/^v/, '').split('.').map(Number);
  const stable = major >= 24 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13);
  return stable ? '--permission' : '--experimental-permission';
}

/** The argv that starts the confined process (exported for tests and `--explain`). */
export function buildCommand(spec: SpawnSpec): { file: string; args: string[]; env: Record<string, string> } {
  // Node itself under Node; inside Electron the Node bundled with the app (node-program.ts).
  const { program: node, version } = skillNode();
  // The child program imports its sibling modules, so its folder (a copy holding nothing else) is readable.
  const program = path.dirname(spec.runnerFile);
  const reads = unique([spec.skillDir, program, ...(spec.extraRead ?? [])]);
  const net = modeOf(spec.support) === 'none' ? 'nonet' : 'netns';
  const nodeArgs = [
    permissionFlag(version),
    // Node 20.20 takes one path per flag (a comma list is refused).
    ...unique([...reads, spec.dataDir]).map((r) => `--allow-fs-read=${r}`),
    `--allow-fs-write=${path.resolve(spec.dataDir)}`,
    `--max-old-space-size=${spec.limits.memoryMb}`,
    '--no-warnings',
    '--disable-proto=delete',
  ];
  const inner = spec.command
    ? [node, ...nodeArgs, `--import=${path.join(program, 'preload.mjs')}`, ...spec.command.args]
    : [node, ...nodeArgs, spec.runnerFile, spec.entryFile, net];
  const env: Record<string, string> = { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: process.env.LANG ?? 'C.UTF-8', HOME: spec.dataDir, TMPDIR: spec.dataDir, ...(spec.command ? { AGENTOS_SANDBOX_NET: net } : {}), ...(spec.command?.env ?? {}) };
  return confine(
    { support: spec.support, profileDir: spec.profileDir, dataDir: spec.dataDir, read: reads, write: [], env, limits: { cpuSeconds: spec.limits.cpuSeconds, dataBytes: dataLimitBytes(spec.limits.memoryMb, skillNodeReserve(node)) } },
    inner,
  );
}

/** Whether a failure reads as the memory limit (V8's heap limit, or an allocation the OS refused). */
export function isMemoryFailure(text: string): boolean {
  return /out of memory|allocation failed|Cannot allocate memory|ENOMEM|Array buffer allocation/i.test(text);
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

interface SandboxHandlers {
  onRequest(call: number, method: string, args: unknown[]): Promise<unknown>;
  onNote(call: number, method: 'log' | 'progress', args: unknown[]): void;
  onViolation(v: Extract<ChildMessage, { t: 'violation' }>): void;
  onKilled(reason: string): void;
  /** A call failed because an allocation hit the memory limit (the process lives on). */
  onMemory?(reason: string): void;
}

export class SandboxProcess {
  private child: ChildProcess | undefined;
  private channel: Socket | undefined;
  private readonly calls = new Map<number, Pending>();
  private seq = 0;
  private buffer = '';
  private outputBytes = 0;
  private stderrTail = '';
  /** Whether stderr ever said the process ran out of memory (Node 22's native stack after it is longer than the tail kept). */
  private outOfMemory = false;
  private windowStart = Date.now();
  private windowCount = 0;
  private dead: string | undefined;
  readonly startedAt = Date.now();
  startMs = 0;

  constructor(
    private readonly spec: SpawnSpec,
    private readonly handlers: SandboxHandlers,
  ) {}

  get alive(): boolean {
    return !!this.child && !this.dead;
  }

  get busy(): boolean {
    return this.calls.size > 0;
  }

  /** Starts the process and waits until the entry module imported. */
  start(): Promise<void> {
    const t0 = performance.now();
    const cmd = buildCommand(this.spec);
    // Outside bubblewrap the process leads its own group, so a kill reaches everything it started.
    const child = spawn(cmd.file, cmd.args, { env: cmd.env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'], detached: modeOf(this.spec.support) !== 'bwrap', cwd: this.spec.dataDir });
    this.child = child;
    this.channel = child.stdio[3] as Socket;
    const count = (chunk: Buffer, err: boolean) => {
      this.outputBytes += chunk.length;
      if (err) {
        const text = this.stderrTail + chunk.toString('utf8');
        this.outOfMemory ||= isMemoryFailure(text);
        this.stderrTail = text.slice(-2000);
      }
      if (process.env.AGENTOS_DEBUG) process.stderr.write(`[${this.spec.skillId}] ${chunk.toString('utf8')}`);
      if (this.outputBytes > this.spec.limits.maxOutputBytes) this.kill(`it flooded its output (over ${this.spec.limits.maxOutputBytes} bytes)`);
    };
    child.stdout!.on('data', (c: Buffer) => count(c, false));
    child.stderr!.on('data', (c: Buffer) => count(c, true));
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.kill(`it did not start within ${this.spec.limits.startTimeoutMs} ms`);
      }, this.spec.limits.startTimeoutMs);
      this.ready = (error) => {
        clearTimeout(timer);
        this.ready = undefined;
        this.startMs = performance.now() - t0;
        if (error) reject(error);
        else resolve();
      };
      child.once('error', (e) => this.finish(`it could not be started (${e.message})`));
      child.once('exit', (code, signal) => {
        if (this.dead) return this.finish(this.dead);
        const tail = this.stderrTail.trim() ? `: ${this.stderrTail.trim().split('\n').slice(-3).join(' | ')}` : '';
        const memory = this.outOfMemory || isMemoryFailure(this.stderrTail);
        const why = memory
          ? `it exceeded its memory limit of ${this.spec.limits.memoryMb} MB and was stopped`
          : signal === 'SIGXCPU'
            ? `it ran out of CPU time (${this.spec.limits.cpuSeconds} s) and was stopped`
            : signal === 'SIGKILL'
              ? 'it was killed (SIGKILL)'
              : `its process exited (${signal ?? `code ${code}`})`;
        const reason = `${why}${memory ? '' : tail}`;
        if (this.calls.size > 0 || this.ready) this.handlers.onKilled(reason);
        this.finish(reason);
      });
      this.channel!.setEncoding('utf8');
      this.channel!.on('data', (chunk: string) => this.onData(chunk));
      this.channel!.on('error', () => undefined);
    });
  }

  private ready: ((error?: Error) => void) | undefined;

  private onData(chunk: string): void {
    this.buffer += chunk;
    if (this.buffer.length > this.spec.limits.maxMessageBytes) {
      this.kill(`it sent a message larger than ${this.spec.limits.maxMessageBytes} bytes`);
      return;
    }
    let i: number;
    while ((i = this.buffer.indexOf('\n')) >= 0 && !this.dead) {
      const line = this.buffer.slice(0, i);
      this.buffer = this.buffer.slice(i + 1);
      const now = Date.now();
      if (now - this.windowStart > 1000) {
        this.windowStart = now;
        this.windowCount = 0;
      }
      if (++this.windowCount > this.spec.limits.maxMessagesPerSecond) {
        this.kill(`it flooded the kernel with messages (over ${this.spec.limits.maxMessagesPerSecond} per second)`);
        return;
      }
      let parsed;
      try {
        parsed = ChildMessageSchema.safeParse(JSON.parse(line));
      } catch {
        this.kill('it sent malformed data on the kernel channel');
        return;
      }
      if (!parsed.success) {
        this.kill('it sent a malformed message on the kernel channel');
        return;
      }
      this.onMessage(parsed.data);
    }
  }

  private onMessage(m: ChildMessage): void {
    switch (m.t) {
      case 'ready':
        this.ready?.();
        break;
      case 'failed':
        this.ready?.(new Error(`its entry module failed to load: ${m.error.message}`));
        this.kill('its entry module failed to load', false);
        break;
      case 'violation':
        this.handlers.onViolation(m);
        break;
      case 'note':
        this.handlers.onNote(m.call, m.method, m.args);
        break;
      case 'req':
        if (!this.calls.has(m.call)) {
          this.send({ t: 'reply', id: m.id, ok: false, error: { name: 'Error', message: 'no call in progress' } });
          break;
        }
        this.handlers.onRequest(m.call, m.method, m.args).then(
          (value) => this.send({ t: 'reply', id: m.id, ok: true, value: value === undefined ? null : value }),
          (error: Error) => this.send({ t: 'reply', id: m.id, ok: false, error: { name: error.name, message: error.message } }),
        );
        break;
      case 'result': {
        const p = this.calls.get(m.id);
        if (!p) break;
        this.calls.delete(m.id);
        clearTimeout(p.timer);
        if (m.ok) p.resolve(m.value);
        else if (isMemoryFailure(`${m.error?.name ?? ''} ${m.error?.message ?? ''}`)) {
          // An allocation the OS refused, caught by the skill and returned: still the limit at work.
          const e = new SandboxKilled(`it exceeded its memory limit of ${this.spec.limits.memoryMb} MB (${m.error?.message ?? 'allocation failed'})`);
          this.handlers.onMemory?.(e.message);
          p.reject(e);
        } else {
          const e = new Error(m.error?.message ?? 'failed');
          e.name = m.error?.code === 'ERR_ACCESS_DENIED' ? 'CapabilityDenied' : 'SkillError';
          p.reject(e);
        }
        break;
      }
    }
  }

  private send(message: unknown): void {
    if (this.dead || !this.channel) return;
    this.channel.write(`${JSON.stringify(message)}\n`);
  }

  call(intent: string, slots: unknown, ctx: CallContextInfo, signal?: AbortSignal, timeoutMs = this.spec.limits.callTimeoutMs): { id: number; result: Promise<unknown> } {
    const id = ++this.seq;
    const result = new Promise<unknown>((resolve, reject) => {
      if (this.dead) {
        reject(new SandboxKilled(this.dead));
        return;
      }
      const timer = setTimeout(() => this.kill(`it did not answer within ${Math.round(timeoutMs / 100) / 10} s and was stopped`), timeoutMs);
      this.calls.set(id, { resolve, reject, timer });
      signal?.addEventListener('abort', () => this.send({ t: 'abort', id }), { once: true });
      this.send({ t: 'call', id, intent, slots, ctx });
    });
    return { id, result };
  }

  /** Kills the whole process tree; pending calls fail with the reason. */
  kill(reason: string, report = true): void {
    if (this.dead) return;
    this.dead = reason;
    const child = this.child;
    if (child?.pid) {
      try {
        if (modeOf(this.spec.support) === 'bwrap') child.kill('SIGKILL');
        else process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }
    if (report) this.handlers.onKilled(reason);
    this.finish(reason);
  }

  private finish(reason: string): void {
    if (!this.dead) this.dead = reason;
    this.ready?.(new SandboxKilled(reason));
    for (const [id, p] of this.calls) {
      clearTimeout(p.timer);
      p.reject(new SandboxKilled(reason));
      this.calls.delete(id);
    }
    this.channel?.destroy();
  }

  /** Lets an idle process not keep the host alive (the CLI). */
  unref(): void {
    this.child?.unref();
    (this.child?.stdout as Socket | null)?.unref?.();
    (this.child?.stderr as Socket | null)?.unref?.();
    this.channel?.unref();
  }

  ref(): void {
    this.child?.ref();
    (this.child?.stdout as Socket | null)?.ref?.();
    (this.child?.stderr as Socket | null)?.ref?.();
    this.channel?.ref();
  }
}
