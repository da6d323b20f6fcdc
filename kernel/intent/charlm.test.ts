import { describe, expect, it } from 'vitest';
import { BOS, CharLanguageModels, EOS } from './charlm.js';

const texts = ['where is my card', 'my card has not arrived', 'when will my card arrive', 'top up failed', 'my top up did not work', 'why was my top up declined'];
const classes = Int32Array.from([0, 0, 0, 1, 1, 1]);

describe('per-intent character language models', () => {
  const lm = CharLanguageModels.train(texts, classes, 4);

  it('gives every history a distribution over the characters that sums to 1', () => {
    const seen = [...new Set(texts.join('').toLowerCase() + EOS)];
    for (const cls of [0, 1]) {
      for (const history of [BOS, `${BOS}my c`, 'card', ' top', 'zzz', '']) {
        const total = seen.reduce((a, c) => a + lm.probability(cls, history, c), 0);
        // The remaining mass is the one "other character" of the alphabet.
        expect(total + lm.probability(cls, history, '☃')).toBeCloseTo(1, 9);
      }
    }
    expect(lm.alphabet).toBe(seen.length + 1);
  });

  it('reads a request of one intent as more likely under that intent, and unknown characters stay finite', () => {
    const [card, topUp] = lm.logLikelihoods('has my card arrived yet', [0, 1]);
    expect(card!).toBeGreaterThan(topUp!);
    const [a, b] = lm.logLikelihoods('my top up was declined', [0, 1]);
    expect(b!).toBeGreaterThan(a!);
    const odd = lm.logLikelihoods('€€€ ☃', [0, 1]);
    for (const v of odd) expect(Number.isFinite(v)).toBe(true);
  });

  it('averages per character, so length does not decide', () => {
    const [short] = lm.logLikelihoods('my card', [0]);
    const [long] = lm.logLikelihoods('my card my card my card my card', [0]);
    expect(Math.abs(long! - short!)).toBeLessThan(1.5);
  });

  it('restores from its arrays with the same likelihoods; keys are sorted for bisection', () => {
    const a = lm.snapshot();
    for (const keys of [a.nKeys, a.hKeys]) for (let i = 1; i < keys.length; i++) expect(keys[i]!).toBeGreaterThan(keys[i - 1]!);
    const back = new CharLanguageModels(lm.order, lm.alphabet, { nKeys: a.nKeys.slice(), nCounts: a.nCounts.slice(), hKeys: a.hKeys.slice(), hStats: a.hStats.slice() });
    expect(Array.from(back.logLikelihoods('where is my top up', [0, 1]))).toEqual(Array.from(lm.logLikelihoods('where is my top up', [0, 1])));
    expect(() => new CharLanguageModels(4, 3, { ...a, hStats: a.hStats.slice(1) })).toThrow(/differ in length/);
  });
});
