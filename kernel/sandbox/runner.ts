/**
 * The sandbox runner: the kernel's `SkillInvoker` for community skills. It verifies the skill's
 * files against the lock, refuses community code where the machine has no OS confinement (unless
 * the user opted in), starts one confined process per skill (reused while it stays healthy,
 * stopped when idle), serves its context over IPC (granted files through the kernel, granted
 * programs through the skill's launcher), and turns crashes, hangs, floods and limit breaches into
 * errors the user can read, recorded in the audit log, while the kernel keeps serving.
 * Instruction skills (SKILL.md) and MCP servers are dispatched to their own runners.
 */
import path from 'node:path';
import type { SkillContext, SkillResult, Slots } from '../contracts/index.js';
import type { AuditLog } from '../audit/index.js';
import type { EventBus } from '../events/index.js';
import type { GrantStore } from '../permissions/index.js';
import { expandPath } from '../profile/index.js';
import type { LoadedSkill } from '../skills/index.js';
import { resolveEntry } from '../skills/index.js';
import type { Launcher } from '../capabilities/index.js';
import { serveCapability } from './capability-server.js';
import { runnerFile } from './child-program.js';
import { createLauncher } from './launcher.js';
import { DEFAULT_LIMITS, SandboxProcess, type SandboxLimits } from './process.js';
import type { CallContextInfo, CapsInfo } from './protocol.js';
import { sandboxSupport, unconfinedRefusal, type SandboxSupport } from './support.js';

/** Whether an installed skill's files are still what was installed (the package lock's check). */
export type IntegrityCheck = { ok: true } | { ok: false; reason: string; diff?: unknown };

export interface SandboxRunnerOptions {
  profileDir: string;
  /**
   * Checks a community skill's files before each start and before each call of another kind: a
   * changed skill is refused. The composition root passes the package lock's check; it is given
   * rather than imported because the package manager sits above the sandbox (it starts MCP
   * servers confined to list their tools).
   */
  verify: (skill: LoadedSkill) => IntegrityCheck;
  grants: GrantStore;
  audit: AuditLog;
  events?: EventBus;
  limits?: Partial<SandboxLimits>;
  /** Stop an idle process after this long (0: after every call, as the CLI does). */
  idleMs?: number;
  support?: SandboxSupport;
  /** Other kinds of community skill (instructions, mcp). */
  kinds?: Partial<Record<'instructions' | 'mcp', (skill: LoadedSkill, intent: string, slots: Slots, ctx: SkillContext) => Promise<SkillResult>>>;
}

export class SkillRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SkillRefused';
  }
}

export class SandboxRunner {
  readonly limits: SandboxLimits;
  readonly support: SandboxSupport;
  private readonly processes = new Map<string, { proc: SandboxProcess; ctxByCall: Map<number, SkillContext>; idle?: NodeJS.Timeout }>();
  private closed = false;

  constructor(private readonly options: SandboxRunnerOptions) {
    // Fail closed, and say so, rather than at the first call with "verify is not a function".
    if (typeof options.verify !== 'function') throw new TypeError('SandboxRunner needs options.verify: the check that an installed skill is unchanged (the package lock\'s checkInstalled)');
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.support = options.support ?? sandboxSupport();
  }

  /** The `SkillInvoker` the kernel calls for every community skill step. */
  invoke = async (skill: LoadedSkill, intent: string, slots: Slots, ctx: SkillContext): Promise<SkillResult> => {
    if (this.closed) throw new Error('the sandbox is shut down');
    const id = skill.manifest.id;
    const kind = skill.manifest.kind;
    if (kind !== 'module') {
      const run = this.options.kinds?.[kind];
      if (!run) throw new Error(`${kind} skills are not supported in this process`);
      this.verify(skill);
      if (kind === 'mcp') this.refuseUnconfined(skill);
      return run(skill, intent, slots, ctx);
    }
    let entry = this.processes.get(id);
    if (!entry || !entry.proc.alive) {
      entry = await this.start(skill, ctx);
    }
    if (entry.idle) clearTimeout(entry.idle);
    entry.proc.ref();
    const info = this.contextInfo(ctx);
    const { id: callId, result } = entry.proc.call(intent, slots, info, ctx.signal);
    entry.ctxByCall.set(callId, ctx);
    try {
      return (await result) as SkillResult;
    } finally {
      entry.ctxByCall.delete(callId);
      this.scheduleIdle(id);
    }
  };

  private verify(skill: LoadedSkill): void {
    const check = this.options.verify(skill);
    if (!check.ok) {
      this.options.audit.append('skill.refused', skill.manifest.id, { reason: check.reason, ...(check.diff ? { diff: check.diff } : {}) });
      throw new SkillRefused(check.reason);
    }
  }

