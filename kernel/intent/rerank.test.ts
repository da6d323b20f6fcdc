// Choosing between readings by coverage: close classifier readings, and wide template matches
// against a confident classifier reading that finds a typed value inside the free text.
import { describe, expect, it } from 'vitest';
import { SkillManifestSchema, type IntentCandidate, type Recognition } from '../contracts/index.js';
import { TemplateIndex } from './templates.js';
import { overruleWide, preferCoverage, wideMatchWords } from './rerank.js';

const index = new TemplateIndex();
index.add(
  SkillManifestSchema.parse({
    id: 'home', name: 'H', version: '1.0.0', description: 'd', publisher: 't', entry: 'i.js',
    intents: [
      { id: 'open', description: 'open an app', templates: ['(launch|start) {app}'], slots: { app: { type: 'text' } } },
      { id: 'timer', description: 'a timer', templates: ['(set|start) [a] timer for {duration}'], slots: { duration: { type: 'duration' } } },
      { id: 'remind', description: 'remind', templates: ['remind me in {when} to {task}'], slots: { when: { type: 'duration' }, task: { type: 'text' } } },
      { id: 'note', description: 'note', templates: ['note {text}'], slots: { text: { type: 'text' } } },
    ],
  }),
);
const cand = (intent: string, confidence: number, slots: IntentCandidate['slots'] = [], source: IntentCandidate['source'] = 'classifier'): IntentCandidate => ({ skill: 'home', intent, confidence, slots, source });
const span = (text: string, part: string, name: string, value: unknown = part) => ({ name, value, raw: part, start: text.indexOf(part), end: text.indexOf(part) + part.length });

describe('preferCoverage', () => {
  const text = 'nudge me in 45 minutes to move the car';
  const remindSlots = [span(text, '45 minutes', 'when', 2_700_000), span(text, 'move the car', 'task')];

  it('moves a close reading that explains clearly more to the front', () => {
    const cs = [cand('timer', 0.5, [span(text, '45 minutes', 'duration', 2_700_000)]), cand('remind', 0.3)];
    expect(preferCoverage(cs, text, index, (c) => (c.intent === 'remind' ? remindSlots : []), 0.2)).toBe(true);
    expect(cs.map((c) => c.intent)).toEqual(['remind', 'timer']);
    expect(cs[0]!.confidence).toBe(0.5);
  });

  it('lets a far less probable rival win when it explains every word the best reading leaves out', () => {
    const t = 'note the timer';
    const cs = [cand('open', 0.9, []), cand('remind', 0.05), cand('note', 0.04)];
    expect(preferCoverage(cs, t, index, (c) => (c.intent === 'note' ? [span(t, 'the timer', 'text')] : []), 0.2)).toBe(true);
    expect(cs[0]!.intent).toBe('note');
    const tooFar = [cand('open', 0.9, []), cand('note', 0.01)];
    expect(preferCoverage(tooFar, t, index, () => [span(t, 'the timer', 'text')], 0.2)).toBe(false);
  });

  it('leaves the order when the rival is far less probable or explains too little', () => {
    const far = [cand('timer', 0.9, [span(text, '45 minutes', 'duration')]), cand('remind', 0.05)];
    expect(preferCoverage(far, text, index, () => remindSlots, 0.2)).toBe(false);
    const thin = [cand('timer', 0.5), cand('remind', 0.4)];
    expect(preferCoverage(thin, text, index, () => [span(text, 'car', 'task')], 0.2)).toBe(false);
    expect(thin[0]!.intent).toBe('timer');
  });
});

describe('wide template matches', () => {
  const text = 'start a stopwatch for 10 minutes';
  const wide: Recognition = { text, candidates: [cand('open', 0.99, [span(text, 'a stopwatch for 10 minutes', 'app')], 'template')], outOfScope: false, ambiguous: false };
  const timer: Recognition = { text, candidates: [cand('timer', 0.9, [span(text, '10 minutes', 'duration', 600_000)])], outOfScope: false, ambiguous: false };

  it('are wide when free text holds most of the request and another intent shares the words used', () => {
    expect(wideMatchWords(wide, index)).toEqual(['start']);
    const narrow: Recognition = { ...wide, text: 'start firefox now please ok', candidates: [cand('open', 0.99, [span('start firefox now please ok', 'firefox', 'app')], 'template')] };
    expect(wideMatchWords(narrow, index)).toBeUndefined();
    const own = 'note the stopwatch is broken';
    expect(wideMatchWords({ text: own, candidates: [cand('note', 0.99, [span(own, 'the stopwatch is broken', 'text')], 'template')], outOfScope: false, ambiguous: false }, index)).toBeUndefined();
  });

  it('give way to a confident reading sharing those words with a typed value inside the free text', () => {
    expect(overruleWide(wide, ['start'], timer, index).candidates.map((c) => c.intent)).toEqual(['timer', 'open']);
  });

  it('give way to a reading whose own template words are all the free text holds', () => {
    const t = 'start a timer';
    const rec: Recognition = { text: t, candidates: [cand('open', 0.99, [span(t, 'a timer', 'app')], 'template')], outOfScope: false, ambiguous: false };
    const unsure: Recognition = { text: t, candidates: [cand('timer', 0.55)], outOfScope: false, ambiguous: false };
    expect(overruleWide(rec, ['start'], unsure, index).candidates[0]!.intent).toBe('timer');
    expect(overruleWide(rec, ['start'], { ...unsure, candidates: [cand('timer', 0.3)] }, index)).toBe(rec);
  });

  it('stand otherwise', () => {
    expect(overruleWide(wide, ['start'], { ...timer, candidates: [{ ...timer.candidates[0]!, confidence: 0.6 }] }, index)).toBe(wide);
    expect(overruleWide(wide, ['start'], { ...timer, candidates: [{ ...timer.candidates[0]!, slots: [] }] }, index)).toBe(wide);
    expect(overruleWide(wide, ['launch'], timer, index)).toBe(wide);
  });
});
