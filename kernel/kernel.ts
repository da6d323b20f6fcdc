/**
 * The Agent Kernel's composition root: it opens the profile's stores and wires the subsystems
 * together — skill lifecycle, capability contexts, dispatch — and owns their shutdown. The work
 * is done by the subsystems; the CLI, the browser-mode server and the Electron kernel process
 * (all under hosts/) drive this one object, opened with `openKernel` (open.ts).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GraphCapability, IntentEngine, KernelEvent, LlmCapability, Planner, RequestInput, Response, ContributionResult } from './contracts/index.js';
import type { Agent } from './agent/index.js';
import { AuditLog } from './audit/index.js';
import { Log, logFile } from './log/index.js';
import { mirrorToLog } from './logging.js';
import { ContextFactory } from './capabilities/index.js';
import { ConfirmationPolicy, Dispatcher, Executor, PersonalPhrasings, Sessions, callContribution, type ContributionCall, type SkillInvoker, type Suggest } from './dispatch/index.js';
import { EventBus, EventLog } from './events/index.js';
import { createIntentEngine, SimplePlanner } from './intent/index.js';
import { ExternalChanges, SkillLifecycle, SkillSettings } from './lifecycle/index.js';
import { GrantStore } from './permissions/index.js';
import { resolveCacheDir, resolveProfileDir } from './profile/index.js';
import { Rules, type RulesOptions } from './rules/index.js';
import { Scheduler } from './scheduler/index.js';
import { guardInspector } from './sandbox/index.js';
import { Settings } from './settings/index.js';
import { resolveTime, setTimePreferences, spokenReply } from './sdk/index.js';
import { SkillRegistry, SqliteSkillStore, type LoadedSkill, type SkillLoadProblem } from './skills/index.js';
import { openDatabase, type Db } from './store/index.js';

/** Where the built-in skills are: `dist/skills` after a build, `skills/` when running from sources. */
export function defaultBuiltinSkillsDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'skills');
}

/** Optional services, fixed when the kernel is built (open.ts makes lazy ones). */
export interface KernelServices {
  /** Runs community skills; without it they are refused. */
  readonly invoker?: SkillInvoker;
  /** Language-model access for skills granted `llm`. */
  readonly llm?: LlmCapability;
  /** Extra suggestions when a request is not understood (the recommender). */
  readonly suggest?: Suggest;
  /** The knowledge graph, given to built-in skills as `ctx.graph`. */
  readonly graph?: GraphCapability;
  /** Stops a community skill's running process (it was removed, replaced or its grants changed in another process). */
  readonly stopSkill?: (id: string) => void;
}

/** The parts services are built from (see KernelOptions.services). */
export type KernelParts = Pick<Kernel, 'profileDir' | 'db' | 'settings' | 'events' | 'eventLog' | 'grants' | 'audit' | 'registry' | 'engine' | 'onEvent' | 'onClose'>;

export interface KernelOptions {
  profileDir?: string;
  builtinSkillsDir?: string;
  communitySkillsDir?: string;
  engine?: IntentEngine;
  planner?: (engine: IntentEngine, kernel: { manifest: SkillRegistry['get'] }) => Planner;
  /** The services, or a function building them from the kernel's parts. */
  services?: KernelServices | ((parts: KernelParts) => KernelServices);
  /** Start firing reminders and timers (the app, `agentos serve`). The CLI leaves it off. */
  startScheduler?: boolean;
  /** A skill handler running longer than this is abandoned. */
  stepTimeoutMs?: number;
  clock?: () => Date;
  /** The rule engine's timings (tests shorten the wait for a new file to settle). */
  rules?: RulesOptions;
}

