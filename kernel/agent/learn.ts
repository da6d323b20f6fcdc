/**
 * Learning from agent mode: a request the model served with one skill intent is offered to the
 * user's personal phrasings ("shall I remember that … means …?"), so next time the classical path
 * serves it without the model. Nothing is learned until the user says yes: the offer is the
 * response's question, kept as the session's pending question like any other, and answering it
 * (with the question's id as `replyTo`) learns the phrasing or drops it.
 */
import { randomUUID } from 'node:crypto';
import {
  RequestSchema,
  type LearnedPhrasing,
  type PendingQuestion,
  type Request,
  type RequestInput,
  type Response,
} from '../contracts/index.js';

/** The step skill that marks a pending question as this offer (no installed skill has a dot-free id like it). */
export const LEARN_STEP = 'agent.learn';

type Answer = Omit<Response, 'durationMs' | 'kernelMs'>;

export interface LearnHost {
  sessions: {
    ask(question: Omit<PendingQuestion, 'id' | 'createdAt'>): PendingQuestion;
    peek(sessionId: string): PendingQuestion | undefined;
    take(sessionId: string, id?: string): PendingQuestion | undefined;
  };
  phrasings?: {
    learn(text: string, target: { skill: string; intent: string; example: string; how: LearnedPhrasing['how'] }, now?: Date): LearnedPhrasing | undefined;
    match(text: string): Pick<LearnedPhrasing, 'skill' | 'intent'> | undefined;
  };
  clock(): Date;
}

const isYes = (answer: string) => /^(y|yes|ok|okay|sure|do it|go ahead|please do|remember it)\b/i.test(answer.trim());
const norm = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * The answer with the offer added, when the model served it (every step ok, nothing declined) with
 * one skill intent — a phrasing means one intent, so a run of several different ones is not offered —
 * and the request is not already that intent's learned phrasing.
 */
export function withOffer(host: LearnHost, request: Request & { id: string }, answer: Answer): Answer {
  const steps = answer.steps;
  if (!host.phrasings || answer.status !== 'served' || answer.clarification || steps.length === 0) return answer;
  if (steps.some((s) => s.status !== 'ok' || s.result?.declined || s.undo)) return answer;
  const { skill, intent } = steps[0]!;
  if (steps.some((s) => s.skill !== skill || s.intent !== intent)) return answer;
  const example = steps[0]!.text ?? '';
  if (!example || norm(example) === norm(request.text)) return answer;
  const known = host.phrasings.match(request.text);
  if (known?.skill === skill && known.intent === intent) return answer;
  const question = `Shall I remember that "${request.text}" means "${example}", so next time I do it without the model?`;
  const q = host.sessions.ask({
    sessionId: request.sessionId,
    kind: 'confirm',
    text: request.text,
    plan: { steps: [{ id: 'learn', skill: LEARN_STEP, intent: 'phrasing.learn', slots: { skill, intent, example }, text: request.text, confidence: 1 }] },
  });
  return {
    ...answer,
    text: `${answer.text}\n${question}`,
    clarification: { id: q.id, question, choices: [{ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' }] },
  };
}

/** The answer to an offer (a reply to its question), learned or dropped; undefined for any other reply. */
export function answerOffer(host: LearnHost, input: RequestInput): { request: Request & { id: string }; answer: Answer } | undefined {
  if (!input.replyTo) return undefined;
  const parsed = RequestSchema.safeParse(input);
  if (!parsed.success) return undefined;
  const pending = host.sessions.peek(parsed.data.sessionId);
  const step = pending?.plan?.steps[0];
  if (pending?.id !== input.replyTo || step?.skill !== LEARN_STEP) return undefined;
  host.sessions.take(pending.sessionId, pending.id);
  const request = { ...parsed.data, id: parsed.data.id ?? randomUUID().replace(/-/g, '').slice(0, 16), text: parsed.data.text.trim() };
  const base = { requestId: request.id, sessionId: request.sessionId, steps: [], suggestions: [] };
  const { skill, intent, example } = step.slots as { skill: string; intent: string; example: string };
  if (!isYes(request.text)) return { request, answer: { ...base, status: 'served', text: `OK, I did not remember "${pending.text}".` } };
  const learned = host.phrasings?.learn(pending.text, { skill, intent, example, how: 'suggestion' }, host.clock());
  const text = learned
    ? `OK: from now on "${pending.text}" means "${example}", without the model. You can forget it in settings (or run: agentos phrasings forget ${learned.id}).`
    : `"${pending.text}" could not be remembered as a phrasing (it is too short or the same words as "${example}"), so nothing changed.`;
  return { request, answer: { ...base, status: learned ? 'served' : 'error', text, ...(learned ? {} : { error: { code: 'phrasing_not_learned', message: text } }) } };
}
