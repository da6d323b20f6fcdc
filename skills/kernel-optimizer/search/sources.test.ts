// The source pool's order of tuning: the fastest sources in turn, then the rest when their spaces are spent.
import { describe, expect, it } from 'vitest';
import type { Evaluation } from '../evaluation/evaluate.js';
import type { Problem } from '../spec/index.js';
import { SourcePool } from './sources.js';

const space = (values: number[]) => ({ params: { P: { values } }, restrictions: [], shapes: [{}] }) as unknown as Problem;
const timed = (sourceId: string, ns: number): Evaluation => ({ n: 0, origin: 'start', sourceId, config: {}, status: 'ok', timing: { medianNs: ns, minNs: ns, spread: 0, iters: 50 }, accepted: true, cached: false, ms: 1 });

describe('SourcePool', () => {
  it('tunes the two fastest sources in turn, then the slower one, then stops', () => {
    const pool = new SourcePool('exhaustive', 1, 2);
    pool.add('slow', space([1, 2]));
    pool.add('fast', space([1, 2]));
    pool.add('mid', space([1, 2]));
    const evals = [timed('slow', 300), timed('fast', 100), timed('mid', 200)];
    for (const id of ['slow', 'fast', 'mid']) pool.get(id)!.strategy.markSeen({ P: 1 });
    expect(pool.ranked(evals)).toEqual(['fast', 'mid', 'slow']);
    const picks = [];
    for (let b = pool.nextBatch(evals, 1); b; b = pool.nextBatch(evals, 1)) picks.push(`${b.id}:${b.configs[0]!.P}`);
    expect(picks).toEqual(['fast:2', 'mid:2', 'slow:2']);
  });
});
