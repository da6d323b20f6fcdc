// The search strategies replayed against a measured table (tests/kernel-optimizer/fixtures/
// matmul-256-table.json: one exhaustive run over a 114-config matmul space), so search quality is
// tested without timing noise: at 25 % of the space the model-based strategy must land within 5 %
// of the exhaustive best in the median over 20 seeds; every strategy proposes only valid, unseen
// configs; the model strategy's state survives a JSON round trip (resume).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { capsFor, PROBLEMS, tempDir } from '../../../tests/kernel-optimizer/helpers.js';
import { parseProblem, type Config } from '../spec/index.js';
import { simulate, simulateMany } from './simulate.js';
import { configKey, Strategy } from './strategy.js';

const spec = JSON.parse(fs.readFileSync(path.join(PROBLEMS, 'matmul', 'problem.json'), 'utf8'));
spec.params = { MR: { values: [1, 2, 4, 6, 8], default: 1 }, NV: { values: [1, 2, 3, 4], default: 1 }, VEC: { values: [4, 8, 16], default: 4 }, KB: { values: [64, 256], default: 64 }, THREADS: { values: [1], default: 1 } };
const problem = await parseProblem(capsFor(tempDir()).fs, spec, path.join(PROBLEMS, 'matmul'));
const table = new Map((JSON.parse(fs.readFileSync('tests/kernel-optimizer/fixtures/matmul-256-table.json', 'utf8')) as { table: [string, number][] }).table);
const costNs = (c: Config) => table.get(configKey(c)) ?? Infinity;
const seeds = Array.from({ length: 20 }, (_, i) => i + 1);

describe('search strategies on a measured table', () => {
  it('the table covers the whole space (≥ 100 configs)', () => {
    const s = new Strategy(problem, 'exhaustive', 1);
    expect(s.size).toBeGreaterThanOrEqual(100);
    expect(s.all().every((c) => table.has(configKey(c)))).toBe(true);
  });

  it('model-based search reaches within 5 % of the exhaustive best with 25 % of the evaluations', () => {
    const budget = Math.floor(new Strategy(problem, 'model', 1).size * 0.25);
    const model = simulateMany(problem, 'model', budget, costNs, seeds);
    const random = simulateMany(problem, 'random', budget, costNs, seeds);
    expect(model.medianGapPct).toBeLessThanOrEqual(5);
    expect(model.within5Pct).toBeGreaterThanOrEqual(75);
    // and it is better than chance
    expect(model.medianGapPct).toBeLessThan(random.medianGapPct);
  });

  it('exhaustive with the whole space finds the best; budgets are respected', () => {
    expect(simulate(problem, 'exhaustive', 1, 1000, costNs).gap).toBe(0);
    for (const name of ['random', 'anneal', 'model'] as const) expect(simulate(problem, name, 3, 17, costNs).evaluations).toBe(17);
  });

  it('strategies propose only valid configs they have not seen, and the model state resumes', () => {
    for (const name of ['random', 'anneal', 'model'] as const) {
      const s = new Strategy(problem, name, 5);
      const keys = new Set<string>();
      for (let i = 0; i < 10; i++) {
        for (const c of s.next(2)) {
          expect(s.isValid(c)).toBe(true);
          expect(keys.has(configKey(c))).toBe(false);
          keys.add(configKey(c));
          s.report(c, Math.log2(costNs(c)));
        }
      }
      expect(keys.size).toBe(20);
    }
    const a = new Strategy(problem, 'model', 9);
    for (let i = 0; i < 6; i++) for (const c of a.next(2)) a.report(c, Math.log2(costNs(c)));
    const b = new Strategy(problem, 'model', 9, JSON.parse(JSON.stringify(a.state)));
    for (const k of a.seen) b.seen.add(k);
    expect(b.next(2)).toEqual(a.next(2));
  });
});
