/**
 * Rules in the conversation, ahead of the dispatcher: a rule sentence is read, checked and shown
 * back as a confirmation (the kernel's ordinary pending question, so "yes" — a reply to it —
 * saves it); talk about rules ("what automations do I have", "stop the stretch rule") is
 * answered; a personal command runs its plan in the user's conversation. Everything else goes to
 * the dispatcher unchanged, and the event rules it sets off finish before the answer returns.
 * Every request answered here is logged and emitted like the dispatcher's.
 */
import { randomUUID } from 'node:crypto';
import { RequestSchema, RuleDraftSchema, type PendingQuestion, type PlanStep, type Request, type RequestInput, type Response, type Rule, type RuleDraft } from '../contracts/index.js';
import { confirmation, summary } from './describe.js';
import type { Fired } from './fire.js';
import { skillName, type RulesHost } from './host.js';
import { findRules, parseManage, type ManageOp, type ManageRequest } from './manage.js';
import type { Checked } from './check.js';
import type { RuleEngine } from './engine.js';
import type { Parsed } from './parse.js';
import type { RuleStore, StoredRule } from './store.js';

/** The pseudo-skill of the rule questions left pending (not a valid skill id, so no skill can own it). */
export const RULES_STEP = 'kernel:rules';

/** The outcome of an operation on a rule, in a sentence. */
export interface RuleChange {
  rule: Rule;
  message: string;
}

/** What the conversation does with rules (the Rules service). */
export interface RuleOps {
  readonly engine: Pick<RuleEngine, 'scoped' | 'fire'>;
  readonly store: Pick<RuleStore, 'get' | 'list'>;
  parse(text: string): Parsed;
  check(source: string, parsed: Extract<Parsed, { kind: 'rule' }>): Checked;
  create(draft: RuleDraft): Rule;
  list(): Rule[];
  get(id: number): Rule | undefined;
  describe(id: number): string;
  pause(id: number): RuleChange;
  resume(id: number): RuleChange;
  delete(id: number): RuleChange;
  run(id: number, interactive?: { sessionId: string; source: Request['source'] }): Promise<Fired[]>;
}

type Answer = Pick<Response, 'status' | 'text'> & Partial<Pick<Response, 'steps' | 'clarification'>>;
type Req = Request & { id: string };

const isYes = (t: string) => /^(?:y|yes|yeah|yep|ok|okay|sure|do it|go ahead|confirm|save it|please do)\b/i.test(t.trim());
const normalise = (t: string) => t.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim();
const step = (intent: string, slots: Record<string, unknown>, text: string): PlanStep => ({ id: 'rule', skill: RULES_STEP, intent, slots, text, confidence: 1 });

export class RulesFront {
  constructor(
    private readonly host: RulesHost,
    private readonly rules: RuleOps,
  ) {}

  async handle(input: RequestInput, next: (input: RequestInput) => Promise<Response>): Promise<Response> {
    const parsed = RequestSchema.safeParse(input);
    // An invalid request is the dispatcher's to refuse, with its own message.
    if (!parsed.success) return next(input);
    const request: Req = { ...parsed.data, id: parsed.data.id ?? randomUUID().replace(/-/g, '').slice(0, 16), text: parsed.data.text.trim() };
    const { value, fired } = await this.rules.engine.scoped(async () => {
      const started = performance.now();
      const own = await this.answer(request);
      return own ? this.log(request, own, started) : next({ ...input, id: request.id });
    });
    const ran = fired.filter((f) => f.run.status !== 'skipped' && !f.interactive);
    if (ran.length === 0) return value;
    const notes = ran.map((f) => `(Automation, rule ${f.run.ruleId}: ${f.run.detail.split('\n')[0]})`);
    return { ...value, text: [value.text, ...notes].join('\n') };
  }

  /** This request's answer when it is about rules, else undefined. */
  private async answer(request: Req): Promise<Answer | undefined> {
    if (request.replyTo) {
      const pending = this.host.sessions.peek(request.sessionId);
      if (pending?.id !== request.replyTo || !ours(pending)) return undefined;
      this.host.sessions.take(request.sessionId, pending.id);
      return this.reply(request, pending);
    }
    const phrase = this.phraseRule(request.text);
    if (phrase) return this.runPhrase(request, phrase);
    const manage = parseManage(request.text);
    if (manage) {
      const answer = await this.manage(request, manage);
      if (answer) return answer;
    }
    const parsed = this.rules.parse(request.text);
    if (parsed.kind === 'none') return undefined;
    if (parsed.kind === 'error') return { status: 'not_understood', text: parsed.message };
    const checked = this.rules.check(request.text, parsed);
    if (!checked.ok) return { status: 'not_understood', text: checked.message };
    if (request.confirmed) return this.saved(this.rules.create(checked.draft));
    const text = confirmation(checked.draft, skillName(this.host));
    return this.ask(request, 'confirm', text, { plan: { steps: [step('rules.create', { draft: checked.draft }, request.text)] } });
  }

