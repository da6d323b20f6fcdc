/** Words for matching questions to facts: contractions, possessives, stems and content words. */
import { describe, expect, it } from 'vitest';
import { contentTerms, expand, irregularBase, stem } from './words.js';

describe('expand', () => {
  it('opens contractions and drops possessives', () => {
    expect(expand("who's Tom's boss")).toBe('who is Tom boss');
    expect(expand('when’s the board meeting')).toBe('when is the board meeting');
    expect(expand("where'd I put the kids' shoes")).toBe('where did I put the kids shoes');
    expect(expand("I don't know what they've done")).toBe('I do not know what they have done');
  });
});

describe('stem', () => {
  it('gives inflections and agent nouns one stem', () => {
    for (const group of [['lead', 'leads', 'led', 'leading', 'leader'], ['live', 'lives', 'lived', 'living'], ['manage', 'manages', 'managed', 'manager'], ['city', 'cities'], ['plan', 'planned', 'planning', 'planner'], ['meet', 'meeting', 'met'], ['teach', 'teaches', 'taught', 'teacher']]) {
      expect(new Set(group.map(stem)).size, group.join(' ')).toBe(1);
    }
    expect(stem('boss')).toBe('boss');
    expect(stem('Oslo')).toBe('oslo');
    expect(stem('12')).toBe('12');
    expect(stem('water')).not.toBe(stem('wait'));
  });

  it('knows irregular verbs, but not be/have/do or plural nouns, as verb forms', () => {
    expect(irregularBase('went')).toBe('go');
    expect(irregularBase('was')).toBeUndefined();
    expect(irregularBase('children')).toBeUndefined();
  });
});

describe('contentTerms', () => {
  it('keeps what a question is about, names marked, the user as "me"', () => {
    expect(contentTerms('where does Tom live')).toEqual([{ stem: 'tom', weight: 1, name: true }, { stem: 'liv', weight: 1, name: false }]);
    expect(contentTerms('Do you know who my dentist is?').map((t) => t.stem)).toEqual(['me', 'dentist']);
    expect(contentTerms('which city does Tom live in')[0]).toEqual({ stem: 'city', weight: 0.3, name: false });
    expect(contentTerms('what is the name of the game')).toEqual([{ stem: 'nam', weight: 0.3, name: false }, { stem: 'gam', weight: 1, name: false }]);
  });
});
