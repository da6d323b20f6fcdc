/**
 * The Agent Kernel: request → intent → plan → permission check → dispatch → result, with every
 * request and result appended to the event log. Runs in plain Node: the CLI, the browser-mode
 * server and the Electron kernel host all drive this one object.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  RequestSchema,
  SkillResultSchema,
  ValidationError,
  describeIssues,
  type IntentEngine,
  type PendingQuestion,
  type Plan,
  type PlanOutcome,
  type Planner,
  type Request,
  type RequestInput,
  type Response,
  type SkillContext,
  type SkillResult,
  type Slots,
  type StepResult,
  type Suggestion,
  type KernelEvent,
  type LlmCapability,
  type GraphCapability,
} from './contracts/index.js';
import { openDatabase, type Db } from './store/index.js';
import { Settings } from './settings/index.js';
import { EventBus, EventLog } from './events/index.js';
import { GrantStore } from './permissions/index.js';
import { AuditLog } from './audit/index.js';
import { checkInstalled, readLock } from './packages/index.js';
import { Scheduler } from './scheduler/index.js';
import { SkillRegistry, SqliteSkillStore, type LoadedSkill, type SkillLoadProblem } from './skills/index.js';
import { createExecCapability, createFsCapability, createNetCapability } from './capabilities/index.js';
import { createIntentEngine, fillFromInput, SimplePlanner } from './intent/index.js';
import { Sessions } from './sessions.js';
import { resolveProfileDir } from './profile/index.js';

/** Where the built-in skills are: `dist/skills` after a build, `skills/` when running from sources. */
export function defaultBuiltinSkillsDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, '..', 'skills');
}

/** Runs a community skill's handler (in its sandbox). Built-ins run in-process. */
export type SkillInvoker = (skill: LoadedSkill, intent: string, slots: Slots, ctx: SkillContext) => Promise<SkillResult>;

export interface KernelServices {
  /** Runs community skills; without it they are refused. */
  invoker?: SkillInvoker;
  /** Language-model access for skills granted `llm`. */
  llm?: LlmCapability;
  /** Extra suggestions when a request is not understood (the recommender). */
  suggest?: (text: string, limit: number) => Suggestion[] | Promise<Suggestion[]>;
  /** The knowledge graph, given to built-in skills as `ctx.graph`. */
  graph?: GraphCapability;
}

export interface KernelOptions {
  profileDir?: string;
  builtinSkillsDir?: string;
  communitySkillsDir?: string;
  engine?: IntentEngine;
  planner?: (engine: IntentEngine, kernel: { manifest: SkillRegistry['get'] }) => Planner;
  services?: KernelServices;
  /** Start firing reminders and timers (the app, `agentos serve`). The CLI leaves it off. */
  startScheduler?: boolean;
  /** A skill handler running longer than this is abandoned. */
  stepTimeoutMs?: number;
  clock?: () => Date;
}

export class Kernel {
  readonly profileDir: string;
  readonly db: Db;
  readonly settings: Settings;
  readonly events: EventBus;
  readonly eventLog: EventLog;
  readonly grants: GrantStore;
  /** Hash-chained record of installs, grants, privileged calls and denials. */
  readonly audit: AuditLog;
  readonly scheduler: Scheduler;
  readonly registry: SkillRegistry;
  readonly store: SqliteSkillStore;
  readonly engine: IntentEngine;
  readonly sessions: Sessions;
  readonly services: KernelServices;
  private readonly planner: Planner;
  private readonly clock: () => Date;
  private readonly stepTimeoutMs: number;
  /** Skills whose manifest failed, and skills whose templates failed to compile. */
  readonly problems: SkillLoadProblem[];
  /** Timers that passed while nothing ran, reported at start. */
  readonly missedTimers: ReturnType<Scheduler['collectMissed']>;