export class Kernel {
  readonly profileDir: string;
  readonly db: Db;
  readonly settings: Settings;
  readonly events = new EventBus();
  readonly eventLog: EventLog;
  readonly grants: GrantStore;
  /** Hash-chained record of installs, grants, privileged calls and denials. */
  readonly audit: AuditLog;
  /** The operational log file (logs/agentos.log): errors, sandbox kills, denials, rule firings. */
  readonly log: Log;
  readonly scheduler: Scheduler;
  readonly registry: SkillRegistry;
  readonly store: SqliteSkillStore;
  readonly engine: IntentEngine;
  private readonly sessions: Sessions;
  /** Phrasings this user taught the kernel by rephrasing or correcting a missed request (listed and removable in settings). */
  readonly phrasings: PersonalPhrasings;
  readonly services: KernelServices;
  /** The settings skills declare, as `skill.<id>.<key>`. */
  readonly skillSettings: SkillSettings;
  /** Tampering with the audit log found at start (each a sentence); the hosts show them, the kernel runs on. */
  readonly auditProblems: string[];
  /** Timers that passed while nothing ran, reported at start. */
  readonly missedTimers: ReturnType<Scheduler['collectMissed']>;
  /** Automations: rules from language, fired by the long-running hosts (schedules, files) and by events. */
  readonly rules: Rules;
  /** Scheduled rules that came due while nothing ran, reported at start (each ran once). */
  readonly missedRules: string[];
  private readonly lifecycle: SkillLifecycle;
  private readonly externalChanges: ExternalChanges;
  private readonly executor: Executor;
  private readonly dispatcher: Dispatcher;
  private readonly policy: ConfirmationPolicy;
  private readonly clock: () => Date;
  /** Agent mode, loaded on the first request made while llm.endpoint is set. */
  private agent?: Promise<Agent>;
  private readonly disposables: (() => void)[] = [];

