/**
 * One firing of a rule, with the same safety as a typed request: it runs only with the grants it
 * was confirmed with (a revoked one stops it, a new one holds it until the user confirms again),
 * a chain of rules setting each other off is cut and reported, a rule firing too often is held
 * back, and a privileged step fed by untrusted content (a file's name, a community skill's
 * result) is never run on its own — it waits for the user's yes, and the user is told. Each
 * action is an ordinary request (source "automation") through the dispatcher, so the event log,
 * the knowledge graph and the audit log see everything a rule does.
 */
import type { Request, Response, RuleRun } from '../contracts/index.js';
import { withSubject } from './clauses.js';
import { skillName, type RulesHost } from './host.js';
import type { RuleStore, StoredRule } from './store.js';

/** A rule may set off at most this many others in a row (itself never). */
export const MAX_CHAIN = 3;
export const RATE_LIMIT = { runs: 20, windowMs: 10 * 60_000 };
const PRIVILEGED = new Set(['exec', 'fs.write', 'net', 'clipboard']);
const ASKS = new Set(['clarify', 'ask_slot', 'confirm']);
/** The answer given for a time an action leaves open: the moment the rule runs. */
const NOW_ANSWER = 'in 1 second';

export interface Cause {
  /** In words: "schedule: every day at 18:00", "note added: buy milk", "new file ~/Downloads/a.pdf". */
  cause: string;
  /** What "it" in the actions stands for. */
  subject?: string;
  /** The source of `subject` when it is untrusted content (a file, a community skill). */
  untrusted?: string;
  /** The rules whose firing led to this one, outermost first. */
  chain: number[];
  /** A personal command: runs in the user's conversation, whose questions the user answers there. */
  interactive?: { sessionId: string; source: Request['source'] };
  /** `agentos rules run`: a paused rule runs too. */
  manual?: boolean;
}

export interface Fired {
  run: RuleRun;
  responses: Response[];
  /** It ran in the user's conversation (a personal command): its answer is the request's own. */
  interactive: boolean;
  /** A step it held for the user's yes (untrusted content): the pending question. */
  asked?: { id: string; question: string };
}

export class Firer {
  constructor(
    private readonly host: RulesHost,
    private readonly store: RuleStore,
    private readonly limit = RATE_LIMIT,
  ) {}

  async fire(rule: StoredRule, cause: Cause, runActions: (chain: number[], run: () => Promise<Fired>) => Promise<Fired>): Promise<Fired> {
    const now = this.host.clock();
    const record = (status: RuleRun['status'], detail: string, responses: Response[] = [], asked?: Fired['asked']): Fired => {
      const run = this.store.recordRun({ ruleId: rule.id, at: this.host.clock().toISOString(), cause: cause.cause, status, detail, requestIds: responses.map((r) => r.requestId) });
      this.host.audit(status === 'stopped' ? 'rule.stop' : 'rule.fire', null, { rule: rule.id, name: rule.name, cause: cause.cause, status, detail: detail.slice(0, 500), requests: run.requestIds });
      return { run, responses, interactive: !!cause.interactive, ...(asked ? { asked } : {}) };
    };
    if (rule.state !== 'active' && !(cause.manual && rule.state === 'paused')) return record('skipped', `Rule ${rule.id} is ${rule.state === 'awaiting_approval' ? 'waiting for your approval' : rule.state}, so it did not run.`);

    if (cause.chain.includes(rule.id) || cause.chain.length >= MAX_CHAIN) {
      const path = [...cause.chain, rule.id].map((id) => `rule ${id}`).join(' → ');
      const reason = cause.chain.includes(rule.id)
        ? `it was stopped because its own actions set it off again (${path}); a rule must not trigger itself. Change what it does, then say "resume rule ${rule.id}"`
        : `it was stopped because it was set off by a chain of ${cause.chain.length} other rules (${path}); rules may set off at most ${MAX_CHAIN - 1} others in a row`;
      return this.stop(rule, reason, record);
    }

    const recent = this.store.countRunsSince(rule.id, new Date(now.getTime() - this.limit.windowMs));
    if (recent >= this.limit.runs) {
      const minutes = Math.round(this.limit.windowMs / 60_000);
      const detail = `Rule ${rule.id} ran ${recent} times in the last ${minutes} minutes, its limit; this firing was skipped. It runs again once it has run less often.`;
      if (this.store.lastRun(rule.id)?.status !== 'skipped') this.notify(rule, detail);
      return record('skipped', detail);
    }

    const grantProblem = this.grantProblem(rule);
    if (grantProblem) return this.stop(rule, grantProblem, record);

    return runActions([...cause.chain, rule.id], async () => {
      const responses: Response[] = [];
      const sessionId = cause.interactive?.sessionId ?? `rule-${rule.id}`;
      const source = cause.interactive?.source ?? 'automation';
      for (const action of rule.actions) {
        const text = cause.subject !== undefined ? withSubject(action.text, cause.subject) : action.text;
        const held = cause.untrusted ? this.holdUntrusted(rule, text, sessionId, cause.untrusted) : undefined;
        if (held) {
          if (!cause.interactive) this.notify(rule, held.detail);
          return record('waiting', held.detail, responses, { id: held.id, question: held.question });
        }
        let response = await this.host.handle({ text, source, sessionId });
        if (response.status === 'ask_slot' && action.fillTime && response.clarification) {
          response = await this.host.handle({ text: NOW_ANSWER, source, sessionId, replyTo: response.clarification.id });
        }
        responses.push(response);
        if (ASKS.has(response.status)) {
          if (cause.interactive) return record('waiting', response.text, responses);
          const detail = `Rule ${rule.id} is waiting for your answer: ${response.text}${response.clarification ? ` (answer with: agentos --session ${sessionId} --reply ${response.clarification.id} "<answer>")` : ''}`;
          this.notify(rule, detail);
          return record('waiting', detail, responses);
        }
        if (response.status !== 'served') {
          const detail = `"${text}" did not work: ${response.text}`;
          if (!cause.interactive) this.notify(rule, detail);
          return record('failed', detail, responses);
        }
      }
      const detail = responses.map((r) => r.text).join('\n');
      if (!cause.interactive) this.notify(rule, detail);
      return record('ok', detail, responses);
    });
  }