  constructor(options: KernelOptions = {}) {
    this.profileDir = options.profileDir ?? resolveProfileDir();
    this.clock = options.clock ?? (() => new Date());
    this.stepTimeoutMs = options.stepTimeoutMs ?? 10 * 60_000;
    this.services = options.services ?? {};
    this.db = openDatabase(this.profileDir);
    this.settings = new Settings(this.db);
    this.events = new EventBus();
    this.eventLog = new EventLog(this.db);
    this.grants = new GrantStore(this.db);
    this.audit = new AuditLog(this.db, this.profileDir);
    this.scheduler = new Scheduler(this.db, this.events);
    this.store = new SqliteSkillStore(this.db);
    this.sessions = new Sessions(this.db);
    this.registry = new SkillRegistry(
      { builtinDir: options.builtinSkillsDir ?? defaultBuiltinSkillsDir(), communityDir: options.communitySkillsDir ?? path.join(this.profileDir, 'skills') },
      this.settings.getRaw<string[]>('skills.disabled', []),
    );
    this.problems = [...this.registry.problems];
    this.verifyCommunitySkills();
    this.engine =
      options.engine ??
      createIntentEngine({
        cacheDir: path.join(this.profileDir, 'cache'),
        embeddingModelDir: this.settings.get('intent.embeddingModelDir'),
        allowRemoteModels: this.settings.get('intent.allowRemoteModels'),
      });
    for (const skill of this.registry.all()) this.addToEngine(skill);
    const manifest = (id: string) => this.registry.get(id)?.manifest;
    this.planner = options.planner ? options.planner(this.engine, { manifest: (id) => this.registry.get(id) }) : new SimplePlanner(this.engine, manifest);
    this.missedTimers = options.startScheduler ? this.scheduler.start() : this.scheduler.collectMissed(this.clock());
  }

  /** Every community skill's files are checked against the lock before it loads; a changed one is refused. */
  private verifyCommunitySkills(): void {
    const community = this.registry.all().filter((s) => !s.builtin);
    if (community.length === 0) return;
    let lock: ReturnType<typeof readLock> | undefined;
    try {
      lock = readLock(this.profileDir);
    } catch {
      lock = undefined;
    }
    for (const skill of community) {
      const check = checkInstalled(this.profileDir, skill.manifest.id, skill.dir, lock);
      if (check.ok) continue;
      this.registry.remove(skill.manifest.id);
      this.problems.push({ skill: skill.manifest.id, dir: skill.dir, errors: [`refused: ${check.reason}`] });
      this.audit.append('skill.refused', skill.manifest.id, { reason: check.reason, ...(check.diff ? { diff: check.diff } : {}) });
    }
  }

  /**
   * A step fed by untrusted content (a community skill's result, or a file's or the web's) that
   * needs a privileged permission (exec, fs.write, net, clipboard) is confirmed by the user first:
   * content must not be able to make the agent act on its own.
   */
  private untrustedTrigger(plan: Plan): { step: Plan['steps'][number]; source: string } | undefined {
    const privileged = new Set(['exec', 'fs.write', 'net', 'clipboard']);
    for (const step of plan.steps) {
      if (!step.inputFrom) continue;
      const source = plan.steps.find((s) => s.id === step.inputFrom);
      const from = source ? this.registry.get(source.skill) : undefined;
      if (!from || !this.producesUntrusted(from)) continue;
      const to = this.registry.get(step.skill);
      if (to && this.grants.active(to.manifest.id).some((g) => privileged.has(g.permission.kind))) return { step, source: from.manifest.name };
    }
    return undefined;
  }

  private producesUntrusted(skill: LoadedSkill): boolean {
    return !skill.builtin || skill.manifest.permissions.some((p) => p.kind === 'fs.read' || p.kind === 'net');
  }

  private addToEngine(skill: LoadedSkill): void {
    try {
      this.engine.addSkill(skill.manifest);
      if (skill.builtin && !this.grants.hasAnyGrant(skill.manifest.id)) this.grants.grantDeclared(skill.manifest.id, skill.manifest.permissions);
    } catch (error) {
      this.registry.remove(skill.manifest.id);
      const errors = error instanceof ValidationError ? [error.message] : [(error as Error).message];
      this.problems.push({ skill: skill.manifest.id, dir: skill.dir, errors });
    }
  }

  /** Adds or replaces a skill at run time (install, update). */
  addSkill(skill: LoadedSkill): void {
    this.registry.upsert(skill);
    this.addToEngine(skill);
    this.events.emit({ type: 'skills.changed' });
  }

  removeSkill(id: string): void {
    this.registry.remove(id);
    this.engine.removeSkill(id);
    this.events.emit({ type: 'skills.changed' });
  }

  setSkillEnabled(id: string, enabled: boolean): void {
    const disabled = this.registry.setEnabled(id, enabled);
    this.settings.setRaw('skills.disabled', disabled);
    this.events.emit({ type: 'skills.changed' });
  }

  onEvent(listener: (event: KernelEvent) => void): () => void {
    return this.events.on(listener);
  }