  constructor(options: KernelOptions = {}) {
    const clock = options.clock ?? (() => new Date());
    this.clock = clock;
    this.profileDir = options.profileDir ?? resolveProfileDir();
    this.db = openDatabase(this.profileDir);
    this.settings = new Settings(this.db);
    this.applyTimePreferences();
    this.eventLog = new EventLog(this.db);
    const skillFolders = { builtinDir: options.builtinSkillsDir ?? defaultBuiltinSkillsDir(), communityDir: options.communitySkillsDir ?? path.join(this.profileDir, 'skills') };
    // No grant reaches the profile or any skill's folder (a skill's own data folder excepted).
    const skillDirs = [skillFolders.builtinDir, skillFolders.communityDir];
    this.grants = new GrantStore(this.db, { profileDir: this.profileDir, skillDirs });
    this.audit = new AuditLog(this.db, this.profileDir);
    this.log = new Log(logFile(this.profileDir), { level: this.settings.get('log.level') });
    this.disposables.push(mirrorToLog(this.audit, this.events, this.log));
    this.auditProblems = checkAudit(this.audit);
    // SIGUSR1 (from any process of this user) must not open an inspector into the kernel: refused and audited.
    this.disposables.push(guardInspector({ audit: this.audit }));
    this.scheduler = new Scheduler(this.db, this.events);
    this.store = new SqliteSkillStore(this.db);
    this.sessions = new Sessions(this.db);
    this.phrasings = new PersonalPhrasings(this.db);
    this.registry = new SkillRegistry(
      skillFolders,
      this.settings.getRaw<string[]>('skills.disabled', []),
    );
    this.engine = options.engine ?? createIntentEngine({ cacheDir: resolveCacheDir(this.profileDir), embeddingModelDir: this.settings.get('intent.embeddingModelDir'), allowRemoteModels: this.settings.get('intent.allowRemoteModels') });
    const emit = (event: KernelEvent) => this.events.emit(event);
    this.lifecycle = new SkillLifecycle({ profileDir: this.profileDir, registry: this.registry, engine: this.engine, grants: this.grants, settings: this.settings, audit: this.audit, emit });
    this.skillSettings = new SkillSettings({ registry: this.registry, settings: this.settings });
    this.services = typeof options.services === 'function' ? options.services(this) : (options.services ?? {});
    const lifecycle = this.lifecycle;
    this.externalChanges = new ExternalChanges({
      profileDir: this.profileDir,
      db: this.db,
      registry: this.registry,
      engine: this.engine,
      grants: this.grants,
      settings: this.settings,
      audit: this.audit,
      problems: lifecycle.problems,
      add: (skill) => lifecycle.add(skill),
      remove: (id) => lifecycle.remove(id),
      stopSkill: (id) => this.services.stopSkill?.(id),
    });
    const contexts = new ContextFactory({
      profileDir: this.profileDir,
      skillDirs: () => skillDirs,
      audit: (kind, skill, detail) => this.audit.append(kind, skill, detail),
      scope: (skill, kind) => this.grants.scope(skill, kind),
      storedSettings: (skill) => this.settings.getRaw<Record<string, unknown>>(`skill.${skill}`, {}),
      store: (skill) => this.store.forSkill(skill),
      summaries: () => this.registry.summaries(),
      emit,
      timers: this.scheduler,
      llm: () => this.services.llm,
      graph: () => this.services.graph,
    });
    this.executor = new Executor({ registry: this.registry, contextFor: (skill, scope) => contexts.contextFor(skill, scope), invoker: () => this.services.invoker, emit, stepTimeoutMs: options.stepTimeoutMs ?? 10 * 60_000, profileDir: this.profileDir });
    const manifest = (id: string) => this.registry.get(id)?.manifest;
    const planner = options.planner ? options.planner(this.engine, { manifest: (id) => this.registry.get(id) }) : new SimplePlanner(this.engine, manifest);
    this.policy = new ConfirmationPolicy({ skill: (id) => this.registry.get(id), grantedKinds: (id) => this.grants.active(id).map((g) => g.permission.kind) });
    this.dispatcher = new Dispatcher({
      planner: unsureToModel(planner, () => (this.settings.get('llm.endpoint') ? this.settings.get('llm.agentBelow') : 0)),
      prepare: (text) => this.engine.prepare?.(text),
      registry: this.registry,
      sessions: this.sessions,
      phrasings: this.phrasings,
      eventLog: this.eventLog,
      executor: this.executor,
      policy: this.policy,
      audit: (kind, skill, detail) => this.audit.append(kind, skill, detail),
      emit,
      suggest: () => this.services.suggest,
      disabledSkillFor: (text) => this.lifecycle.disabledSkillFor(text),
      fillSlot: async (ask) => (this.settings.get('llm.endpoint') ? (await this.loadAgent()).fillSlot(ask) : undefined),
      clock,
    });
    this.missedTimers = options.startScheduler ? this.scheduler.start() : this.scheduler.collectMissed(clock());
    const timezone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
    this.rules = new Rules(
      {
        db: this.db,
        clock,
        timezone,
        handle: (input) => this.handle(input),
        understand: (text) => planner.plan(text, { sessionId: 'rules' }, { now: clock(), timezone: timezone(), skills: this.registry.enabled().map((s) => s.manifest.id) }),
        skill: (id) => {
          const s = this.registry.get(id);
          return s && { name: s.manifest.name, builtin: s.builtin, permissionKinds: s.manifest.permissions.map((p) => p.kind), intents: s.manifest.intents, words: JSON.stringify([s.manifest.rules ?? {}, s.manifest.keywords ?? []]) };
        },
        grants: this.grants,
        sessions: this.sessions,
        eventLog: this.eventLog,
        audit: (action, skill, detail) => void this.audit.append(action, skill, detail),
        emit,
        onEvent: (listener) => this.events.on(listener),
      },
      options.rules,
    );
    this.missedRules = options.startScheduler ? this.rules.start() : [];
  }

  /** Skills whose manifest failed, whose files changed since install, or whose templates failed to compile. */
  get problems(): SkillLoadProblem[] {
    return this.lifecycle.problems;
  }

  async handle(input: RequestInput): Promise<Response> {
    this.refresh();
    this.applyTimePreferences();
    const response = await this.rules.handle(input, (request) => this.serve(request));
    // Hosts that speak replies (the portal) say this sentence, never the card's lines.
    return { ...response, spoken: spokenReply(response) };
  }

  /**
   * The user's clock and locale (ui.timeFormat, ui.locale) for every time this process writes:
   * answers, the CLI, spoken replies. Returns them resolved (settings, then the environment), which
   * the portal uses to write times the same way.
   */
  applyTimePreferences(): { locale: string; hour12: boolean } {
    setTimePreferences({ locale: this.settings.get('ui.locale'), timeFormat: this.settings.get('ui.timeFormat') });
    const { locale, hour12 } = resolveTime();
    return { locale, hour12 };
  }

