/** "Did you mean …" for a request no intent fits: the closest intents' examples, the recommender's picks, then starters. */
import type { Suggestion } from '../contracts/index.js';
import type { SkillRegistry } from '../skills/index.js';

export type Suggest = (text: string, limit: number) => Suggestion[] | Promise<Suggestion[]>;

const MAX = 4;
const HELP = 'what can you do';

export async function suggestionsFor(
  registry: Pick<SkillRegistry, 'get' | 'enabled'>,
  text: string,
  candidates: readonly { skill: string; intent: string }[],
  recommend?: Suggest,
): Promise<Suggestion[]> {
  const out: Suggestion[] = [];
  const seen = new Set<string>();
  // The last place is kept for "what can you do", so a user is never left without a way on.
  const push = (s: Suggestion) => {
    if (!seen.has(s.request) && s.request !== HELP && out.length < MAX) {
      seen.add(s.request);
      out.push(s);
    }
  };
  for (const c of candidates) {
    const example = registry.get(c.skill)?.manifest.intents.find((i) => i.id === c.intent)?.examples[0];
    if (example) push({ request: example, skill: c.skill, reason: 'closest match' });
  }
  for (const s of await recommendSafely(recommend, text)) push(s);
  if (out.length < 3) {
    for (const skill of registry.enabled()) {
      const example = skill.manifest.intents[0]?.examples[0];
      if (example) push({ request: example, skill: skill.manifest.id, reason: skill.manifest.description });
    }
  }
  out.push({ request: HELP, reason: 'list everything AgentOS can do' });
  return out;
}

/** Suggestions are a courtesy: a failing recommender never fails a request. */
async function recommendSafely(recommend: Suggest | undefined, text: string): Promise<Suggestion[]> {
  if (!recommend) return [];
  try {
    return await recommend(text, 5);
  } catch {
    return [];
  }
}