  /** Validates a request; throws a ValidationError naming the problem and the fix. */
  static parseRequest(input: RequestInput): Request {
    const parsed = RequestSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError('The request is not valid', describeIssues(parsed.error));
    return parsed.data;
  }

  async handle(input: RequestInput): Promise<Response> {
    const started = performance.now();
    const parsed = Kernel.parseRequest(input);
    const request = { ...parsed, id: parsed.id ?? randomUUID().replace(/-/g, '').slice(0, 16), text: parsed.text.trim() };
    const now = this.clock();
    this.eventLog.appendRequest(request, now);
    this.events.emit({ type: 'request.received', requestId: request.id, text: request.text, source: request.source, at: now.toISOString() });

    const session = this.sessions.state(request.sessionId);
    const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const enabled = this.registry.enabled().map((s) => s.manifest.id);
    let outcome: PlanOutcome;
    const pending = request.replyTo ? this.sessions.take(request.sessionId, request.replyTo) : undefined;
    await this.engine.prepare?.(request.text);
    if (request.replyTo && !pending) {
      outcome = this.planner.plan(request.text, session, { now, timezone });
    } else if (pending) {
      outcome = pending.kind === 'confirm' && pending.plan ? this.confirmOutcome(pending, request.text) : this.planner.answer(pending, request.text, session, { now, timezone });
    } else {
      outcome = this.planner.plan(request.text, session, { now, timezone });
    }
    outcome = this.onlyEnabled(outcome, enabled);

    let response: Omit<Response, 'durationMs' | 'kernelMs'>;
    const base = { requestId: request.id, sessionId: request.sessionId, steps: [] as StepResult[], suggestions: [] as Suggestion[] };
    switch (outcome.kind) {
      case 'not_understood':
        response = { ...base, status: 'not_understood', text: "Sorry, I can't do that yet.", suggestions: await this.suggestionsFor(request.text, outcome.candidates) };
        break;
      case 'clarify': {
        const q = this.sessions.ask({ sessionId: request.sessionId, kind: 'clarify', text: request.text, choices: outcome.choices });
        response = { ...base, status: 'clarify', text: outcome.question, clarification: { id: q.id, question: outcome.question, choices: outcome.choices.map(({ label, value }) => ({ label, value })) } };
        break;
      }
      case 'ask_slot': {
        const q = this.sessions.ask({ sessionId: request.sessionId, kind: 'ask_slot', text: request.text, plan: outcome.plan, stepId: outcome.stepId, slot: outcome.slot });
        response = { ...base, status: 'ask_slot', text: outcome.question, clarification: { id: q.id, question: outcome.question, choices: [] } };
        break;
      }
      case 'plan': {
        const confirmed = request.confirmed === true || pending?.kind === 'confirm';
        const needsConfirm = !confirmed && outcome.plan.steps.find((s) => this.registry.get(s.skill)?.manifest.intents.find((i) => i.id === s.intent)?.confirm);
        const untrusted = !confirmed ? this.untrustedTrigger(outcome.plan) : undefined;
        if (untrusted && !needsConfirm) {
          const target = this.registry.get(untrusted.step.skill)?.manifest.name ?? untrusted.step.skill;
          const question = `"${untrusted.step.text}" would let ${target} act on content from ${untrusted.source}, which is untrusted. Run it?`;
          const q = this.sessions.ask({ sessionId: request.sessionId, kind: 'confirm', text: request.text, plan: outcome.plan });
          this.audit.append('untrusted.confirm', untrusted.step.skill, { requestId: request.id, step: untrusted.step.text, source: untrusted.source });
          response = { ...base, status: 'confirm', text: question, clarification: { id: q.id, question, choices: [{ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' }] } };
          break;
        }
        if (needsConfirm) {
          const question = `Run "${needsConfirm.text}" with ${this.registry.get(needsConfirm.skill)?.manifest.name ?? needsConfirm.skill}?`;
          const q = this.sessions.ask({ sessionId: request.sessionId, kind: 'confirm', text: request.text, plan: outcome.plan });
          response = { ...base, status: 'confirm', text: question, clarification: { id: q.id, question, choices: [{ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' }] } };
          break;
        }
        response = await this.execute(request, outcome.plan, now, timezone);
        if (response.status === 'served' || response.status === 'partial') {
          this.sessions.save({ sessionId: request.sessionId, last: { text: request.text, steps: response.steps } });
        }
        break;
      }
    }
    const durationMs = performance.now() - started;
    const skillMs = response.steps.reduce((sum, s) => sum + s.durationMs, 0);
    const full: Response = { ...response, durationMs, kernelMs: Math.max(0, durationMs - skillMs) };
    this.eventLog.appendResult(request, full, this.clock());
    this.events.emit({ type: 'request.completed', response: full, text: request.text, at: this.clock().toISOString() });
    return full;
  }

  private confirmOutcome(pending: PendingQuestion, answer: string): PlanOutcome {
    if (/^(y|yes|ok|okay|sure|do it|go ahead|confirm)\b/i.test(answer.trim()) && pending.plan) return { kind: 'plan', plan: pending.plan };
    return { kind: 'not_understood', candidates: [] };
  }

  private onlyEnabled(outcome: PlanOutcome, enabled: string[]): PlanOutcome {
    const ok = new Set(enabled);
    if (outcome.kind === 'plan' && outcome.plan.steps.some((s) => !ok.has(s.skill))) return { kind: 'not_understood', candidates: [] };
    if (outcome.kind === 'clarify') {
      const choices = outcome.choices.filter((c) => ok.has(c.step.skill));
      if (choices.length === 0) return { kind: 'not_understood', candidates: [] };
      if (choices.length === 1) return { kind: 'plan', plan: { steps: [choices[0]!.step] } };
      return { ...outcome, choices };
    }
    if (outcome.kind === 'not_understood') return { ...outcome, candidates: outcome.candidates.filter((c) => ok.has(c.skill)) };
    return outcome;
  }

  /** "Did you mean …": the closest intents' examples, then the recommender's, then a few starters. */
  async suggestionsFor(text: string, candidates: { skill: string; intent: string }[]): Promise<Suggestion[]> {
    const out: Suggestion[] = [];
    const seen = new Set<string>();
    // The last place is kept for "what can you do", so a user is never left without a way on.
    const push = (s: Suggestion) => {
      if (!seen.has(s.request) && s.request !== 'what can you do' && out.length < 4) {
        seen.add(s.request);
        out.push(s);
      }
    };
    for (const c of candidates) {
      const example = this.registry.get(c.skill)?.manifest.intents.find((i) => i.id === c.intent)?.examples[0];
      if (example) push({ request: example, skill: c.skill, reason: 'closest match' });
    }
    for (const s of (await this.services.suggest?.(text, 5)) ?? []) push(s);
    if (out.length < 3) {
      for (const skill of this.registry.enabled()) {
        const example = skill.manifest.intents[0]?.examples[0];
        if (example) push({ request: example, skill: skill.manifest.id, reason: skill.manifest.description });
      }
    }
    out.push({ request: 'what can you do', reason: 'list everything AgentOS can do' });
    return out;
  }

  private async execute(request: Request & { id: string }, plan: Plan, now: Date, timezone: string): Promise<Omit<Response, 'durationMs' | 'kernelMs'>> {
    const steps: StepResult[] = [];
    const results = new Map<string, SkillResult>();
    for (const step of plan.steps) {
      const t0 = performance.now();
      const skill = this.registry.get(step.skill);
      const input = step.inputFrom ? results.get(step.inputFrom) : undefined;
      try {
        if (!skill) throw new Error(`the skill "${step.skill}" is not installed`);
        if (step.inputFrom && !input) throw new Error('the step it depends on did not produce a result');
        const slots = input ? fillFromInput(step.slots, input, skill.manifest.intents.find((i) => i.id === step.intent)) : step.slots;
        const result = await this.runStep(skill, step.intent, slots, request, step.text, now, timezone, input);
        results.set(step.id, result);
        steps.push({ stepId: step.id, skill: step.skill, intent: step.intent, slots: step.slots, status: 'ok', result, durationMs: performance.now() - t0 });
      } catch (error) {
        const denied = (error as Error).name === 'CapabilityDenied';
        steps.push({ stepId: step.id, skill: step.skill, intent: step.intent, slots: step.slots, status: denied ? 'denied' : 'error', error: (error as Error).message, durationMs: performance.now() - t0 });
        this.events.emit({ type: 'skill.error', skill: step.skill, message: (error as Error).message });
      }
    }
    const ok = steps.filter((s) => s.status === 'ok');
    const status = ok.length === steps.length ? 'served' : ok.length > 0 ? 'partial' : steps.every((s) => s.status === 'denied') ? 'denied' : 'error';
    const text = steps.map((s) => (s.status === 'ok' ? s.result!.text : `${this.registry.get(s.skill)?.manifest.name ?? s.skill} could not do that: ${s.error}`)).join('\n');
    const first = steps.find((s) => s.status !== 'ok');
    return {
      requestId: request.id,
      sessionId: request.sessionId,
      status,
      text,
      steps,
      suggestions: [],
      ...(first && status !== 'served' ? { error: { code: first.status === 'denied' ? 'denied' : 'skill_failed', message: first.error ?? 'failed' } } : {}),
    };
  }

  /** Builds the context the skill was granted and runs its handler with a timeout; the result is validated. */
  private async runStep(skill: LoadedSkill, intent: string, slots: Slots, request: Request & { id: string }, text: string, now: Date, timezone: string, input?: SkillResult): Promise<SkillResult> {
    const controller = new AbortController();
    const ctx = this.contextFor(skill, request, text, now, timezone, controller.signal, input);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Error(`it did not answer within ${Math.round(this.stepTimeoutMs / 1000)} s`));
      }, this.stepTimeoutMs);
    });
    try {
      const run = skill.builtin
        ? this.registry.module(skill.manifest.id).then((mod) => mod[intent]!(slots, ctx))
        : this.services.invoker
          ? this.services.invoker(skill, intent, slots, ctx)
          : Promise.reject(new Error('community skills run only in the sandbox, which is not available in this process'));
      const raw = await Promise.race([run, timeout]);
      const parsed = SkillResultSchema.safeParse(raw);
      if (!parsed.success) throw new Error(`it returned a malformed result (${describeIssues(parsed.error).join('; ')})`);
      return this.producesUntrusted(skill) ? { ...parsed.data, untrusted: true } : parsed.data;
    } finally {
      clearTimeout(timer);
    }
  }

  contextFor(skill: LoadedSkill, request: Request & { id: string }, text: string, now: Date, timezone: string, signal: AbortSignal, input?: SkillResult): SkillContext {
    const id = skill.manifest.id;
    const dataDir = path.join(this.profileDir, 'data', id);
    const scope = (kind: Parameters<GrantStore['scope']>[1]) => this.grants.scope(id, kind);
    const settings: Record<string, unknown> = {};
    const stored = this.settings.getRaw<Record<string, unknown>>(`skill.${id}`, {});
    for (const [key, spec] of Object.entries(skill.manifest.settings)) settings[key] = stored[key] ?? spec.default ?? null;
    const readRoots = scope('fs.read');
    const writeRoots = scope('fs.write');
    const programs = scope('exec');
    const hosts = scope('net');
    const notifications = scope('notifications');
    const events = this.events;
    const scheduler = this.scheduler;
    const ctx: SkillContext = {
      skillId: id,
      requestId: request.id,
      text,
      now,
      timezone,
      settings,
      get dataDir() {
        fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
        return dataDir;
      },
      ...(input ? { input } : {}),
      store: this.store.forSkill(id),
      skills: { list: async () => this.registry.summaries() },
      log: (message: string) => process.env.AGENTOS_DEBUG && process.stderr.write(`[${id}] ${message}\n`),
      progress: (fraction: number, message?: string) =>
        events.emit({ type: 'progress', requestId: request.id, skill: id, fraction: Math.max(0, Math.min(1, fraction)), ...(message ? { message } : {}) }),
      signal,
      ...(readRoots || writeRoots ? { fs: createFsCapability([...(readRoots ?? []), ...(writeRoots ?? [])], writeRoots ?? [], { data: dataDir }) } : {}),
      ...(programs ? { exec: createExecCapability(programs) } : {}),
      ...(hosts ? { net: createNetCapability(hosts) } : {}),
      ...(notifications
        ? {
            notify: { notify: async (title: string, body?: string) => events.emit({ type: 'notification', title, ...(body ? { body } : {}), skill: id }) },
            scheduler: {
              schedule: async (t: { kind: 'reminder' | 'timer'; title: string; dueAt: string }) => scheduler.schedule(id, t),
              list: async (o?: { includeDone?: boolean }) => scheduler.list({ skill: id, ...(o?.includeDone ? { includeDone: true } : {}) }),
              cancel: async (timerId: string) => scheduler.cancel(timerId, id),
            },
          }
        : {}),
      ...(scope('llm') && this.services.llm ? { llm: this.services.llm } : {}),
      ...(skill.builtin && this.services.graph ? { graph: this.services.graph } : {}),
    };
    return ctx;
  }

  close(): void {
    this.scheduler.stop();
    this.db.close();
  }
}

export function createKernel(options: KernelOptions = {}): Kernel {
  return new Kernel(options);
}
