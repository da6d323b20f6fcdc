/**
 * The rule engine: when rules fire. Event rules follow the kernel's event bus in every kernel
 * (a CLI request that adds a note fires them before it returns). Schedules and file triggers run
 * in the long-running hosts (the app, `agentos serve`, `agentos watch`): one timer armed for the
 * next fire time (from the injected clock, so tests advance time and call `tick`), fs.watch on
 * each watched folder, and a poll that picks up rules other processes changed. Schedules that
 * came due while nothing ran are reported at start and run once, not once per missed time.
 * Which firing led to which is carried in AsyncLocalStorage, so a loop is seen however deep.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import type { KernelEvent, StepResult } from '../contracts/index.js';
import { globRegExp, mentionsAll } from './clauses.js';
import type { Cause, Fired, Firer } from './fire.js';
import { untrustedSource, type RulesHost } from './host.js';
import { nextRuns, runsBetween } from './recurrence.js';
import type { RuleStore, StoredRule } from './store.js';

/** A schedule fired this late is a missed one (the host was not running). */
const LATE_MS = 60_000;
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
/** At most this many missed times are counted in the report. */
const MISSED_COUNT_LIMIT = 10_000;

export interface EngineOptions {
  /** How long a new file's size must stay the same before the rule acts on it (a download still being written). */
  fileSettleMs?: number;
  /** How often the database is checked for rules other processes changed. */
  pollMs?: number;
}

interface Scope {
  fired: Promise<Fired>[];
}

export class RuleEngine {
  private readonly chain = new AsyncLocalStorage<number[]>();
  private readonly scopes = new AsyncLocalStorage<Scope>();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly watchers = new Map<number, { key: string; close(): void }>();
  private timer: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;
  private version = -1;
  private running = false;
  private readonly detach: () => void;

  constructor(
    private readonly host: RulesHost,
    private readonly store: RuleStore,
    private readonly firer: Firer,
    private readonly options: EngineOptions = {},
  ) {
    this.detach = host.onEvent((event) => this.onEvent(event));
  }

  /** Starts schedules and file watchers (long-running hosts); returns the missed-schedule reports, one sentence each. */
  start(): string[] {
    this.running = true;
    const reports = this.evaluate();
    this.sync();
    this.poll = setInterval(() => {
      if (this.store.version() !== this.version) this.sync();
    }, this.options.pollMs ?? 1000);
    this.poll.unref();
    return reports;
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    if (this.poll) clearInterval(this.poll);
    this.timer = this.poll = undefined;
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  close(): void {
    this.stop();
    this.detach();
  }

  /** Fires every schedule due at the clock's time; tests call it after advancing the clock. */
  async tick(): Promise<void> {
    this.evaluate();
    await this.settle();
    if (this.running) this.arm();
  }

  /** Waits for every firing in progress (and those they set off). */
  async settle(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  /**
   * Runs `work` (one request) and waits for the rules it set off before returning, so a one-shot
   * CLI request has its rules' effects done when it ends; returns what fired.
   */
  async scoped<T>(work: () => Promise<T>): Promise<{ value: T; fired: Fired[] }> {
    const scope: Scope = { fired: [] };
    const parent = this.scopes.getStore();
    return this.scopes.run(scope, async () => {
      const value = await work();
      const fired: Fired[] = [];
      while (scope.fired.length) for (const r of await Promise.allSettled(scope.fired.splice(0))) if (r.status === 'fulfilled') fired.push(r.value);
      // a rule's own request that set off others: the request that started it all hears of them too
      parent?.fired.push(...fired.map((f) => Promise.resolve(f)));
      return { value, fired };
    });
  }

  /** Fires a rule now, as part of whatever set it off (its chain). */
  fire(rule: StoredRule, cause: Omit<Cause, 'chain'> & { chain?: number[] }): Promise<Fired> {
    const full: Cause = { ...cause, chain: cause.chain ?? this.chain.getStore() ?? [] };
    const promise = this.firer.fire(rule, full, (chain, run) => this.chain.run(chain, run));
    const scope = this.scopes.getStore();
    if (scope) scope.fired.push(promise);
    this.inflight.add(promise);
    void promise.finally(() => this.inflight.delete(promise)).catch(() => undefined);
    return promise;
  }

  /** The next time an active schedule fires. */
  nextRun(rule: StoredRule): Date | undefined {
    if (rule.trigger.kind !== 'schedule' || rule.state !== 'active') return undefined;
    const after = new Date(Math.max(new Date(rule.checkedAt).getTime(), this.host.clock().getTime()));
    return nextRuns(rule.trigger.cron, rule.trigger.timezone, after, 1)[0];
  }

  /** Rules changed (here or in another process): re-arm the timer, start and stop watchers. */
  sync(): void {
    this.version = this.store.version();
    if (!this.running) return;
    const rules = this.store.list();
    const wanted = new Map(rules.filter((r) => r.state === 'active' && r.trigger.kind === 'file').map((r) => [r.id, r]));
    for (const [id, w] of this.watchers) {
      const r = wanted.get(id);
      if (!r || watchKey(r) !== w.key) {
        w.close();
        this.watchers.delete(id);
      }
    }
    for (const [id, r] of wanted) if (!this.watchers.has(id)) this.watch(r);
    this.arm();
  }

  private evaluate(): string[] {
    const reports: string[] = [];
    const now = this.host.clock();
    for (const rule of this.store.list()) {
      if (rule.state !== 'active' || rule.trigger.kind !== 'schedule') continue;
      const due = runsBetween(rule.trigger.cron, rule.trigger.timezone, new Date(rule.checkedAt), now, MISSED_COUNT_LIMIT);
      if (due.length === 0 || !this.store.claim(rule.id, rule.checkedAt, now)) continue;
      const last = due.at(-1)!;
      const late = now.getTime() - last.getTime() > LATE_MS || due.length > 1;
      if (!late) {
        void this.fire(rule, { cause: `schedule: ${rule.trigger.description} (${last.toISOString()})` });
        continue;
      }
      const count = due.length >= MISSED_COUNT_LIMIT ? `${MISSED_COUNT_LIMIT} or more` : String(due.length);
      const report = `Rule ${rule.id} ("${rule.name}", ${rule.trigger.description}) missed ${count} run${due.length === 1 ? '' : 's'} while AgentOS was not running (the last was due ${last.toISOString()}); it ran once now, not once for each.`;
      this.store.recordRun({ ruleId: rule.id, at: now.toISOString(), cause: `missed schedule (${count} since ${due[0]!.toISOString()})`, status: 'missed', detail: report, requestIds: [] });
      this.host.emit({ type: 'notification', title: `Automation missed: ${rule.name}`, body: report, skill: 'rules' });
      reports.push(report);
      void this.fire(rule, { cause: `missed schedule: ${rule.trigger.description} (last due ${last.toISOString()})` });
    }
    return reports;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.running) return;
    const next = this.store
      .list()
      .map((r) => this.nextRun(r))
      .filter((d): d is Date => !!d)
      .sort((a, b) => a.getTime() - b.getTime())[0];
    if (!next) return;
    const wait = Math.max(0, Math.min(next.getTime() - this.host.clock().getTime(), MAX_TIMEOUT_MS));
    this.timer = setTimeout(() => void this.tick(), wait);
    this.timer.unref();
  }

  /** Watches a file rule's folder: a new file whose name matches, once its size settles, fires the rule. */
  private watch(rule: StoredRule): void {
    if (rule.trigger.kind !== 'file') return;
    const { folder, glob } = rule.trigger;
    const match = globRegExp(glob);
    const seen = new Set<string>();
    const pending = new Map<string, NodeJS.Timeout>();
    let watcher: fs.FSWatcher;
    try {
      for (const f of fs.readdirSync(folder)) seen.add(f);
      watcher = fs.watch(folder, (_event, name) => {
        const file = name?.toString();
        if (!file || seen.has(file) || !match.test(file)) return;
        clearTimeout(pending.get(file));
        pending.set(file, setTimeout(() => settleThenFire(file, -1), this.options.fileSettleMs ?? 500));
      });
    } catch (error) {
      this.host.emit({ type: 'notification', title: `Automation: ${rule.name}`, body: `Rule ${rule.id} cannot watch ${folder}: ${(error as Error).message}. It does nothing until the folder exists; then say "resume rule ${rule.id}".`, skill: 'rules' });
      return;
    }
    watcher.on('error', () => undefined);
    const settleThenFire = (file: string, lastSize: number) => {
      pending.delete(file);
      const full = path.join(folder, file);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(full);
      } catch {
        return; // gone again (a temporary file)
      }
      if (!stat.isFile() || seen.has(file)) return;
      if (stat.size !== lastSize) {
        pending.set(file, setTimeout(() => settleThenFire(file, stat.size), this.options.fileSettleMs ?? 500));
        return;
      }
      seen.add(file);
      const current = this.store.get(rule.id);
      if (current) void this.fire(current, { cause: `new file ${full}`, subject: full, untrusted: 'a file in a watched folder' });
    };
    this.watchers.set(rule.id, {
      key: watchKey(rule),
      close: () => {
        watcher.close();
        for (const t of pending.values()) clearTimeout(t);
      },
    });
  }

