// The literal prefilter must never reject a text its template's regex accepts (else a template
// would silently stop matching), and it must spare most regexes for a typical request.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SkillManifestSchema } from '../contracts/index.js';
import { compileSkill, ruleMap } from './compiler.js';
import { expand } from './compiler.js';
import { satisfies } from './prefilter.js';
import { normaliseForMatch } from './slots.js';
import { discoverSkillDirs, loadManifest } from '../skills/manifest-loader.js';

const builtins = discoverSkillDirs(path.resolve(__dirname, '../../skills'))
  .map((d) => loadManifest(d))
  .flatMap((l) => (l.ok ? [l.manifest] : []));

const demo = SkillManifestSchema.parse({
  id: 'demo', name: 'Demo', version: '1.0.0', description: 'd', publisher: 't', entry: 'i.js',
  rules: { polite: '[please|kindly]', light: '(lamp|light[s])' },
  intents: [
    { id: 'light.on', description: 'on', templates: ['<polite> turn (on|off) the <light> [in the {room}]', 'switch {n} <light> on'], slots: { room: { values: [{ value: 'living room', synonyms: ['lounge'] }, 'kitchen'] }, n: { type: 'integer' } } },
    { id: 'say', description: 'say', templates: ['say *', '(1..10) times {word}'], slots: { word: { type: 'word' } } },
  ],
});

describe('template prefilter', () => {
  it('accepts every expansion the regex accepts (built-in skills and a grammar showcase)', () => {
    let checked = 0;
    for (const m of [...builtins, demo]) {
      const rules = ruleMap(m);
      for (const t of compileSkill(m)) {
        const spec = m.intents.find((i) => i.id === t.intent)!;
        for (const e of expand(t, rules, spec.slots, 12, 5)) {
          for (const text of [e.text, e.text.toUpperCase(), `${e.text}.`]) {
            const norm = normaliseForMatch(text);
            if (t.regex.test(norm)) {
              checked++;
              expect(satisfies(t.need, norm.toLowerCase()), `${t.skill}/${t.intent} "${t.source}" on "${text}"`).toBe(true);
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('lets few regexes run for an ordinary request', () => {
    const templates = builtins.flatMap((m) => compileSkill(m));
    expect(templates.length).toBeGreaterThan(50);
    const norm = normaliseForMatch('add a note: buy oat milk').toLowerCase();
    const run = templates.filter((t) => satisfies(t.need, norm));
    expect(run.length).toBeLessThan(templates.length * 0.25);
    expect(demo.intents[0]!.templates.length).toBe(2);
    const [on] = compileSkill(demo);
    expect(on!.need.length).toBeGreaterThan(0);
    expect(satisfies(on!.need, 'please turn on the lights in the lounge')).toBe(true);
    expect(satisfies(on!.need, 'what is the weather')).toBe(false);
  });
});
