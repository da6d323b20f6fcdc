/**
 * Fusing the recommender's signals: a weighted sum of the per-request scaled scores, with the
 * weights learned from the user's own history by coordinate ascent on NDCG@5 (cross-validated:
 * each request is scored by a model that never saw it), or reciprocal-rank fusion when there is
 * nothing to learn from. Default weights favour the manifest text, so a fresh profile behaves
 * like a good BM25.
 */
import { SIGNALS, type Candidate } from './model.js';

export type Weights = Record<(typeof SIGNALS)[number], number>;

export const DEFAULT_WEIGHTS: Weights = { manifest: 1, history: 0.6, knn: 0.8, graph: 0.3, prior: 0.1, classifier: 0.8, linear: 1 };

export function fuseLinear(candidates: readonly Candidate[], weights: Weights): { skill: number; score: number }[] {
  const w = SIGNALS.map((s) => weights[s]);
  return candidates
    .map((c) => {
      let score = 0;
      for (let i = 0; i < w.length; i++) score += w[i]! * c.values[i]!;
      return { skill: c.skill, score };
    })
    .sort((a, b) => b.score - a.score || a.skill - b.skill);
}

/** Reciprocal-rank fusion (k = 60) over the signals that scored anything. */
export function fuseRrf(candidates: readonly Candidate[], k = 60): { skill: number; score: number }[] {
  const score = new Map<number, number>(candidates.map((c) => [c.skill, 0]));
  SIGNALS.forEach((_, i) => {
    const ranked = candidates.filter((c) => c.values[i]! > 0).sort((a, b) => b.values[i]! - a.values[i]! || a.skill - b.skill);
    ranked.forEach((c, r) => score.set(c.skill, score.get(c.skill)! + 1 / (k + r + 1)));
  });
  return [...score].map(([skill, s]) => ({ skill, score: s })).sort((a, b) => b.score - a.score || a.skill - b.skill);
}

/** One training request: its candidates and the skills that served it. */
export interface TrainingQuery {
  candidates: Candidate[];
  relevant: ReadonlySet<number>;
}

function ndcg5(ranked: readonly { skill: number }[], relevant: ReadonlySet<number>): number {
  let dcg = 0;
  for (let i = 0; i < Math.min(5, ranked.length); i++) if (relevant.has(ranked[i]!.skill)) dcg += 1 / Math.log2(i + 2);
  let ideal = 0;
  for (let i = 0; i < Math.min(5, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

export function meanNdcg(queries: readonly TrainingQuery[], weights: Weights): number {
  let sum = 0;
  for (const q of queries) sum += ndcg5(fuseLinear(q.candidates, weights), q.relevant);
  return queries.length === 0 ? 0 : sum / queries.length;
}

const GRID = [0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3, 5, 8];

/**
 * Coordinate ascent over a small grid, a few rounds, from the defaults. `manifest` stays at 1 to
 * fix the scale. Signals absent from the training data keep their default weight.
 */
export function fitWeights(queries: readonly TrainingQuery[], start: Weights = DEFAULT_WEIGHTS, rounds = 3): { weights: Weights; ndcg: number } {
  const weights: Weights = { ...start };
  const present = SIGNALS.filter((_, i) => queries.some((q) => q.candidates.some((c) => c.values[i]! > 0)));
  let best = meanNdcg(queries, weights);
  for (let round = 0; round < rounds; round++) {
    let improved = false;
    for (const s of present) {
      if (s === 'manifest') continue;
      for (const v of GRID) {
        if (v === weights[s]) continue;
        const trial = { ...weights, [s]: v };
        const score = meanNdcg(queries, trial);
        if (score > best + 1e-9) {
          best = score;
          weights[s] = v;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return { weights, ndcg: best };
}