  /**
   * The launcher of the skill's granted programs: the skill's confinement, seeing its granted
   * paths as they are granted at this moment (read at each start, so a revoked grant is gone).
   */
  private launcher(skill: LoadedSkill, ctx: SkillContext): Launcher {
    const grants = this.options.grants;
    const vars = { data: ctx.dataDir };
    const scope = (k: 'fs.read' | 'fs.write') => (grants.scope(ctx.skillId, k) ?? []).map((p) => expandPath(p, vars));
    return (spec) =>
      createLauncher({ skillId: skill.manifest.id, profileDir: this.options.profileDir, dataDir: ctx.dataDir, readPaths: scope('fs.read'), writePaths: scope('fs.write'), support: this.support, limits: this.limits })(spec);
  }

  /** Community code does not run without OS confinement unless the user opted in (support.ts). */
  private refuseUnconfined(skill: LoadedSkill): void {
    const why = unconfinedRefusal(this.support, `community skills (${skill.manifest.id})`);
    if (!why) return;
    this.options.audit.append('skill.refused', skill.manifest.id, { reason: why, mode: this.support.mode });
    throw new SkillRefused(why);
  }

  private async start(skill: LoadedSkill, ctx: SkillContext) {
    const id = skill.manifest.id;
    this.verify(skill);
    this.refuseUnconfined(skill);
    const dataDir = ctx.dataDir;
    const ctxByCall = new Map<number, SkillContext>();
    const audit = this.options.audit;
    const proc = new SandboxProcess(
      {
        skillId: id,
        runnerFile: runnerFile(this.options.profileDir),
        entryFile: path.resolve(resolveEntry(skill.dir, skill.manifest.entry)),
        skillDir: skill.dir,
        dataDir,
        profileDir: this.options.profileDir,
        support: this.support,
        limits: this.limits,
      },
      {
        onRequest: (call, method, args) => {
          const c = ctxByCall.get(call);
          if (!c) return Promise.reject(new Error('no call in progress'));
          return serveCapability({ grants: this.options.grants, audit, launcher: this.launcher(skill, c), skillDir: skill.dir }, c, method, args);
        },
        onNote: (call, method, args) => {
          const c = ctxByCall.get(call);
          if (!c) return;
          if (method === 'log') c.log(String(args[0] ?? ''));
          else c.progress(Number(args[0]) || 0, typeof args[1] === 'string' ? args[1] : undefined);
        },
        onViolation: (v) => {
          audit.append('sandbox.violation', id, { kind: v.kind, op: v.op, target: v.target, message: v.message });
        },
        onMemory: (reason) => {
          audit.append('sandbox.violation', id, { kind: 'memory', op: 'allocate', target: `${this.limits.memoryMb} MB`, message: reason });
        },
        onKilled: (reason) => {
          audit.append('sandbox.killed', id, { reason });
          this.options.events?.emit({ type: 'skill.error', skill: id, message: `stopped: ${reason}` });
        },
      },
    );
    const entry = { proc, ctxByCall } as { proc: SandboxProcess; ctxByCall: Map<number, SkillContext>; idle?: NodeJS.Timeout };
    this.processes.set(id, entry);
    try {
      await proc.start();
    } catch (error) {
      this.processes.delete(id);
      throw error;
    }
    return entry;
  }

  private contextInfo(ctx: SkillContext): CallContextInfo {
    const caps: CapsInfo = {};
    if (ctx.fs) caps.fs = { roots: [...ctx.fs.roots], write: typeof ctx.fs.writeFile === 'function' };
    if (ctx.exec) caps.exec = { programs: [...ctx.exec.programs] };
    if (ctx.net) caps.net = true;
    if (ctx.notify) caps.notify = true;
    if (ctx.scheduler) caps.scheduler = true;
    if (ctx.llm) caps.llm = true;
    if (ctx.clipboard) caps.clipboard = true;
    return {
      skillId: ctx.skillId,
      requestId: ctx.requestId,
      text: ctx.text,
      now: ctx.now.toISOString(),
      timezone: ctx.timezone,
      settings: { ...ctx.settings },
      dataDir: ctx.dataDir,
      ...(ctx.input ? { input: ctx.input } : {}),
      caps,
    };
  }

  private scheduleIdle(id: string): void {
    const entry = this.processes.get(id);
    if (!entry || entry.proc.busy) return;
    const idleMs = this.options.idleMs ?? 60_000;
    if (idleMs <= 0) {
      entry.proc.unref();
      return;
    }
    entry.proc.unref();
    entry.idle = setTimeout(() => {
      entry.proc.kill('idle', false);
      this.processes.delete(id);
    }, idleMs);
    entry.idle.unref();
  }

  /** Start time of the skill's current process, for the benchmark. */
  processOf(id: string): SandboxProcess | undefined {
    return this.processes.get(id)?.proc;
  }

  /** Stops one skill's process (after an update or remove). */
  stop(id: string): void {
    const entry = this.processes.get(id);
    if (!entry) return;
    if (entry.idle) clearTimeout(entry.idle);
    entry.proc.kill('stopped by the kernel', false);
    this.processes.delete(id);
  }

  close(): void {
    this.closed = true;
    for (const id of [...this.processes.keys()]) this.stop(id);
  }
}
