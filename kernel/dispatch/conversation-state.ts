/**
 * What a session keeps between requests, and what the kernel learns from how a conversation
 * went: the last served request (in the words a follow-up was resolved to, so "change it to 15"
 * after "change it to 12 minutes" changes the changed request), the people and things the answers
 * were about (for "she", "it"), and the last miss — a request that was not understood — so the
 * rephrasing or suggestion that follows it teaches the kernel that phrasing.
 */
import type { Response, SessionState } from '../contracts/index.js';
import { STOP_WORDS, discourse } from '../intent/index.js';
import { REPHRASE_WINDOW_MS, type PersonalPhrasings } from './phrasings.js';

type Answer = Omit<Response, 'durationMs' | 'kernelMs'>;
type Entity = NonNullable<SessionState['entities']>[number];

const MAX_ENTITIES = 10;

/** The session after a response. `reply`: the request answered a question (its words complete the asked request). */
export function remember(session: SessionState, text: string, response: Answer, now: Date, reply: boolean): SessionState {
  // What the user asked for: not a step that only undid something earlier.
  const ok = response.steps.filter((s) => s.status === 'ok' && !s.result?.declined && !s.undo);
  const next: SessionState = { ...session };
  if ((response.status === 'served' || response.status === 'partial') && ok.length > 0) {
    const own = ok.length === 1 ? ok[0]!.text : undefined;
    const words = own && reply && own !== text ? `${own} ${text}` : (own ?? text);
    next.last = { text: words, steps: response.steps };
    next.entities = mergeEntities(entitiesOf(response), session.entities ?? []);
    delete next.miss;
  } else if (response.status === 'not_understood' && !reply) {
    next.miss = { text, at: now.toISOString(), suggestions: response.suggestions.map((s) => s.request).slice(0, 8) };
  }
  return next;
}

function entitiesOf(response: Answer): Entity[] {
  const out: Entity[] = [];
  for (const step of response.steps) {
    const list = (step.result?.data as { entities?: unknown } | undefined)?.entities;
    if (!Array.isArray(list)) continue;
    for (const e of list) {
      if (e && typeof e === 'object' && typeof (e as Entity).name === 'string' && (e as Entity).name.trim()) {
        const { name, type } = e as Entity;
        out.push({ name: name.trim().slice(0, 200), ...(typeof type === 'string' ? { type } : {}) });
      }
    }
  }
  return out;
}

function mergeEntities(fresh: Entity[], old: Entity[]): Entity[] {
  const seen = new Set<string>();
  return [...fresh, ...old].filter((e) => !seen.has(e.name.toLowerCase()) && seen.add(e.name.toLowerCase())).slice(0, MAX_ENTITIES);
}

const contentWords = (t: string) => new Set((t.toLowerCase().match(/\p{L}{3,}/gu) ?? []).filter((w) => !STOP_WORDS.has(w)));

/** Two requests are about the same thing when they share a content word (a stem of 4+ letters counts). */
function related(a: string, b: string): boolean {
  const wa = contentWords(a);
  const wb = [...contentWords(b)];
  return wb.some((w) => wa.has(w) || [...wa].some((x) => x.length >= 4 && w.length >= 4 && x.slice(0, 4) === w.slice(0, 4)));
}

/**
 * Learns from this turn: a served request right after a miss that it rephrases (shares a content
 * word with it, or is one of the suggestions offered), or a correction ("no, I meant …") of the
 * last request, teaches the missed (or corrected) words the intent that served the user.
 */
export function learnFromUse(phrasings: PersonalPhrasings, session: SessionState, text: string, response: Answer, now: Date): void {
  const ok = response.steps.filter((s) => s.status === 'ok' && !s.result?.declined && !s.undo);
  if (response.status !== 'served' || ok.length === 0) return;
  const step = ok.at(-1)!;
  const target = { skill: step.skill, intent: step.intent, example: step.text ?? text };
  if (discourse(text).correction && session.last) {
    const before = session.last.steps.find((s) => s.status === 'ok');
    if (before && (before.skill !== step.skill || before.intent !== step.intent)) phrasings.learn(session.last.text, { ...target, how: 'correction' }, now);
    return;
  }
  const miss = session.miss;
  if (ok.length !== 1 || !miss || now.getTime() - new Date(miss.at).getTime() > REPHRASE_WINDOW_MS) return;
  const picked = miss.suggestions?.some((s) => s.trim().toLowerCase() === text.trim().toLowerCase());
  if (picked || related(miss.text, text)) phrasings.learn(miss.text, { ...target, how: picked ? 'suggestion' : 'rephrase' }, now);
}
