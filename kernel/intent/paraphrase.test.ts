// Mapping words no skill uses to WordNet equivalents the skills do use, and reading slot values
// back from the user's own words.
import { afterAll, describe, expect, it } from 'vitest';
import { WordNet, wordnetDir } from './lexicon.js';
import { knownEquivalent, knownForm, restoreSlots, rewriteUnknown } from './paraphrase.js';
import type { IntentSpec } from '../contracts/index.js';

const wn = new WordNet(wordnetDir()!);
afterAll(() => wn.close());
const vocab = (...words: string[]) => {
  const set = new Set(words);
  return (w: string) => set.has(w);
};

describe('knownEquivalent', () => {
  it('maps an inflected word to the known form of its lemma', () => {
    expect(knownEquivalent('spreadsheets', vocab('spreadsheet'), wn)).toBe('spreadsheet');
    expect(knownEquivalent('deleting', vocab('delete'), wn)).toBe('delete');
  });

  it('does not bend a base form into an inflection', () => {
    expect(knownEquivalent('move', vocab('moved'), wn)).toBeUndefined();
  });

  it('maps through a synonym in a common sense of both words', () => {
    expect(knownEquivalent('erase', vocab('delete'), wn)).toBe('delete');
    expect(knownEquivalent('kilos', vocab('kg', 'pounds'), wn)).toBe('kg');
  });

  it('ignores synonyms only through a rare sense', () => {
    expect(knownEquivalent('jazz', vocab('know'), wn)).toBeUndefined();
    expect(knownEquivalent('car', vocab('machine'), wn)).toBeUndefined();
    expect(knownEquivalent('order', vocab('tell'), wn)).toBeUndefined();
  });

  it('finds the known inflection of a synonym', () => {
    expect(knownForm('kilogram', vocab('kilograms'))).toBe('kilograms');
    expect(knownForm('query', vocab('queries'))).toBe('queries');
    expect(knownForm('query', vocab('other'))).toBeUndefined();
  });
});

describe('rewriteUnknown', () => {
  const known = vocab('delete', 'the', 'note', 'about', 'kg', 'in', 'pounds', 'how', 'many');

  it('replaces unknown words and records where', () => {
    const r = rewriteUnknown('Erase the note about Paris', known, wn)!;
    expect(r.text).toBe('delete the note about Paris');
    expect(r.changes).toEqual([{ start: 0, end: 5, from: 'Erase', to: 'delete' }]);
  });

  it('leaves names (capitalised inside the sentence), function words and known words alone', () => {
    expect(rewriteUnknown('delete the note about Kilo', known, wn)).toBeUndefined();
    expect(rewriteUnknown('how many pounds in 5 kg', known, wn)).toBeUndefined();
  });

  it('gives typed slots the rewritten value and text slots the user\'s words', () => {
    const text = 'erase the note about 5 kilos';
    const r = rewriteUnknown(text, known, wn)!;
    expect(r.text).toBe('delete the note about 5 kg');
    const spec = { slots: { query: { type: 'text' }, unit: { type: 'word' } } } as unknown as IntentSpec;
    const at = r.text.indexOf('5 kg');
    const slots = restoreSlots(
      [
        { name: 'query', value: '5 kg', raw: '5 kg', start: at, end: at + 4 },
        { name: 'unit', value: 'kg', raw: 'kg', start: at + 2, end: at + 4 },
      ],
      text,
      r,
      spec,
    );
    expect(slots[0]).toMatchObject({ value: '5 kilos', raw: '5 kilos', start: text.indexOf('5 kilos'), end: text.length });
    expect(slots[1]).toMatchObject({ value: 'kg', raw: 'kilos', start: text.indexOf('kilos'), end: text.length });
  });

  it('moves slots after a replaced word of another length', () => {
    const text = 'erase the note about milk';
    const r = rewriteUnknown(text, known, wn)!;
    const at = r.text.indexOf('milk');
    const [slot] = restoreSlots([{ name: 'query', value: 'milk', raw: 'milk', start: at, end: at + 4 }], text, r, undefined);
    expect(slot).toMatchObject({ start: text.indexOf('milk'), raw: 'milk', value: 'milk' });
  });
});
