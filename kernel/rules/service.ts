/**
 * The rule subsystem's one object, as the kernel and its hosts use it: drafts read from language
 * and checked, rules saved, listed, paused, resumed, removed and run by hand (the CLI's
 * `agentos rules`, the conversation, later the portal), with every change audited; and the engine
 * that fires them. A rule a skill proposes waits for the user's approval before it can run.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RequestInput, Response, Rule, RuleDraft } from '../contracts/index.js';
import { checkRule, type Checked } from './check.js';
import { globRegExp, mentionsAll } from './clauses.js';
import { details, summary } from './describe.js';
import { RuleEngine, subjectOf, type EngineOptions } from './engine.js';
import { Firer, type Fired, type RATE_LIMIT } from './fire.js';
import { RulesFront, type RuleChange } from './front.js';
import { skillName, type RulesHost } from './host.js';
import { parseRule, phrasedLike, type Parsed } from './parse.js';
import { RuleStore, type StoredRule } from './store.js';

export type { RuleChange };

/** How far back in the event log a rule run by hand looks for the latest event it matches. */
const EVENT_LOOKBACK = 2000;

export class RuleNotFound extends Error {
  constructor(id: number) {
    super(`There is no rule ${id}. See your rules with: agentos rules list`);
    this.name = 'RuleNotFound';
  }
}

export interface RulesOptions extends EngineOptions {
  rateLimit?: typeof RATE_LIMIT;
}

export class Rules {
  readonly store: RuleStore;
  readonly engine: RuleEngine;
  private readonly front: RulesFront;

  constructor(
    private readonly host: RulesHost,
    options: RulesOptions = {},
  ) {
    this.store = new RuleStore(host.db);
    const firer = new Firer(host, this.store, options.rateLimit);
    this.engine = new RuleEngine(host, this.store, firer, options);
    this.front = new RulesFront(host, this);
  }

  /** A request, with rule sentences, rule talk and personal commands taken here and the rest passed to `next`. */
  handle(input: RequestInput, next: (input: RequestInput) => Promise<Response>): Promise<Response> {
    return this.front.handle(input, next);
  }

  /** Reads a sentence as a rule (nothing is saved). */
  parse(text: string): Parsed {
    // An event is a change a skill makes (not a search or a list), named in the intent's own words
    // ("add a note"): a clause the engine only guessed at ("get home" read as a file search) is not one.
    const watchable = (request: string, skill: string, intent: string) => {
      const s = this.host.skill(skill);
      const i = s?.intents.find((x) => x.id === intent);
      return !!i && !i.readOnly && phrasedLike(request, `${i.description} ${(i.templates ?? []).join(' ')} ${(i.examples ?? []).join(' ')} ${s!.words ?? ''}`);
    };
    return parseRule(text, { now: this.host.clock(), timezone: this.host.timezone(), understand: (t) => this.host.understand(t), watchable });
  }

  /** Checks a parsed rule's actions and takes the grants snapshot: the draft to confirm, or why not. */
  check(source: string, parsed: Extract<Parsed, { kind: 'rule' }>, origin: RuleDraft['origin'] = { kind: 'user' }): Checked {
    return checkRule(source, parsed.trigger, parsed.actions, { understand: (t) => this.host.understand(t), skill: (id) => this.host.skill(id), grants: (s) => this.host.grants.active(s), vars: (s) => this.host.grants.varsFor(s) }, origin);
  }

  /** Saves a confirmed draft: active when the user made it, waiting for approval when a skill proposed it. */
  create(draft: RuleDraft): Rule {
    const state = draft.origin.kind === 'user' ? 'active' : 'awaiting_approval';
    const stored = this.store.add(draft, state, this.host.clock());
    this.host.audit('rule.create', draft.origin.kind === 'skill' ? draft.origin.skill : null, { rule: stored.id, source: draft.source, trigger: draft.trigger, actions: draft.actions.map((a) => a.text), grants: draft.grants.map((g) => `${g.skill}:${g.kind}`), state });
    if (state === 'awaiting_approval') this.host.emit({ type: 'notification', title: 'An automation waits for your approval', body: `${skillName(this.host)(draft.origin.kind === 'skill' ? draft.origin.skill : '')} proposed: "${draft.source}". It does nothing until you approve it (agentos rules resume ${stored.id}).`, skill: 'rules' });
    this.engine.sync();
    return this.view(stored);
  }

  list(): Rule[] {
    return this.store.list().map((r) => this.view(r));
  }

  get(id: number): Rule | undefined {
    const r = this.store.get(id);
    return r ? this.view(r) : undefined;
  }

  describe(id: number): string {
    const r = this.require(id);
    return details(this.view(r), this.store.runs(id, 10), skillName(this.host));
  }

