/**
 * Which skills the model is offered for a request: a few, not all — small local models choose
 * badly among many tools, and every tool costs prompt tokens. The intent engine's candidates come
 * first, then the recommender's picks, then skills sharing words with the request.
 */
import type { IntentEngine, SkillManifest, Suggestion } from '../contracts/index.js';
import { STOP_WORDS } from '../intent/index.js';

/** The recommender's suggestions (dispatch's `Suggest`). */
export type Suggest = (text: string, limit: number) => Suggestion[] | Promise<Suggestion[]>;

export interface SelectHost {
  enabled(): SkillManifest[];
  engine: Pick<IntentEngine, 'recognize'>;
  suggest?: Suggest;
}

const words = (t: string) => new Set((t.toLowerCase().match(/\p{L}{3,}/gu) ?? []).filter((w) => !STOP_WORDS.has(w)).map((w) => w.slice(0, 5)));

/** Skills sharing the most words (by a five-letter stem) with the request, best first; none for no shared word. */
function byWords(text: string, manifests: SkillManifest[]): string[] {
  const asked = words(text);
  const scored = manifests.map((m) => {
    const doc = words([m.name, m.description, ...m.keywords, ...m.intents.flatMap((i) => [i.description, ...i.examples.slice(0, 5)])].join(' '));
    return { id: m.id, score: [...asked].filter((w) => doc.has(w)).length };
  });
  return scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score)
    .map((s) => s.id);
}

export async function relevantSkills(text: string, host: SelectHost, max: number): Promise<SkillManifest[]> {
  const enabled = host.enabled();
  const byId = new Map(enabled.map((m) => [m.id, m]));
  const order: string[] = [];
  const add = (id: string | undefined) => {
    if (id && byId.has(id) && !order.includes(id)) order.push(id);
  };
  try {
    for (const c of host.engine.recognize(text).candidates.slice(0, 6)) add(c.skill);
  } catch {
    // a failing engine only narrows the choice
  }
  const ranked: string[] = [];
  try {
    for (const s of host.suggest ? await host.suggest(text, 6) : []) if (s.skill && !ranked.includes(s.skill)) ranked.push(s.skill);
  } catch {
    // suggestions are a courtesy
  }
  const lexical = byWords(text, enabled);
  // Interleave the three sources, so a request about two things gets a skill for each.
  for (let i = 0; order.length < max && i < Math.max(ranked.length, lexical.length); i++) {
    add(lexical[i]);
    add(ranked[i]);
  }
  return order.slice(0, max).map((id) => byId.get(id)!);
}
