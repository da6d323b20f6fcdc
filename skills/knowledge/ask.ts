/**
 * Answering questions from what the user told the knowledge skill: "who leads Orion", "who's my
 * dentist", "where does Tom live", "when's the board meeting", "what does Priya lead". The facts
 * that might answer are fetched from the graph (those of the entities the question's words find,
 * the user's own, and one step further for chains), matched (match.ts), and said back as the
 * sentences they came from; nothing found is a "don't know" the kernel treats as not understood.
 */
import type { EntityType, GraphCapability, GraphEntity, SkillResult } from '../../kernel/contracts/index.js';
import { bridges, isSelf, rank, readQuestion, type FactView, type Question, type Ranked } from './match.js';
import { toSecondPerson } from './parse.js';
import { stem, tokens } from './words.js';

export interface EntityRef {
  name: string;
  type?: EntityType;
}

/** Adds the current facts of the entities to `views` (entities already read are skipped). */
async function read(graph: GraphCapability, ids: string[], views: Map<string, FactView>, seen: Set<string>): Promise<void> {
  for (const id of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    const about = await graph.about(id, { episodes: 1 });
    if (!about) continue;
    const byId = new Map([about.entity, ...about.related].map((e) => [e.id, e]));
    for (const fact of about.facts) {
      const subject = byId.get(fact.subjectId);
      if (!subject || views.has(fact.id)) continue;
      const object = fact.objectId ? byId.get(fact.objectId) : undefined;
      views.set(fact.id, { fact, subject, ...(object ? { object } : {}) });
    }
  }
}

/** The facts that might answer: those of the entities the question's words find, the user's own, and their neighbours'. */
export async function candidates(graph: GraphCapability, q: Question, text: string): Promise<FactView[]> {
  const stems = new Set(q.terms.filter((t) => t.weight > 0).map((t) => t.stem));
  if (stems.size === 0) return [];
  // Stems find their inflections by prefix ("liv" → lives); the words as said find the rest ("cities").
  const words = [...new Set([...stems, ...tokens(text).filter((w) => stems.has(stem(w)))])];
  const hits = await graph.search(words.join(' '), { limit: 8 });
  const views = new Map<string, FactView>();
  const seen = new Set<string>();
  await read(graph, [...hits.map((h) => h.entity.id), (await graph.me()).id], views, seen);
  await read(graph, bridges(q, [...views.values()]).slice(0, 6).map((e) => e.id), views, seen);
  return [...views.values()];
}

const sentence = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1).replace(/[.!?]+$/, '')}.`;
const ref = (e: GraphEntity): EntityRef => ({ name: e.name, type: e.type });

/** The people and things an answer is about, the answer first: what "she", "it" or "they" will mean next. */
export function entitiesOf(answers: Ranked[]): EntityRef[] {
  const out = new Map<string, EntityRef>();
  for (const r of answers) if (r.answer?.entity) out.set(r.answer.entity.id, ref(r.answer.entity));
  for (const r of answers) {
    for (const v of [...r.views].reverse()) for (const e of [v.subject, v.object]) if (e && !isSelf(e) && !out.has(e.id)) out.set(e.id, ref(e));
  }
  return [...out.values()];
}

export function dontKnow(question: string): SkillResult {
  const q = question.trim().replace(/[?.!\s]+$/, '');
  return { text: `I don't know the answer to "${q}" yet. Tell me with "remember that …".`, data: { found: false, entities: [] }, declined: true };
}

/** Answers a question from the graph, or declines when nothing stored answers it. */
export async function answerQuestion(graph: GraphCapability, question: string): Promise<SkillResult> {
  const q = readQuestion(question);
  const answers = rank(q, await candidates(graph, q, question));
  const best = answers[0];
  if (!best) return dontKnow(question);
  const sentences = (r: (typeof answers)[number]) => r.views.map((v) => sentence(toSecondPerson(v.fact.text)));
  // The best answer (with the facts that lead to it) is the text; other facts that bear on the question are in the card, never said twice.
  const first = [...new Set(sentences(best))];
  const others = [...new Set(answers.slice(1).flatMap(sentences))].filter((s) => !first.includes(s));
  let text = first.join(' ');
  // A guess, or a yes/no question a fact covers only in part, is said as such.
  if (best.guess || (q.yesNo && !best.complete)) text = `I'm not sure that is what you asked, but: ${text}`;
  else if (q.yesNo) text = `Yes. ${text}`;
  const answer = best.answer?.entity?.name ?? best.answer?.value?.replace(/^(on|at|in)\s+/i, '');
  return {
    text,
    ...(others.length ? { card: { type: 'list' as const, title: sentence(question.trim()).replace(/\.$/, '?'), items: others.map((title) => ({ title })) } } : {}),
    data: { found: true, guess: best.guess, ...(answer ? { answer } : {}), facts: answers.flatMap((r) => r.views.map((v) => v.fact)), entities: entitiesOf(answers) },
  };
}
