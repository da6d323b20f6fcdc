/**
 * Search quality measured apart from timing noise: a strategy is replayed against a table of
 * measured costs (one exhaustive run's timings), exactly as a run drives it — the starting config
 * first, then batches from next() with each result reported — and scored by how far its best
 * config is from the table's best. Many seeds on one table give the median and worst gap.
 */
import { median } from '../evaluation/stats.js';
import { defaultConfig, type Config, type Problem } from '../spec/index.js';
import { configKey, Strategy, type StrategyName } from './strategy.js';

export interface SimResult {
  seed: number;
  evaluations: number;
  /** Table time of the best config found over the table's best, minus 1 (0 = found the best). */
  gap: number;
  best: Config;
}

/** Replays one strategy for `budget` evaluations; `costNs` gives a config's measured time (Infinity = rejected). */
export function simulate(p: Problem, name: StrategyName, seed: number, budget: number, costNs: (c: Config) => number, batch = 2, start: Config[] = [defaultConfig(p)]): SimResult {
  const s = new Strategy(p, name, seed);
  const seen = new Set<string>();
  let best: { c: Config; ns: number } | undefined;
  let bestNs = Infinity;
  const judge = (c: Config) => {
    const key = configKey(c);
    if (seen.has(key) || seen.size >= budget) return;
    seen.add(key);
    const ns = costNs(c);
    s.report(c, Number.isFinite(ns) ? Math.log2(ns) : Infinity);
    if (ns < bestNs) {
      bestNs = ns;
      best = { c, ns };
    }
  };
  for (const c of start) if (s.isValid(c)) judge(c);
  while (seen.size < budget) {
    const next = s.next(batch);
    if (next.length === 0) break;
    next.forEach(judge);
  }
  const tableBest = Math.min(...s.all().map(costNs));
  return { seed, evaluations: seen.size, gap: best ? best.ns / tableBest - 1 : Infinity, best: best?.c ?? {} };
}

export interface SimSummary {
  strategy: StrategyName;
  budget: number;
  seeds: number;
  medianGapPct: number;
  worstGapPct: number;
  /** Share of seeds whose best is within 5 % of the table's best. */
  within5Pct: number;
}

export function simulateMany(p: Problem, name: StrategyName, budget: number, costNs: (c: Config) => number, seeds: number[]): SimSummary {
  const runs = seeds.map((seed) => simulate(p, name, seed, budget, costNs));
  const gaps = runs.map((r) => r.gap * 100);
  return {
    strategy: name,
    budget,
    seeds: seeds.length,
    medianGapPct: median(gaps),
    worstGapPct: Math.max(...gaps),
    within5Pct: (gaps.filter((g) => g <= 5).length / gaps.length) * 100,
  };
}