  /**
   * Why the rule may not run with the grants it has now, or undefined: one it was confirmed with
   * was revoked or ended (it stops), or its skills were given more since (it would run with more
   * than the user confirmed).
   */
  grantProblem(rule: StoredRule): string | undefined {
    const name = skillName(this.host);
    for (const g of rule.grants) {
      if (!this.host.grants.active(g.skill).some((a) => a.id === g.id)) {
        return `it was stopped because the ${g.kind} permission${g.scope.length ? ` (${g.scope.join(', ')})` : ''} of ${name(g.skill)} it was confirmed with was revoked or has ended. Grant it again, then say "resume rule ${rule.id}" to confirm the rule with the permissions it has then`;
      }
    }
    const known = new Set(rule.grants.map((g) => g.id));
    // the skills its actions run (a file rule's watch grant only has to stay, its skill runs nothing)
    const skills = new Set(rule.actions.flatMap((a) => a.steps.map((s) => s.skill)));
    const more = [...skills].flatMap((s) => this.host.grants.active(s)).filter((g) => !known.has(g.id));
    if (more.length) {
      return `it was held because ${more.map((g) => `${name(g.skill)} now also has ${g.permission.kind}`).join(', ')}, more than when you confirmed the rule; a rule never runs with more. Say "resume rule ${rule.id}" to confirm it with the permissions it has now`;
    }
    return undefined;
  }

  /**
   * A step that would act with a privileged grant on untrusted content is not run: it is left as a
   * question in the rule's conversation (the dispatcher's ordinary confirmation), audited, and the
   * returned sentence tells the user how to let it run.
   */
  private holdUntrusted(rule: StoredRule, text: string, sessionId: string, source: string): { detail: string; id: string; question: string } | undefined {
    const o = this.host.understand(text);
    if (o.kind !== 'plan') return undefined;
    const step = o.plan.steps.find((s) => this.host.grants.active(s.skill).some((g) => PRIVILEGED.has(g.permission.kind)));
    if (!step) return undefined;
    const q = this.host.sessions.ask({ sessionId, kind: 'confirm', text, plan: o.plan });
    this.host.audit('untrusted.confirm', step.skill, { rule: rule.id, step: step.text, source });
    const question = `Rule ${rule.id} wants to run "${text}" on content from ${source}, which is untrusted, so it waits for your yes. Run it?`;
    return { id: q.id, question, detail: `${question} To run it: agentos --session ${sessionId} --reply ${q.id} yes` };
  }

  private stop(rule: StoredRule, reason: string, record: (status: RuleRun['status'], detail: string) => Fired): Fired {
    this.store.setState(rule.id, 'stopped', reason, this.host.clock());
    const detail = `Rule ${rule.id} ("${rule.name}"): ${reason}.`;
    this.notify(rule, detail);
    return record('stopped', detail);
  }

  private notify(rule: StoredRule, body: string): void {
    this.host.emit({ type: 'notification', title: `Automation: ${rule.name}`, body, skill: 'rules' });
  }
}
