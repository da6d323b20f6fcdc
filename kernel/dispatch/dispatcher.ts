/**
 * One request, start to end: validate → plan (or answer a pending question) → keep to enabled
 * skills → ask when the plan needs a yes or a missing piece → execute → log and emit. Every
 * request and result is appended to the event log.
 */
import { randomUUID } from 'node:crypto';
import {
  RequestSchema,
  ValidationError,
  describeIssues,
  type KernelEvent,
  type PendingQuestion,
  type Plan,
  type PlanOutcome,
  type Planner,
  type Request,
  type RequestInput,
  type Response,
  type SessionState,
  type StepResult,
  type Suggestion,
} from '../contracts/index.js';
import type { EventLog } from '../events/index.js';
import type { SkillRegistry } from '../skills/index.js';
import type { Executor } from './executor.js';
import { isYes, type ConfirmationPolicy } from './policy.js';
import type { Sessions } from './sessions.js';
import { learnFromUse, remember } from './conversation-state.js';
import { applyPrecedence } from './precedence.js';
import type { PersonalPhrasings } from './phrasings.js';
import { suggestionsFor, type Suggest } from './suggestions.js';

export interface DispatcherHost {
  planner: Planner;
  prepare?(text: string): Promise<void> | void;
  registry: Pick<SkillRegistry, 'get' | 'enabled'>;
  sessions: Sessions;
  /** Phrasings this user taught (optional: without it nothing is learned). */
  phrasings?: PersonalPhrasings;
  eventLog: Pick<EventLog, 'appendRequest' | 'appendResult'>;
  executor: Executor;
  policy: ConfirmationPolicy;
  audit(kind: 'untrusted.confirm', skill: string, detail: Record<string, unknown>): void;
  emit(event: KernelEvent): void;
  suggest(): Suggest | undefined;
  /** The disabled skill a request is phrased for word for word, if any (lifecycle). */
  disabledSkillFor?(text: string): { manifest: { id: string; name: string } } | undefined;
  /** A value for a slot the plan lacks, from a language model (agent mode), tried before asking the user; undefined to ask. */
  fillSlot?(ask: { text: string; skill: string; intent: string; slot: string; question: string }): Promise<string | undefined>;
  clock: () => Date;
}

type Answer = Omit<Response, 'durationMs' | 'kernelMs'>;

/** Validates a request; throws a ValidationError naming the problem and the fix. */
export function parseRequest(input: RequestInput): Request {
  const parsed = RequestSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError('The request is not valid', describeIssues(parsed.error));
  return parsed.data;
}

export class Dispatcher {
  constructor(private readonly host: DispatcherHost) {}

  /**
   * `deferMiss`: a request not understood is returned unrecorded (no result row, no session change,
   * no 'request.completed'): the caller (agent mode) serves it another way and then calls `record`
   * with its own answer, so the request has one result.
   */
  async handle(input: RequestInput, options: { deferMiss?: boolean } = {}): Promise<Response> {
    const started = performance.now();
    const parsed = parseRequest(input);
    const request = { ...parsed, id: parsed.id ?? randomUUID().replace(/-/g, '').slice(0, 16), text: parsed.text.trim() };
    const { host } = this;
    const now = host.clock();
    this.received(request, now);

    const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const pending = request.replyTo ? host.sessions.take(request.sessionId, request.replyTo) : undefined;
    await host.prepare?.(request.text);
    const off = pending ? undefined : host.disabledSkillFor?.(request.text);
    const session = host.sessions.state(request.sessionId);
    // an answer to a question that is not open (answered, expired, another session's, a typo) is not run as a new request
    const stale = request.replyTo && !pending ? this.noQuestion(request, request.replyTo) : undefined;
    let answered = stale
      ? stale
      : off
      ? this.turnedOff(request, off.manifest)
      : await this.respond(request, this.onlyEnabled(this.precede(this.outcomeFor(request, session, pending, now, timezone), request, session, pending, now, timezone)), pending, now, timezone, session);
    // A skill that declined changed nothing: the next reading, without it, may serve ("what does Lena run?" is no app).
    const declinedBy = new Set<string>();
    for (let i = 0; i < 2 && !stale && !off && !pending && allDeclined(answered); i++) {
      for (const s of answered.steps) declinedBy.add(s.skill);
      const skills = host.registry.enabled().map((s) => s.manifest.id).filter((id) => !declinedBy.has(id));
      const retry = await this.respond(request, this.onlyEnabled(this.precede(this.outcomeFor(request, session, undefined, now, timezone, skills), request, session, undefined, now, timezone, skills)), undefined, now, timezone, session);
      // Nothing else understood it: the declining skill's own words say it best.
      if (retry.status === 'not_understood' && retry.steps.length === 0) break;
      answered = retry;
    }
    const response = answered.status === 'not_understood' && !stale && !off && answered.suggestions.length === 0 ? { ...answered, suggestions: await suggestionsFor(host.registry, request.text, [], host.suggest()) } : answered;
    const durationMs = performance.now() - started;
    const skillMs = response.steps.reduce((sum, s) => sum + s.durationMs, 0);
    const full: Response = { ...response, durationMs, kernelMs: Math.max(0, durationMs - skillMs) };
    if (options.deferMiss && full.status === 'not_understood' && !pending) return full;
    return this.completed(request, full, session, now, { reply: !!pending, remember: !off, learn: !pending });
  }