  private onEvent(event: KernelEvent): void {
    if (event.type !== 'request.completed' && event.type !== 'timer.fired') return;
    const rules = this.store.list().filter((r) => r.state === 'active' && r.trigger.kind === 'event');
    if (rules.length === 0) return;
    for (const rule of rules) {
      if (rule.trigger.kind !== 'event') continue;
      const { on, mentions } = rule.trigger;
      if ('kernel' in on) {
        if (event.type === 'timer.fired' && !event.missed && mentionsAll(event.timer.title, mentions)) void this.fire(rule, { cause: `${event.timer.kind} went off: ${event.timer.title}`, subject: event.timer.title });
        continue;
      }
      if (event.type !== 'request.completed') continue;
      const step = event.response.steps.find((s) => s.status === 'ok' && !s.result?.declined && s.skill === on.skill && s.intent === on.intent && mentionsAll(subjectOf(s), mentions));
      if (!step) continue;
      const subject = subjectOf(step);
      const untrusted = untrustedSource(this.host, step.skill);
      void this.fire(rule, { cause: `${step.intent}: ${subject}`, subject, ...(untrusted ? { untrusted } : {}) });
    }
  }
}

const SUBJECT_SLOTS = ['text', 'title', 'task', 'name', 'content', 'body', 'query', 'path'];

/** What an event is about: the step's main words (a note's text, a reminder's task), else its request. */
export function subjectOf(step: Pick<StepResult, 'slots' | 'text'>): string {
  for (const k of SUBJECT_SLOTS) if (typeof step.slots[k] === 'string' && (step.slots[k] as string).trim()) return (step.slots[k] as string).trim();
  const strings = Object.values(step.slots).filter((v): v is string => typeof v === 'string' && !!v.trim());
  return strings.sort((a, b) => b.length - a.length)[0] ?? step.text ?? '';
}

const watchKey = (r: StoredRule) => (r.trigger.kind === 'file' ? `${r.trigger.folder}\n${r.trigger.glob}\n${r.grants.map((g) => g.id).join(',')}` : '');