  private phraseRule(text: string): StoredRule | undefined {
    const said = normalise(text);
    return this.rules.store.list().find((r) => r.state === 'active' && r.trigger.kind === 'phrase' && normalise(r.trigger.phrase) === said);
  }

  private async runPhrase(request: Req, rule: StoredRule): Promise<Answer> {
    const fired = await this.rules.engine.fire(rule, { cause: `you said "${request.text}"`, interactive: { sessionId: request.sessionId, source: request.source } });
    return combine(fired);
  }

  private saved(rule: Rule): Answer {
    const when = rule.trigger.kind === 'schedule' || rule.trigger.kind === 'file' ? ' It runs while AgentOS is running (the app, agentos serve or agentos watch).' : '';
    return { status: 'served', text: `Saved as rule ${rule.id}: ${summary(rule).replace(/^Rule \d+ \([^)]*\): /, '')}.${when} Say "what automations do I have" to see your rules, or "pause rule ${rule.id}" to stop it.` };
  }

  private async reply(request: Req, pending: PendingQuestion): Promise<Answer> {
    const s = pending.plan?.steps[0];
    if (pending.kind === 'confirm' && s?.intent === 'rules.create') {
      if (!isYes(request.text)) return { status: 'served', text: 'OK, I did not save that automation.' };
      // Saved as confirmed: the grants shown are the grants kept (a change meanwhile is caught when it runs).
      const draft = RuleDraftSchema.safeParse(s.slots.draft);
      return draft.success ? this.saved(this.rules.create(draft.data)) : { status: 'error', text: 'That automation could not be read back. Say it again, please.' };
    }
    if (pending.kind === 'confirm' && s?.intent === 'rules.delete_all') {
      if (!isYes(request.text)) return { status: 'served', text: 'OK, I kept your automations.' };
      const ids = s.slots.ids as number[];
      for (const id of ids) if (this.rules.get(id)) this.rules.delete(id);
      return { status: 'served', text: `Deleted ${ids.length} automation${ids.length === 1 ? '' : 's'}.` };
    }
    const said = normalise(request.text);
    // the closest reading first: the value ("2" is rule 2), the label, the position, then a part of the label
    const choices = pending.choices ?? [];
    const choice =
      choices.find((c) => normalise(c.value) === said) ??
      choices.find((c) => normalise(c.label) === said) ??
      choices.find((_c, i) => String(i + 1) === said) ??
      choices.find((c) => normalise(c.label).includes(said));
    if (!choice) return { status: 'not_understood', text: `That is not one of the choices: ${(pending.choices ?? []).map((c) => c.label).join('; ')}.` };
    return this.apply(request, choice.step.intent.replace(/^rules\./, '') as ManageOp, Number(choice.step.slots.id));
  }

  /** Rule talk: undefined when a rule noun was only a word of something else ("explain the golden rule"). */
  private manage(request: Req, m: ManageRequest): Answer | Promise<Answer> | undefined {
    const all = this.rules.list();
    if (m.op === 'list') return { status: 'served', text: all.length === 0 ? 'You have no automations yet. Make one by saying it, e.g. "every day at 6pm remind me to stretch" or "when I say \'start my day\', list my reminders and my notes".' : `You have ${all.length} automation${all.length === 1 ? '' : 's'}:\n${all.map((r) => `- ${summary(r)}`).join('\n')}` };
    if (m.all) {
      if (all.length === 0) return { status: 'served', text: 'You have no automations.' };
      if (m.op === 'delete') return this.ask(request, 'confirm', `Delete all ${all.length} automations? That cannot be undone.`, { plan: { steps: [step('rules.delete_all', { ids: all.map((r) => r.id) }, request.text)] } });
      if (m.op === 'pause' || m.op === 'resume') return { status: 'served', text: all.map((r) => (m.op === 'pause' ? this.rules.pause(r.id) : this.rules.resume(r.id)).message).join('\n') };
    }
    const found = findRules(all, m.target);
    if (found.length === 0) {
      if (m.op === 'show') return undefined;
      const yours = all.length ? ` Your automations:\n${all.map((r) => `- ${summary(r)}`).join('\n')}` : ' You have no automations yet.';
      return { status: 'not_understood', text: `No automation matches "${m.target}".${yours}` };
    }
    if (found.length > 1) {
      const choices = found.map((r) => ({ label: summary(r), value: String(r.id), step: step(`rules.${m.op}`, { id: r.id }, request.text) }));
      return this.ask(request, 'clarify', `Which automation do you mean?`, { choices });
    }
    return this.apply(request, m.op, found[0]!.id);
  }