  /** Logs a request as received and tells listeners (before it is served). */
  received(request: Request & { id: string }, now = this.host.clock()): void {
    this.host.eventLog.appendRequest(request, now);
    this.host.emit({ type: 'request.received', requestId: request.id, text: request.text, source: request.source, at: now.toISOString() });
  }

  /**
   * Records a request another path served (agent mode) as `handle` records its own: what the
   * conversation learns from it, the session's follow-up state, the result row and 'request.completed'.
   */
  record(request: Request & { id: string }, response: Response): Response {
    // What the model served is learned only when the user accepts the offer to (kernel/agent/learn.ts), not from use.
    return this.completed(request, response, this.host.sessions.state(request.sessionId), this.host.clock(), { reply: false, remember: true, learn: !response.viaModel });
  }

  private completed(request: Request & { id: string }, response: Response, session: SessionState, now: Date, how: { reply: boolean; remember: boolean; learn: boolean }): Response {
    const { host } = this;
    if (how.remember) {
      if (host.phrasings && how.learn) learnFromUse(host.phrasings, session, request.text, response, now);
      host.sessions.save(remember(session, request.text, response, now, how.reply));
    }
    host.eventLog.appendResult(request, response, host.clock());
    host.emit({ type: 'request.completed', response, text: request.text, at: host.clock().toISOString() });
    return response;
  }

  /** `skills`: recognise among these only (the others declined the request). */
  private outcomeFor(request: Request, session: SessionState, pending: PendingQuestion | undefined, now: Date, timezone: string, skills?: string[]): PlanOutcome {
    const { planner, phrasings } = this.host;
    if (!pending) {
      const learned = phrasings?.match(request.text);
      if (learned && !skills) phrasings!.used(learned.id); // once per request, not again on a retry
      const prefer = learned && (!skills || skills.includes(learned.skill)) ? { prefer: { skill: learned.skill, intent: learned.intent } } : {};
      return planner.plan(request.text, session, { now, timezone, ...prefer, ...(skills ? { skills } : {}) });
    }
    if (pending.kind === 'confirm' && pending.plan) return isYes(request.text) ? { kind: 'plan', plan: pending.plan } : { kind: 'not_understood', candidates: [] };
    return planner.answer(pending, request.text, session, { now, timezone });
  }

  /**
   * Built-in and earlier-installed skills keep the requests they read (precedence.ts): a community
   * skill's step that one of them also understands goes to it. An answer to a question is left as
   * it is (the question was asked of the skill that had the request).
   */
  private precede(outcome: PlanOutcome, request: Request, session: SessionState, pending: PendingQuestion | undefined, now: Date, timezone: string, skills?: string[]): PlanOutcome {
    if (pending) return outcome;
    const { planner, registry } = this.host;
    return applyPrecedence(
      outcome,
      { enabled: () => registry.enabled() },
      (text, allowed) => planner.plan(text, session, { now, timezone, skills: allowed }),
      (allowed) => this.outcomeFor(request, session, undefined, now, timezone, allowed),
      skills,
    );
  }

