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
    ['put down a note that the boiler needs servicing', 'the boiler needs servicing'],
    ['note to self: bring the charger', 'bring the charger'],
    ['save a note saying gate code 2210', 'gate code 2210'],
    ['please write me a quick note saying call the plumber', 'call the plumber'],
    ['save 42 as a note', '42'],
    ['put the wifi password in my notes', 'the wifi password'],
    ['memo: renew passport', 'renew passport'],
    ['add to my notes: buy milk', 'buy milk'],
    ['take note: the meeting is at 3', 'the meeting is at 3'],
  ])('%s → %s', (request, text) => {
    expect(noteText(request)).toBe(text);
  });

  it('is empty when the request says nothing to note, or is no note request at all', () => {
    expect(noteText('add a note')).toBeUndefined();
    expect(noteText('post this on twitter')).toBeUndefined();
    expect(noteText('buy more printer ink online for me')).toBeUndefined();
  });
});

describe('search words', () => {
  it('drops the phrasing and keeps the topic', () => {
    expect(searchWords(undefined, 'find my note about milk')).toEqual(['milk']);
    expect(searchWords(undefined, 'do I have a note about the dentist')).toEqual(['dentist']);
    expect(searchWords('oat milk', 'whatever')).toEqual(['oat', 'milk']);
    expect(searchWords(undefined, 'have I got a note on insurance')).toEqual(['insurance']);
    expect(searchWords(undefined, 'is there anything in my notes about the plumber')).toEqual(['plumber']);
  });
});