  private async applyRun(request: Req, id: number): Promise<Answer> {
    const fired = await this.rules.run(id, { sessionId: request.sessionId, source: request.source });
    return combine(fired.at(-1)!, fired.slice(0, -1));
  }

  private apply(request: Req, op: ManageOp, id: number): Answer | Promise<Answer> {
    const rule = this.rules.get(id);
    if (!rule) return { status: 'not_understood', text: `There is no rule ${id} any more.` };
    switch (op) {
      case 'show':
        return { status: 'served', text: this.rules.describe(id) };
      case 'pause':
        return { status: 'served', text: this.rules.pause(id).message };
      case 'resume': {
        const change = this.rules.resume(id);
        return { status: change.rule.state === 'active' ? 'served' : 'error', text: change.message };
      }
      case 'delete':
        return { status: 'served', text: this.rules.delete(id).message };
      case 'run':
        return this.applyRun(request, id);
      case 'list':
        return { status: 'served', text: summary(rule) };
    }
  }

  private ask(request: Req, kind: 'confirm' | 'clarify', text: string, question: Pick<PendingQuestion, 'plan' | 'choices'>): Answer {
    const q = this.host.sessions.ask({ sessionId: request.sessionId, kind, text: request.text, ...question });
    const choices = kind === 'confirm' ? [{ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' }] : (question.choices ?? []).map(({ label, value }) => ({ label, value }));
    return { status: kind, text, clarification: { id: q.id, question: text, choices } };
  }

  /**
   * Logs and emits an answer as the dispatcher does its own. The steps of a rule's plan were
   * logged (and seen by event rules) as its own requests: here they are returned, not logged again.
   */
  private log(request: Req, answer: Answer, started: number): Response {
    const now = this.host.clock();
    this.host.eventLog.appendRequest(request, now);
    this.host.emit({ type: 'request.received', requestId: request.id, text: request.text, source: request.source, at: now.toISOString() });
    const durationMs = performance.now() - started;
    const response: Response = { requestId: request.id, sessionId: request.sessionId, steps: [], suggestions: [], durationMs, kernelMs: durationMs, ...answer };
    const logged = { ...response, steps: [] };
    this.host.eventLog.appendResult(request, logged, this.host.clock());
    this.host.emit({ type: 'request.completed', response: logged, text: request.text, at: this.host.clock().toISOString() });
    return response;
  }
}

const ours = (p: PendingQuestion) => p.plan?.steps[0]?.skill === RULES_STEP || (p.choices?.length ?? 0) > 0 && p.choices!.every((c) => c.step.skill === RULES_STEP);

/** One answer from a firing's requests: their words in order, the last question if one was asked. */
function combine(fired: Fired, before: Fired[] = []): Answer {
  const responses = [...before.flatMap((f) => f.responses), ...fired.responses];
  const last = responses.at(-1);
  const status = fired.run.status === 'ok' ? 'served' : last && ['clarify', 'ask_slot', 'confirm'].includes(last.status) ? last.status : fired.run.status === 'failed' ? (last?.status ?? 'error') : 'error';
  if (fired.asked) {
    const text = [...responses.map((r) => r.text), fired.asked.question].join('\n');
    return { status: 'confirm', text, steps: responses.flatMap((r) => r.steps), clarification: { id: fired.asked.id, question: fired.asked.question, choices: [{ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' }] } };
  }
  const text = responses.length ? responses.map((r) => r.text).join('\n') : fired.run.detail;
  return { status, text, steps: responses.flatMap((r) => r.steps), ...(last?.clarification && status === last.status ? { clarification: last.clarification } : {}) };
}
