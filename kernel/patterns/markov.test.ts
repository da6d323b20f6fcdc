import { describe, expect, it } from 'vitest';
import { FirstOrderMarkov, MixedOrderMarkov } from './markov.js';

describe('predictors', () => {
  // After 1,2 comes 3; after 5,2 comes 4: only a second-order context can tell them apart.
  const train = [
    [1, 2, 3],
    [1, 2, 3],
    [5, 2, 4],
    [5, 2, 4],
    [5, 2, 4],
  ];

  it('the mixed-order model uses the longer context', () => {
    const m = new MixedOrderMarkov({ order: 3 });
    m.train(train);
    expect(m.predict([1, 2], 1)[0]!.item).toBe(3);
    expect(m.predict([5, 2], 1)[0]!.item).toBe(4);
    expect(m.support([1, 2], 3, 2)).toBe(2);
    const probs = m.predict([7, 2], 10);
    expect(probs.reduce((s, p) => s + p.p, 0)).toBeCloseTo(1, 6);
  });

  it('first-order Markov cannot', () => {
    const m = new FirstOrderMarkov();
    m.train(train);
    expect(m.predict([1, 2], 1)[0]!.item).toBe(4);
  });
});