  private async respond(request: Request & { id: string }, outcome: PlanOutcome, pending: PendingQuestion | undefined, now: Date, timezone: string, session: SessionState): Promise<Answer> {
    const { host } = this;
    if ((outcome.kind === 'plan' || outcome.kind === 'ask_slot') && outcome.first && host.registry.enabled().some((s) => s.manifest.id === outcome.first!.skill)) {
      // A read-only answer from a fallback intent, tried before the guessed plan; kept only when it serves.
      const tried = await host.executor.execute(request, { steps: [outcome.first] }, now, timezone);
      if (tried.status === 'served' && tried.steps.every((s) => !s.result?.declined)) return tried;
    }
    const base = { requestId: request.id, sessionId: request.sessionId, steps: [] as StepResult[], suggestions: [] as Suggestion[] };
    switch (outcome.kind) {
      case 'not_understood':
        return { ...base, status: 'not_understood', text: "Sorry, I can't do that yet.", suggestions: await suggestionsFor(host.registry, request.text, outcome.candidates, host.suggest()) };
      case 'clarify': {
        const q = host.sessions.ask({ sessionId: request.sessionId, kind: 'clarify', text: request.text, choices: outcome.choices });
        return { ...base, status: 'clarify', text: outcome.question, clarification: { id: q.id, question: outcome.question, choices: outcome.choices.map(({ label, value }) => ({ label, value })) } };
      }
      case 'ask_slot': {
        const filled = pending ? undefined : await this.filled(request, outcome, session, now, timezone);
        if (filled) return this.respond(request, filled, undefined, now, timezone, session);
        const q = host.sessions.ask({ sessionId: request.sessionId, kind: 'ask_slot', text: request.text, plan: outcome.plan, stepId: outcome.stepId, slot: outcome.slot });
        const choices = (outcome.choices ?? []).map((c) => ({ label: c, value: c }));
        return { ...base, status: 'ask_slot', text: outcome.question, clarification: { id: q.id, question: outcome.question, choices } };
      }
      case 'plan': {
        const confirmed = request.confirmed === true || pending?.kind === 'confirm';
        const reason = confirmed ? undefined : host.policy.reason(outcome.plan);
        if (reason) {
          const q = host.sessions.ask({ sessionId: request.sessionId, kind: 'confirm', text: request.text, plan: outcome.plan });
          if (reason.kind === 'untrusted') host.audit('untrusted.confirm', reason.step.skill, { requestId: request.id, step: reason.step.text, source: reason.source });
          const choices = [{ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' }];
          return { ...base, status: 'confirm', text: reason.question, clarification: { id: q.id, question: reason.question, choices } };
        }
        const last = session.last?.steps.filter((s) => s.status === 'ok').at(-1)?.result;
        const response = await host.executor.execute(request, outcome.plan, now, timezone, last ? new Map([['last', last]]) : undefined);
        return this.skillQuestion(request, outcome.plan, response) ?? declined(response);
      }
    }
  }

  /**
   * The plan with a missing slot the model filled (host.fillSlot), its value read as the user's
   * answer would be; undefined — ask the user — when there is no model, no value, or one that does not read.
   */
  private async filled(request: Request, outcome: Extract<PlanOutcome, { kind: 'ask_slot' }>, session: SessionState, now: Date, timezone: string): Promise<PlanOutcome | undefined> {
    const { host } = this;
    const step = outcome.plan.steps.find((s) => s.id === outcome.stepId);
    if (!host.fillSlot || !step || request.source === 'automation') return undefined;
    const value = await host.fillSlot({ text: request.text, skill: step.skill, intent: step.intent, slot: outcome.slot, question: outcome.question }).catch(() => undefined);
    if (!value) return undefined;
    const asked: PendingQuestion = { id: 'model', sessionId: request.sessionId, kind: 'ask_slot', text: request.text, plan: outcome.plan, stepId: outcome.stepId, slot: outcome.slot, createdAt: now.toISOString() };
    const next = host.planner.answer(asked, value, session, { now, timezone });
    return next.kind === 'plan' ? next : undefined;
  }

  /**
   * A step that asks the user to choose (`SkillResult.ask`) ends the response there: the question is
   * asked with its choices, each of which runs that step again with the chosen value.
   */
  private skillQuestion(request: Request & { id: string }, plan: Plan, response: Answer): Answer | undefined {
    const at = response.steps.findIndex((s) => s.status === 'ok' && s.result?.ask);
    if (at < 0) return undefined;
    const step = plan.steps.find((s) => s.id === response.steps[at]!.stepId)!;
    const ask = response.steps[at]!.result!.ask!;
    const choices = ask.choices.map((c) => ({ label: c.label, value: c.value, step: { ...step, slots: { ...response.steps[at]!.slots, [ask.slot]: c.value }, inputFrom: undefined } }));
    const q = this.host.sessions.ask({ sessionId: request.sessionId, kind: 'clarify', text: request.text, choices });
    const done = response.steps.slice(0, at);
    const text = [...done.map((s) => s.result?.text ?? ''), ask.question].filter(Boolean).join('\n');
    return { ...response, status: 'clarify', text, steps: done, clarification: { id: q.id, question: ask.question, choices: ask.choices } };
  }

  /** A request for a skill the user turned off: nothing runs, and the answer says how to turn it on. */
  private noQuestion(request: Request & { id: string }, id: string): Answer {
    return {
      requestId: request.id,
      sessionId: request.sessionId,
      status: 'not_understood',
      text: `There is no open question "${id}" in this conversation: it was answered already, it expired, or it was never asked. Nothing was done; send the request again on its own.`,
      steps: [],
      suggestions: [],
    };
  }

  private turnedOff(request: Request & { id: string }, skill: { id: string; name: string }): Answer {
    return {
      requestId: request.id,
      sessionId: request.sessionId,
      status: 'not_understood',
      text: `${skill.name} is turned off, so nothing was done. Turn it on in Skills (or run: agentos skills enable ${skill.id}) and ask again.`,
      steps: [],
      suggestions: [{ request: 'what can you do', reason: 'list everything AgentOS can do' }],
    };
  }

  /** A plan or choice that names a disabled skill is not offered. */
  private onlyEnabled(outcome: PlanOutcome): PlanOutcome {
    const ok = new Set(this.host.registry.enabled().map((s) => s.manifest.id));
    if (outcome.kind === 'plan' && outcome.plan.steps.some((s) => !ok.has(s.skill))) return { kind: 'not_understood', candidates: [] };
    if (outcome.kind === 'clarify' && outcome.choices.length > 0) {
      const choices = outcome.choices.filter((c) => ok.has(c.step.skill));
      if (choices.length === 0) return { kind: 'not_understood', candidates: [] };
      if (choices.length === 1) return { kind: 'plan', plan: { steps: [choices[0]!.step] } };
      return { ...outcome, choices };
    }
    if (outcome.kind === 'not_understood') return { ...outcome, candidates: outcome.candidates.filter((c) => ok.has(c.skill)) };
    return outcome;
  }
}

/** Every step ran and declined (nothing was done). */
function allDeclined(answer: Answer): boolean {
  return answer.status === 'not_understood' && answer.steps.length > 0 && answer.steps.every((s) => s.status === 'ok' && s.result?.declined);
}

/** Steps whose skill had nothing for the request (`declined`): when none did anything else, the request was not understood. */
function declined(response: Answer): Answer {
  const ok = response.steps.filter((s) => s.status === 'ok');
  const out = ok.filter((s) => s.result?.declined);
  if (out.length === 0) return response;
  if (out.length === response.steps.length) return { ...response, status: 'not_understood', text: out.map((s) => s.result!.text).join('\n') };
  return { ...response, status: 'partial' };
}
