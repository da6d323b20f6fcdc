// The template index: ordinary and fallback templates kept apart, the skills' words, and slots
// read with a paraphrased first word.
import { describe, expect, it } from 'vitest';
import { SkillManifestSchema } from '../contracts/index.js';
import { TemplateIndex } from './templates.js';
import { normaliseForMatch } from './slots.js';

const m = SkillManifestSchema.parse({
  id: 'rem', name: 'R', version: '1.0.0', description: 'd', publisher: 't', entry: 'i.js',
  rules: { setrem: '(remind me|set a reminder)' },
  intents: [
    { id: 'add', description: 'a', templates: ['<setrem> in {when} to {task}', 'remind {task}'], slots: { task: { type: 'text' }, when: { type: 'duration' } }, examples: ['ping the [kitchen](task)'] },
    { id: 'ask', description: 'q', fallback: true, templates: ['when {q}'], slots: { q: { type: 'text' }, unit: { values: [{ value: 'minutes', synonyms: ['mins'] }] } } },
  ],
});
const ctx = { now: new Date('2026-01-01T00:00:00Z') };

describe('TemplateIndex', () => {
  const index = new TemplateIndex();
  const { trained, templates } = index.add(m);

  it('keeps fallback intents out of the training view and ordinary matching', () => {
    expect(trained.intents.map((i) => i.id)).toEqual(['add']);
    expect(templates.every((t) => t.intent === 'add')).toBe(true);
    const text = 'when is lunch';
    expect(index.match(text, normaliseForMatch(text), undefined, ctx, 'template')).toEqual([]);
    expect(index.match(text, normaliseForMatch(text), undefined, ctx, 'template', true)[0]).toMatchObject({ intent: 'ask', slots: [expect.objectContaining({ value: 'is lunch' })] });
    expect(index.spec('rem', 'ask')?.fallback).toBe(true);
  });

  it('knows the words of templates, examples and list values', () => {
    for (const w of ['remind', 'reminder', 'ping', 'kitchen', 'mins', 'when']) expect(index.known(w), w).toBe(true);
    expect(index.known('task')).toBe(false);
  });

  it('reads slots with a paraphrased first word, on templates with words besides it', () => {
    const text = 'Nudge me in 5 minutes to call Sam';
    const slots = index.headRelaxedSlots({ skill: 'rem', intent: 'add' }, text, ctx)!;
    expect(slots.map((s) => [s.name, s.raw])).toEqual([
      ['when', '5 minutes'],
      ['task', 'call Sam'],
    ]);
    expect(slots[1]).toMatchObject({ start: text.indexOf('call'), end: text.length });
    // "remind {task}" alone would take anything after any verb: not relaxed.
    expect(index.headRelaxedSlots({ skill: 'rem', intent: 'add' }, 'nudge Sam', ctx)).toBeUndefined();
    // A first word the templates start with, or a function word, is not relaxed.
    expect(index.headRelaxedSlots({ skill: 'rem', intent: 'add' }, 'remind me in 5 minutes to go', ctx)).toBeUndefined();
    expect(index.headRelaxedSlots({ skill: 'rem', intent: 'add' }, 'the me in 5 minutes to go', ctx)).toBeUndefined();
  });

  it('reads slots by the templates without their heads, at the end of the text', () => {
    const text = 'give me a shout in 5 minutes to call Sam';
    const slots = index.headlessSlots({ skill: 'rem', intent: 'add' }, text, normaliseForMatch(text), ctx)!;
    expect(slots.map((s) => [s.name, s.raw])).toEqual([
      ['when', '5 minutes'],
      ['task', 'call Sam'],
    ]);
    expect(index.headlessSlots({ skill: 'rem', intent: 'add' }, 'give me a shout', 'give me a shout', ctx)).toBeUndefined();
  });

  it('reads a trailing free-text slot inside the text to its end, not one letter', () => {
    const text = 'hey remind me in 5 minutes to call Sam';
    expect(index.partialSlots({ skill: 'rem', intent: 'add' }, text, normaliseForMatch(text), ctx).map((s) => s.raw)).toEqual(['5 minutes', 'call Sam']);
  });

  it('forgets a removed skill', () => {
    index.remove('rem');
    expect(index.known('remind')).toBe(false);
    expect(index.spec('rem', 'add')).toBeUndefined();
    expect(index.hasFallbacks()).toBe(false);
  });
});
