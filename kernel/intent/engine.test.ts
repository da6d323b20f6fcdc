// The engine's order of readings: templates, then paraphrases through WordNet, then the
// classifier (with coverage deciding between close readings), and fallback intents only when
// nothing else understood the request.
import { describe, expect, it } from 'vitest';
import { SkillManifestSchema, type SkillManifest } from '../contracts/index.js';
import { ClassicIntentEngine, type EngineOptions } from './engine.js';

const manifest = (m: object): SkillManifest => SkillManifestSchema.parse({ name: 'T', version: '1.0.0', description: 'd', publisher: 't', entry: 'i.js', ...m });

const notes = manifest({
  id: 'notes',
  intents: [
    { id: 'add', description: 'add a note', templates: ['(add|take) a note {text}'], slots: { text: { type: 'text' } }, examples: ['add a note buy milk', 'take a note call mom', 'write down that the keys are in the drawer'] },
    { id: 'delete', description: 'delete a note', templates: ['delete the note about {query}', 'delete the {query} note'], slots: { query: { type: 'text' } }, examples: ['delete the note about milk', 'remove my note about the dentist'] },
    { id: 'list', description: 'list notes', templates: ['list my notes', 'show my notes'], examples: ['what notes do i have', 'read my notes'] },
  ],
});
const knowledge = manifest({
  id: 'knowledge',
  intents: [
    { id: 'who', description: 'who is someone', templates: ['who is {name}'], slots: { name: { type: 'text' } }, examples: ['who is Alice', 'who is my manager'] },
    { id: 'ask', description: 'any question', fallback: true, templates: ['(who|where|when) {question}', 'what * notes'], slots: { question: { type: 'text' } }, examples: ['who leads the team'] },
  ],
});

function engine(...skills: SkillManifest[]): ClassicIntentEngine {
  const e = new ClassicIntentEngine();
  for (const s of skills) e.addSkill(s);
  return e;
}

describe('fallback intents', () => {
  const e = engine(notes, knowledge);

  it('are matched, as a template, when nothing else understood the request', () => {
    const r = e.recognize('who leads Orion');
    expect(r.outOfScope).toBe(false);
    expect(r.candidates[0]).toMatchObject({ skill: 'knowledge', intent: 'ask', source: 'template' });
    expect(r.candidates[0]!.slots).toEqual([expect.objectContaining({ name: 'question', value: 'leads Orion' })]);
  });

  it('lose to an ordinary template that matches too', () => {
    expect(e.recognize('who is Alice').candidates[0]).toMatchObject({ intent: 'who', source: 'template' });
    expect(e.recognize('list my notes').candidates[0]).toMatchObject({ intent: 'list' });
  });

  it('lose to an in-scope classifier reading, and the classifier never offers them', () => {
    for (const text of ['what notes do i have', 'please write down that the car is parked outside', 'who leads the team', 'take a note']) {
      const r = e.recognize(text);
      if (r.candidates[0]?.source !== 'template') expect(r.candidates.map((c) => c.intent)).not.toContain('ask');
    }
    const r = e.recognize('what notes do i have');
    expect(r.candidates[0]).toMatchObject({ skill: 'notes', intent: 'list', source: 'classifier' });
  });

  it('leave a request their templates do not fit out of scope', () => {
    const r = e.recognize('fly me to the moon tonight');
    expect(r.outOfScope).toBe(true);
    expect(r.candidates.map((c) => c.intent)).not.toContain('ask');
  });

  it('respect the allowed skills', () => {
    expect(e.recognize('who leads Orion', { skills: ['notes'] }).candidates.map((c) => c.intent)).not.toContain('ask');
  });

  it('are still described by intentSpec and leave with their skill', () => {
    expect(e.intentSpec('knowledge', 'ask')?.fallback).toBe(true);
    const e2 = engine(notes, knowledge);
    e2.removeSkill('knowledge');
    expect(e2.recognize('who leads Orion').candidates.map((c) => c.intent)).not.toContain('ask');
  });
});

describe('paraphrases through WordNet', () => {
  it('reads a synonym the skills do not use as the word they do ("erase" → "delete"), keeping the user\'s words in text slots', () => {
    const r = engine(notes).recognize('erase the note about the erased milk');
    expect(r.candidates[0]).toMatchObject({ intent: 'delete', source: 'fuzzy' });
    expect(r.candidates[0]!.slots[0]).toMatchObject({ name: 'query', value: 'the erased milk', raw: 'the erased milk' });
  });

  it('is off with lexicon: false', () => {
    const e = new ClassicIntentEngine({ lexicon: false });
    e.addSkill(notes);
    expect(e.recognize('erase the note about the milk').candidates[0]?.source).not.toBe('fuzzy');
  });
});

describe('coverage between close classifier readings', () => {
  const reminders = manifest({
    id: 'reminders',
    intents: [
      {
        id: 'reminder.add', description: 'remind', slots: { task: { type: 'text' }, when: { type: 'datetime' } },
        templates: ['remind me to {task} in {when}', 'remind me in {when} to {task}'],
        examples: ['remind me to stretch in 10 minutes', 'remind me in an hour to check the oven'],
      },
      {
        id: 'timer.set', description: 'timer', slots: { duration: { type: 'duration' } },
        templates: ['set a timer for {duration}', '(ping|tell|alert) me in {duration}'],
        examples: ['set a timer for 3 minutes', 'ping me in 10 minutes', 'alert me in 5 minutes'],
      },
    ],
  });

  it('prefers the reading whose slots and words explain the request', () => {
    const r = engine(reminders).recognize('nudge me in 45 minutes to move the car');
    expect(r.outOfScope).toBe(false);
    expect(r.candidates[0]).toMatchObject({ intent: 'reminder.add' });
    expect(r.candidates[0]!.slots.find((s) => s.name === 'task')?.value).toBe('move the car');
  });
});

describe('out of scope by what a reading explains', () => {
  const files = manifest({
    id: 'files',
    rules: { kinds: '(files|documents|spreadsheets|photos)' },
    intents: [
      { id: 'find', description: 'find files', templates: ['(find|show) [all] [my] <kinds> named {name}', 'find {name}'], slots: { name: { type: 'text' } }, examples: ['find files named report', 'find my photos', 'where is the budget file'] },
      { id: 'open', description: 'open a file', templates: ['open [the] file {path}'], slots: { path: { type: 'path' } }, examples: ['open the file ~/a.txt', 'open ~/report.pdf'] },
    ],
  });
  const withOptions = (options: EngineOptions) => {
    const e = new ClassicIntentEngine(options);
    for (const s of [files, notes]) e.addSkill(s);
    return e;
  };

  it('a request made of an intent\'s own template words is in scope, however thin its similarity', () => {
    const e = withOptions({ oosSimilaritySmall: 0.99 });
    expect(e.recognize('fetch my old photos').outOfScope).toBe(true);
    const r = e.recognize('show me spreadsheets in documents');
    expect(r.outOfScope).toBe(false);
    expect(r.candidates[0]).toMatchObject({ intent: 'find', source: 'classifier' });
  });

  it('an unsure reading that explains none of the request is a guess, refused', () => {
    // Thresholds off, so only this rule refuses.
    const e = withOptions({ oosSimilaritySmall: 0, oosThreshold: 0 });
    // Free text explains nothing by itself: "call mom about the budget" would be a note's text.
    for (const text of ['what is the budget', 'milk is the budget', 'call mom about the budget']) expect(e.recognize(text).outOfScope, text).toBe(true);
    expect(e.recognize('a note: call mom about the budget').outOfScope).toBe(false);
  });
});
