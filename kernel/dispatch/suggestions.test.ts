import { describe, expect, it } from 'vitest';
import { SkillManifestSchema } from '../contracts/index.js';
import type { LoadedSkill } from '../skills/index.js';
import { suggestionsFor } from './suggestions.js';

const skill = (id: string, examples: string[]): LoadedSkill => ({
  dir: `/skills/${id}`,
  builtin: true,
  manifest: SkillManifestSchema.parse({ id, name: id, version: '1.0.0', description: `${id} things`, publisher: 'p', entry: 'index.js', intents: [{ id: `${id}.do`, description: 'd', examples }] }),
});

const registry = (skills: LoadedSkill[]) => ({ get: (id: string) => skills.find((s) => s.manifest.id === id), enabled: () => skills });

describe('suggestions for a request nothing understood', () => {
  const skills = [skill('notes', ['add a note: milk']), skill('calc', ['what is 2 + 2']), skill('timer', ['set a timer for 3 minutes'])];

  it('offers the closest intents first, then the recommender, then starters, and always "what can you do" last', async () => {
    const out = await suggestionsFor(registry(skills), 'jot down milk', [{ skill: 'notes', intent: 'notes.do' }], async () => [{ request: 'what is 2 + 2', skill: 'calc', reason: 'similar' }]);
    expect(out.map((s) => s.request)).toEqual(['add a note: milk', 'what is 2 + 2', 'set a timer for 3 minutes', 'what can you do']);
  });

  it('keeps working when the recommender fails, with at most four offers before the help entry', async () => {
    const many = [...skills, skill('aa', ['a x']), skill('bb', ['b x']), skill('cc', ['c x'])];
    const out = await suggestionsFor(registry(many), 'zzz', [], async () => {
      throw new Error('index missing');
    });
    expect(out).toHaveLength(5);
    expect(out.at(-1)?.request).toBe('what can you do');
  });
});
