import { describe, expect, it } from 'vitest';
import { extent, niceTicks, thin } from './plot-scale';

describe('plot axes', () => {
  it('picks round tick values covering the data', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0.13, 0.91, 4)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(extent([3, 3])).toEqual([1.5, 4.5]);
    expect(extent([])).toEqual([0, 1]);
    expect(thin(Array.from({ length: 10_000 }, (_, i) => i), 100)).toHaveLength(100);
  });
});
