import { describe, expect, it } from 'vitest';
import { prefixSpan } from './prefixspan.js';

describe('PrefixSpan with a gap constraint', () => {
  const seqs = [
    [1, 2, 3],
    [1, 9, 2, 3],
    [1, 2, 8, 8, 3],
  ];

  it('counts each sequence once and respects the gap', () => {
    const adjacent = prefixSpan(seqs, { minSupport: 2, maxGap: 1, minLength: 2 });
    expect(adjacent).toContainEqual({ items: [1, 2], support: 2 });
    expect(adjacent).toContainEqual({ items: [2, 3], support: 2 });
    // back to back, 1 → 2 → 3 happens in one sequence only
    expect(adjacent.find((p) => p.items.join() === '1,2,3')).toBeUndefined();
    const loose = prefixSpan(seqs, { minSupport: 3, maxGap: 3, minLength: 2 });
    expect(loose).toContainEqual({ items: [1, 2, 3], support: 3 });
    expect(prefixSpan(seqs, { minSupport: 0.9, maxGap: 3 }).every((p) => p.support >= 3)).toBe(true);
  });
});
