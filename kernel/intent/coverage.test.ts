// How much of a request a reading explains, and the literal words of templates.
import { describe, expect, it } from 'vitest';
import { SkillManifestSchema } from '../contracts/index.js';
import { compileSkill, ruleMap } from './compiler.js';
import { coverage, literalShare, templateLiterals } from './coverage.js';

const m = SkillManifestSchema.parse({
  id: 'rem', name: 'R', version: '1.0.0', description: 'd', publisher: 't', entry: 'i.js',
  rules: { setrem: '(remind me|set a reminder)' },
  intents: [
    { id: 'add', description: 'a', templates: ['<setrem> to {task} in {when}'], slots: { task: { type: 'text' }, when: { type: 'datetime' } } },
    { id: 'timer', description: 't', templates: ['[set] a timer for {duration}'], slots: { duration: { type: 'duration' } } },
  ],
});
const compiled = compileSkill(m);
const literals = (intent: string) => templateLiterals(compiled.filter((t) => t.intent === intent), ruleMap(m));

describe('templateLiterals', () => {
  it('collects template words with rules expanded, never slot names', () => {
    expect([...literals('add')].sort()).toEqual(['a', 'in', 'me', 'remind', 'reminder', 'set', 'to']);
    expect([...literals('timer')].sort()).toEqual(['a', 'for', 'set', 'timer']);
  });
});

describe('coverage', () => {
  const text = 'nudge me in 45 minutes to move the car';
  it('counts content words inside slots or among the literals', () => {
    const when = { start: text.indexOf('45'), end: text.indexOf(' to') };
    const task = { start: text.indexOf('move'), end: text.length };
    // content words: nudge 45 minutes move car
    expect(coverage(text, [when, task], literals('add'))).toBeCloseTo(4 / 5);
    expect(coverage(text, [when], literals('timer'))).toBeCloseTo(2 / 5);
    expect(coverage('the a of', [], literals('add'))).toBe(0);
  });

  it('literalShare counts only content words among the literals', () => {
    expect(literalShare('set the timer', literals('timer'))).toBe(1);
    expect(literalShare('set the thermostat to 21', literals('timer'))).toBe(0.5);
    expect(literalShare('the 21', literals('timer'))).toBe(0);
  });
});