  /** The classical path; with a language model configured, agent mode where that path does not understand (kernel/agent). */
  private async serve(input: RequestInput): Promise<Response> {
    if (!this.settings.get('llm.endpoint')) return this.dispatcher.handle(input);
    return (await this.loadAgent()).handle(input, (request, options) => this.dispatcher.handle(request, options));
  }

  private loadAgent(): Promise<Agent> {
    return (this.agent ??= import('./agent/index.js').then(
      ({ Agent }) =>
        new Agent({
          settings: this.settings,
          enabled: () => this.registry.enabled().map((s) => s.manifest),
          engine: this.engine,
          sessions: this.sessions,
          executor: this.executor,
          policy: this.policy,
          audit: (kind, skill, detail) => void this.audit.append(kind, skill, detail),
          emit: (event) => this.events.emit(event),
          suggest: () => this.services.suggest,
          graph: () => this.services.graph,
          clock: this.clock,
          record: { received: (request) => this.dispatcher.received(request), completed: (request, response) => this.dispatcher.record(request, response) },
          phrasings: this.phrasings,
        }),
    ));
  }

  /** Runs a skill's contributed command or renders its contributed view (manifest `contributes`). */
  async contribution(call: ContributionCall): Promise<ContributionResult> {
    this.refresh();
    return callContribution(this.registry, this.executor, call);
  }

  /**
   * Takes in installs, removals, grant, enable and lock changes another process (the CLI, the
   * app) made since the last call: skills are loaded or unloaded and stale sandbox processes
   * stopped. Cheap when nothing changed; every request and bridge call runs it first.
   */
  refresh(): void {
    this.externalChanges.check();
  }

  /** Adds or replaces a skill at run time (install, update). */
  addSkill(skill: LoadedSkill): void {
    this.lifecycle.add(skill);
    this.externalChanges.ownChange(skill.manifest.id);
  }

  removeSkill(id: string): void {
    this.lifecycle.remove(id);
    this.externalChanges.ownChange(id);
  }

  setSkillEnabled(id: string, enabled: boolean): void {
    this.lifecycle.setEnabled(id, enabled);
  }

  onEvent(listener: (event: KernelEvent) => void): () => void {
    return this.events.on(listener);
  }

  /** Runs `dispose` when the kernel closes (before the database closes), latest first. */
  onClose(dispose: () => void): void {
    this.disposables.push(dispose);
  }

  close(): void {
    this.scheduler.stop();
    this.rules.close();
    for (const dispose of this.disposables.splice(0).reverse()) {
      try {
        dispose();
      } catch (error) {
        process.emitWarning(`A kernel service failed to close: ${(error as Error).message}`);
      }
    }
    this.db.close();
  }
}

/**
 * With a language model configured, a plan the classical path is unsure of (a step below
 * llm.agentBelow) counts as not understood, so the model plans it instead. `below` is 0 without a model.
 */
function unsureToModel(planner: Planner, below: () => number): Planner {
  return {
    plan: (text, session, options) => {
      const outcome = planner.plan(text, session, options);
      if (outcome.kind !== 'plan' || outcome.first) return outcome;
      const threshold = below();
      const unsure = threshold > 0 ? outcome.plan.steps.filter((s) => s.confidence < threshold) : [];
      if (unsure.length === 0) return outcome;
      return { kind: 'not_understood', candidates: outcome.plan.steps.map((s) => ({ skill: s.skill, intent: s.intent, confidence: s.confidence, slots: [], source: 'classifier' as const })) };
    },
    answer: (pending, answer, session, options) => planner.answer(pending, answer, session, options),
  };
}

/** The audit log's start-up check, as sentences; a check that cannot run is reported too (the kernel still starts). */
function checkAudit(audit: AuditLog): string[] {
  try {
    return audit.checkAtStart().map((p) => `audit entry ${p.seq}: ${p.reason}`);
  } catch (error) {
    return [`the audit log could not be checked: ${(error as Error).message}`];
  }
}
