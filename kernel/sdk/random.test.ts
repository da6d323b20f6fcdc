import { describe, expect, it } from 'vitest';
import { rng } from './random.js';

describe('rng', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const take = (seed: number) => {
      const r = rng(seed);
      return Array.from({ length: 5 }, () => r());
    };
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
  });

  it('keeps the mulberry32 sequence that trained models and corpora were built with', () => {
    const r = rng(1);
    expect([r(), r(), r()].map((x) => x.toFixed(8))).toEqual(['0.62707394', '0.00273572', '0.52744704']);
  });

  it('stays in [0, 1)', () => {
    const r = rng(123);
    for (let i = 0; i < 10_000; i++) {
      const x = r();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});