  summary(rule: Rule): string {
    return summary(rule);
  }

  pause(id: number): RuleChange {
    const r = this.require(id);
    if (r.state === 'paused') return { rule: this.view(r), message: `Rule ${id} ("${r.name}") is already paused. Say "resume rule ${id}" to turn it back on.` };
    this.store.setState(id, 'paused', 'paused by you', this.host.clock());
    this.host.audit('rule.pause', null, { rule: id });
    this.engine.sync();
    return { rule: this.get(id)!, message: `Paused rule ${id} ("${r.name}"): it does nothing until you resume it (say "resume rule ${id}").` };
  }

  /**
   * Turns a rule back on. It is confirmed again with the permissions its skills have now (a rule
   * stopped for a revoked or widened grant is resumed this way); a skill's proposal is approved.
   */
  resume(id: number): RuleChange {
    const r = this.require(id);
    const now = this.host.clock();
    if (r.state === 'active') return { rule: this.view(r), message: `Rule ${id} ("${r.name}") is already on.` };
    const parsed = { kind: 'rule' as const, trigger: r.trigger, actions: r.actions.map((a) => a.text) };
    const checked = this.check(r.source, parsed, r.origin);
    if (!checked.ok) return { rule: this.view(r), message: `Rule ${id} cannot be turned back on: ${checked.message.replace(/ Nothing was saved\.$/, '')}` };
    this.store.setGrants(id, checked.draft.grants);
    this.store.setState(id, 'active', undefined, now, now);
    this.host.audit(r.state === 'awaiting_approval' ? 'rule.approve' : 'rule.resume', null, { rule: id, grants: checked.draft.grants.map((g) => `${g.skill}:${g.kind}`) });
    this.engine.sync();
    const rule = this.get(id)!;
    const next = rule.nextRunAt ? ` Next run: ${rule.nextRunAt}.` : '';
    return { rule, message: `${r.state === 'awaiting_approval' ? 'Approved' : 'Resumed'} rule ${id} ("${r.name}").${next}` };
  }

  delete(id: number): RuleChange {
    const r = this.require(id);
    this.store.remove(id);
    this.host.audit('rule.delete', null, { rule: id, source: r.source });
    this.engine.sync();
    return { rule: this.view(r), message: `Deleted rule ${id} ("${r.name}").` };
  }

  /**
   * Runs a rule now, as its trigger would: a file rule on the matching files in its folder, an
   * event rule on the latest event it matches, the others as they are.
   */
  async run(id: number, interactive?: { sessionId: string; source: 'cli' | 'ui' | 'voice' | 'api' | 'automation' }): Promise<Fired[]> {
    const r = this.require(id);
    const manual = { manual: true, ...(interactive ? { interactive } : {}) };
    if (r.trigger.kind === 'file') {
      const { folder, glob } = r.trigger;
      const match = globRegExp(glob);
      const files = fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => match.test(f) && fs.statSync(path.join(folder, f)).isFile()).slice(0, 10) : [];
      if (files.length === 0) return [await this.engine.fire(r, { ...manual, cause: `run by you (no file in ${folder} matches ${glob})` })];
      const out: Fired[] = [];
      for (const f of files) out.push(await this.engine.fire(this.store.get(id)!, { ...manual, cause: `run by you on ${path.join(folder, f)}`, subject: path.join(folder, f), untrusted: 'a file in a watched folder' }));
      return out;
    }
    if (r.trigger.kind === 'event' && 'skill' in r.trigger.on) {
      const on = r.trigger.on;
      const mentions = r.trigger.mentions;
      const latest = this.host.eventLog
        .results({ afterSeq: Math.max(0, this.host.eventLog.lastSeq() - EVENT_LOOKBACK) })
        .reverse()
        .flatMap((e) => e.response.steps)
        .find((s) => s.status === 'ok' && s.skill === on.skill && s.intent === on.intent && mentionsAll(subjectOf(s), mentions));
      if (latest) return [await this.engine.fire(r, { ...manual, cause: `run by you on the latest ${latest.intent}: ${subjectOf(latest)}`, subject: subjectOf(latest) })];
    }
    return [await this.engine.fire(r, { ...manual, cause: 'run by you' })];
  }

  /** Starts schedules and file triggers (long-running hosts); the missed-schedule reports. */
  start(): string[] {
    return this.engine.start();
  }

  close(): void {
    this.engine.close();
  }

  private require(id: number): StoredRule {
    const r = this.store.get(id);
    if (!r) throw new RuleNotFound(id);
    return r;
  }

  private view(r: StoredRule): Rule {
    const { checkedAt: _checked, ...rule } = r;
    const next = this.engine.nextRun(r);
    return { ...rule, ...(next ? { nextRunAt: next.toISOString() } : {}) };
  }
}
