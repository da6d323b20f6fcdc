import { describe, expect, it } from 'vitest';
import { buildArpa, kneserNeyDiscounts } from './arpa.js';

/** Reads an ARPA text back into a back-off scorer: p(word | history) as a decoder computes it. */
function reader(arpa: string) {
  const prob = new Map<string, number>();
  const bow = new Map<string, number>();
  for (const line of arpa.split('\n')) {
    const f = line.split('\t');
    if (f.length < 2 || !/^-?\d/.test(f[0]!)) continue;
    prob.set(f[1]!, 10 ** Number(f[0]));
    if (f[2] !== undefined) bow.set(f[1]!, 10 ** Number(f[2]));
  }
  const p = (history: string[], word: string): number => {
    const key = [...history, word].join(' ');
    if (prob.has(key)) return prob.get(key)!;
    if (history.length === 0) return 0;
    return (bow.get(history.join(' ')) ?? 1) * p(history.slice(1), word);
  };
  const vocab = [...prob.keys()].filter((k) => !k.includes(' ') && k !== '<s>');
  return { p, vocab };
}

const CORPUS = [
  ['set', 'a', 'timer', 'for', 'five', 'minutes'],
  ['set', 'a', 'reminder', 'for', 'tomorrow'],
  ['cancel', 'the', 'timer'],
  ['add', 'a', 'note'],
  ['add', 'a', 'note', 'buy', 'milk'],
  ['add', 'a', 'note', 'call', 'the', 'dentist'],
  ['show', 'my', 'notes'],
  ['search', 'my', 'notes', 'for', 'milk'],
  ['what', 'is', 'five', 'times', 'two'],
  ['what', 'is', 'the', 'time'],
];

describe('ARPA model (interpolated modified Kneser–Ney)', () => {
  it('writes a header that matches its sections', () => {
    const { arpa, stats } = buildArpa([['set', 'a', 'timer'], ['set', 'a', 'reminder'], ['cancel', 'the', 'timer']]);
    expect(stats.unigrams).toBe(8); // 6 words + </s> + <s>
    expect(arpa).toMatch(new RegExp(`\\\\data\\\\\\nngram 1=8\\nngram 2=${stats.bigrams}\\nngram 3=${stats.trigrams}`));
    const section = (name: string) => arpa.split(`\\${name}:`)[1]!.split(/\n\n/)[0]!.trim().split('\n');
    expect(section('2-grams')).toHaveLength(stats.bigrams);
    expect(section('3-grams')).toHaveLength(stats.trigrams);
  });

  it('is a proper distribution after every history, seen or not, as a decoder reads it', () => {
    const { p, vocab } = reader(buildArpa(CORPUS).arpa);
    const histories = [[], ['a'], ['<s>'], ['my'], ['<s>', 'add'], ['add', 'a'], ['a', 'note'], ['is', 'the'], ['note', 'timer']];
    for (const h of histories) {
      const sum = vocab.reduce((a, w) => a + p(h, w), 0);
      expect(sum, `history "${h.join(' ')}"`).toBeCloseTo(1, 3);
    }
  });

  it('backs off to how many contexts a word follows, not to how often it occurs', () => {
    // "note" occurs three times, always after "a"; "timer" twice, after "a" and after "the".
    const { p } = reader(buildArpa(CORPUS).arpa);
    expect(p([], 'timer')).toBeGreaterThan(p([], 'note'));
    // After a history never seen, a new phrasing ("the …") follows the same rule.
    expect(p(['my', 'the'], 'timer')).toBeGreaterThan(p(['my', 'the'], 'note'));
  });

  it('prefers what the corpus said after a seen history', () => {
    // Said twice: in a ten-sentence corpus the estimated discounts take most of a count of 3.
    const { p, vocab } = reader(buildArpa([...CORPUS, ...CORPUS]).arpa);
    for (const w of vocab.filter((x) => x !== 'note')) expect(p(['add', 'a'], 'note'), w).toBeGreaterThan(p(['add', 'a'], w));
    for (const w of vocab.filter((x) => x !== 'a')) expect(p(['<s>', 'set'], 'a'), w).toBeGreaterThan(p(['<s>', 'set'], w));
  });

  it('estimates discounts from counts of counts and keeps them inside (0, count)', () => {
    // n1 = 4, n2 = 2, n3 = 1, n4 = 1: Y = 0.5, D1 = 0.5, D2 = 1.25, D3 = 1.
    const d = kneserNeyDiscounts([1, 1, 1, 1, 2, 2, 3, 4]);
    expect(d[0]).toBeCloseTo(0.5);
    expect(d[1]).toBeCloseTo(1.25);
    expect(d[2]).toBeCloseTo(1);
    // Too few counts to estimate from: the fallbacks.
    expect(kneserNeyDiscounts([5, 7])).toEqual([0.5, 1, 1.5]);
    // Never zero or beyond the count itself, whatever the counts say.
    for (const x of kneserNeyDiscounts([1, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3])) expect(x).toBeGreaterThan(0);
    const [a, b, c] = kneserNeyDiscounts([1, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
    expect(a).toBeLessThan(1);
    expect(b).toBeLessThan(2);
    expect(c).toBeLessThan(3);
  });
});
