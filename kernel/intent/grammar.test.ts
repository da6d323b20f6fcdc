import { describe, expect, it } from 'vitest';
import { SkillManifestSchema, ValidationError } from '../contracts/index.js';
import { compileSkill } from './compiler.js';
import { parseDuration, parseNumber, parseOrdinal, findDates } from './entities.js';
import { ClassicIntentEngine } from './engine.js';

const skill = (intents: unknown[], rules: Record<string, string> = {}) =>
  SkillManifestSchema.parse({ id: 'demo', name: 'Demo', version: '1.0.0', description: 'd', publisher: 'p', entry: 'index.js', intents, rules });

describe('template grammar', () => {
  it('names skill, intent and position on errors', () => {
    const bad = skill([{ id: 'x.y', description: 'd', templates: ['turn (on|off the light'] }]);
    expect(() => compileSkill(bad)).toThrow(ValidationError);
    expect(() => compileSkill(bad)).toThrow(/skill "demo", intent "x.y", template 1 .*position 5/);
    const undeclared = skill([{ id: 'a', description: 'd', templates: ['play {song}'] }]);
    expect(() => compileSkill(undeclared)).toThrow(/position 5: slot \{song\} is not declared/);
    const rule = skill([{ id: 'a', description: 'd', templates: ['<nope> x'] }]);
    expect(() => compileSkill(rule)).toThrow(/unknown rule <nope>/);
  });

  it('matches alternatives, optionals, rules, list synonyms, ranges and wildcards', () => {
    const e = new ClassicIntentEngine();
    e.addSkill(
      skill(
        [
          {
            id: 'light.set',
            description: 'Set a light',
            templates: ['<please> turn (on|off) the {room} light[s]', 'dim the {room} to (1..100) percent'],
            slots: { room: { values: [{ value: 'living room', synonyms: ['lounge'] }, 'kitchen'] } },
          },
          { id: 'note.add', description: 'Add a note', templates: ['[please] note * {text}'], slots: { text: { type: 'text', required: true } } },
          { id: 'timer.set', description: 'Timer', templates: ['set a timer for {d}'], slots: { d: { type: 'duration' } } },
        ],
        { please: '[please|kindly]' },
      ),
    );
    const r = e.recognize('Please turn off the lounge lights');
    expect(r.candidates[0]).toMatchObject({ intent: 'light.set', source: 'template' });
    expect(r.candidates[0]!.slots[0]).toMatchObject({ name: 'room', value: 'living room', raw: 'lounge' });
    expect(e.recognize('dim the kitchen to 40 percent').candidates[0]?.intent).toBe('light.set');
    expect(e.recognize('dim the kitchen to 400 percent').candidates[0]?.source).not.toBe('template');
    const t = e.recognize('set a timer for ten minutes').candidates[0]!;
    expect(t.slots[0]).toMatchObject({ name: 'd', value: 600_000 });
    expect(e.recognize('set a tmier for 2 hours').candidates[0]).toMatchObject({ intent: 'timer.set', source: 'fuzzy' });
  });
});

describe('symbols in templates', () => {
  it('matches a symbol glued to a number ("15%") and still bounds words', () => {
    const e = new ClassicIntentEngine();
    e.addSkill(skill([{ id: 'pct', description: 'percent', templates: ['[what is] {p} (%|percent) of {b}'], slots: { p: { type: 'number' }, b: { type: 'number' } } }]));
    const r = e.recognize('what is 15% of 240');
    expect(r.candidates[0]).toMatchObject({ intent: 'pct', source: 'template' });
    expect(r.candidates[0]!.slots.map((s) => [s.name, s.value])).toEqual([['p', 15], ['b', 240]]);
    expect(e.recognize('what is 15 percentof 240').candidates[0]?.source).not.toBe('template');
  });
});

describe('slot values', () => {
  it('parses numbers, ordinals, durations and dates', () => {
    expect(parseNumber('twelve')).toBe(12);
    expect(parseNumber('twenty one')).toBe(21);
    expect(parseNumber('a hundred and five')).toBe(105);
    expect(parseNumber('1,200')).toBe(1200);
    expect(parseOrdinal('3rd')).toBe(3);
    expect(parseOrdinal('the second')).toBe(2);
    expect(parseDuration('10 minutes')).toBe(600_000);
    expect(parseDuration('an hour and a half')).toBe(5_400_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('buy milk')).toBeUndefined();
    const now = new Date('2025-03-10T12:00:00Z');
    expect(findDates('remind me at 5', now, 'UTC')[0]?.value).toBe('2025-03-10T17:00:00.000Z');
    expect(findDates('tomorrow at 9', now, 'UTC')[0]?.value).toBe('2025-03-11T09:00:00.000Z');
  });
});
