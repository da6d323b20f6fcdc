import { describe, expect, it } from 'vitest';
import { buildArpa } from './arpa.js';

describe('ARPA model', () => {
  it('is a normalised back-off trigram model', () => {
    const { arpa, stats } = buildArpa([['set', 'a', 'timer'], ['set', 'a', 'reminder'], ['cancel', 'the', 'timer']]);
    expect(stats.unigrams).toBe(8); // 6 words + </s> + <s>
    expect(arpa).toMatch(/\\data\\\nngram 1=8\nngram 2=\d+\nngram 3=\d+/);
    // Unigram probabilities (without <s>) sum to 1.
    const uni = arpa.split('\\1-grams:')[1]!.split('\\2-grams:')[0]!.trim().split('\n').map((l) => l.split('\t'));
    const sum = uni.filter((f) => f[1] !== '<s>').reduce((a, f) => a + 10 ** Number(f[0]), 0);
    expect(sum).toBeCloseTo(1, 2);
  });
});
