/** Selectors for the skills slice. */
import type { AppState } from '../../state';
import type { InstalledSkill } from './slice';

export const selectSkills = (s: AppState) => s.skills;
export const selectSkillsError = (s: AppState) => s.skillsError;
export const selectSkillsLoaded = (s: AppState) => s.skillsLoaded;

/** Skills whose name, description, intents or examples contain every word of the query. */
export function filterSkills(skills: readonly InstalledSkill[], query: string): InstalledSkill[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...skills];
  return skills.filter((s) => {
    const hay = [s.name, s.id, s.description, ...s.intents.flatMap((i) => [i.description, ...i.examples])].join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** A few example commands from the enabled skills, for the empty chat and the palette. */
export function starterExamples(skills: readonly InstalledSkill[], limit = 6): string[] {
  const out: string[] = [];
  for (let round = 0; out.length < limit && round < 3; round++) {
    for (const s of skills) {
      if (!s.enabled) continue;
      const example = s.intents[round]?.examples[0];
      if (example && !out.includes(example)) out.push(example);
      if (out.length >= limit) break;
    }
  }
  return out;
}
