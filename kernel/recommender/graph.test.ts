import { describe, expect, it } from 'vitest';
import { GraphBuilder } from './graph.js';

describe('personalized PageRank', () => {
  it('keeps mass near the seed and ignores unknown seeds', () => {
    const g = new GraphBuilder();
    g.link('a', 'b');
    g.link('b', 'c');
    g.link('c', 'd');
    g.link('x', 'y');
    const graph = g.build();
    const ppr = graph.personalizedPageRank(new Map([['a', 1], ['nowhere', 5]]), { epsilon: 1e-7 });
    const score = (k: string) => ppr.get(graph.ids.get(k)!) ?? 0;
    expect(score('a')).toBeGreaterThan(score('c'));
    expect(score('b')).toBeGreaterThan(score('d'));
    expect(score('x')).toBe(0);
    const total = [...ppr.values()].reduce((s, v) => s + v, 0);
    expect(total).toBeGreaterThan(0.9);
    expect(total).toBeLessThanOrEqual(1 + 1e-9);
  });
});
