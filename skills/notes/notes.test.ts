import { describe, expect, it } from 'vitest';
import { noteText, searchWords } from './index.js';

describe('note text from the request', () => {
  it.each([
    ['add a note: buy oat milk', 'buy oat milk'],
    ['Add a note: Call Dr. Ruiz on Monday', 'Call Dr. Ruiz on Monday'],
    ['add a note remember the blue folder', 'remember the blue folder'],
    ['note that the wifi password is on the fridge', 'the wifi password is on the fridge'],
    ['take a note call the dentist', 'call the dentist'],
    ['jot down ideas for the garden', 'ideas for the garden'],
    ['make a note of the parking spot: level 3', 'the parking spot: level 3'],
    ['write down the flight number LH 454', 'the flight number LH 454'],
    ['add return library books to my notes', 'return library books'],
    ['create a note: "Atlas kickoff"', 'Atlas kickoff'],
  ])('%s → %s', (request, text) => {
    expect(noteText(request)).toBe(text);
  });

  it('is empty when the request says nothing to note', () => {
    expect(noteText('add a note')).toBeUndefined();
  });
});

describe('search words', () => {
  it('drops the phrasing and keeps the topic', () => {
    expect(searchWords(undefined, 'find my note about milk')).toEqual(['milk']);
    expect(searchWords(undefined, 'do I have a note about the dentist')).toEqual(['dentist']);
    expect(searchWords('oat milk', 'whatever')).toEqual(['oat', 'milk']);
  });
});
