/**
 * Tuning the next-action predictor on held-out training sequences only: the model learns from the
 * first 90 % of train, the Markov order/discount and the blend weights are chosen by top-1 on the
 * last 10 % (coordinate ascent over small grids), and then the held-out tenth is added to the same
 * model incrementally — so the returned model has seen all of train and was never fitted on test.
 */
import { BlendedPredictor, type BlendOptions, type BlendWeights, type ComponentScores } from './blend.js';
import { SimilarSequences } from './similar.js';

export interface TuneResult {
  model: BlendedPredictor;
  order: number;
  discount: number;
  /** Items per sequence kept by the similar-sequence index (0: all), chosen on dev. */
  suffix: number;
  weights: BlendWeights;
  /** Dev top-1 of the Markov model alone and of the tuned blend. */
  devMarkovTop1: number;
  devTop1: number;
  devSequences: number;
}

const ORDERS = [1, 2, 3, 4, 5];
/** Items per sequence kept by the similar-sequence index (0: all). */
const SUFFIXES = [0, 8, 16];
const DISCOUNTS = [0.5, 0.75, 0.9];
const GRIDS: Record<Exclude<keyof BlendWeights, 'markov'>, number[]> = {
  similar: [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3],
  follow: [0, 0.25, 0.5, 0.75, 1, 1.5, 2],
  repeat: [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2],
};

interface DevCase {
  prefix: number[];
  target: number;
}

/** One dev case's components as parallel arrays over its candidate items (fast to re-weigh). */
interface Packed {
  items: Int32Array;
  parts: [Float64Array, Float64Array, Float64Array];
  recent: Uint8Array;
  /** Index of the target among the candidates, or -1. */
  target: number;
}

function pack(c: ComponentScores, target: number): Packed {
  const items = [...new Set([...c.markov.keys(), ...c.similar.keys(), ...c.follow.keys()])];
  const at = (m: Map<number, number>) => Float64Array.from(items, (i) => m.get(i) ?? 0);
  return {
    items: Int32Array.from(items),
    parts: [at(c.markov), at(c.similar), at(c.follow)],
    recent: Uint8Array.from(items, (i) => (c.recent.has(i) ? 1 : 0)),
    target: items.indexOf(target),
  };
}

/**
 * Top-1 with a small top-3 tie-breaker (so plateaus pick the setting that ranks better overall).
 * Same ranking as `combine`: ties go to the lower item id.
 */
function objective(cases: readonly Packed[], w: BlendWeights): { score: number; top1: number } {
  let top1 = 0;
  let top3 = 0;
  for (const c of cases) {
    if (c.target < 0) continue;
    const score = (j: number) => (w.markov * c.parts[0][j]! + w.similar * c.parts[1][j]! + w.follow * c.parts[2][j]!) * (c.recent[j] ? w.repeat : 1);
    const t = score(c.target);
    if (!(t > 0)) continue;
    const ti = c.items[c.target]!;
    let above = 0;
    for (let j = 0; j < c.items.length && above < 3; j++) {
      if (j === c.target) continue;
      const v = score(j);
      if (v > t || (v === t && c.items[j]! < ti)) above++;
    }
    if (above === 0) top1++;
    if (above < 3) top3++;
  }
  const n = Math.max(1, cases.length);
  return { score: top1 / n + (0.01 * top3) / n, top1: top1 / n };
}

/** Coordinate ascent over the weight grids from `start` (Markov's weight fixes the scale). */
function ascend(cases: readonly Packed[], start: BlendWeights): { weights: BlendWeights; score: { score: number; top1: number } } {
  const weights = { ...start };
  let score = objective(cases, weights);
  for (let round = 0; round < 3; round++) {
    let improved = false;
    for (const key of Object.keys(GRIDS) as (keyof typeof GRIDS)[]) {
      for (const v of GRIDS[key]) {
        if (v === weights[key]) continue;
        const s = objective(cases, { ...weights, [key]: v });
        if (s.score > score.score + 1e-12) {
          score = s;
          weights[key] = v;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return { weights, score };
}

export function tuneBlend(train: readonly (readonly number[])[], options: BlendOptions = {}): TuneResult {
  const cut = Math.floor(train.length * 0.9);
  const model = new BlendedPredictor({ ...options, order: Math.max(...ORDERS) });
  const fit = train.slice(0, cut);
  model.train(fit);
  const dev: DevCase[] = train
    .slice(cut)
    .filter((s) => s.length >= 2)
    .map((s) => ({ prefix: s.slice(0, -1), target: s[s.length - 1]! }));

  // The Markov model alone first: its order (at the usual discount), then the discount at that order.
  let chosen = { order: 1, discount: 0.9, top1: -1 };
  const tryMarkov = (order: number, discount: number) => {
    model.markov.configure({ order, discount });
    let hits = 0;
    for (const d of dev) if (model.markov.predict(d.prefix, 1)[0]?.item === d.target) hits++;
    const top1 = hits / Math.max(1, dev.length);
    if (top1 > chosen.top1 + 1e-12) chosen = { order, discount, top1 };
  };
  for (const order of ORDERS) tryMarkov(order, chosen.discount);
  for (const discount of DISCOUNTS) if (discount !== chosen.discount) tryMarkov(chosen.order, discount);
  model.markov.configure(chosen);

  // Then the blend: every component scored once per dev case, the weights searched over the cache;
  // the similar-sequence index is tried with whole sequences and with their last items only.
  const base = dev.map((d) => model.components(d.prefix, false));
  const start: BlendWeights = { ...(options.weights ?? { markov: 1, similar: 1, follow: 0.5, repeat: 1 }) };
  let chosenSimilar = model.similar;
  let chosenSuffix = 0;
  let weights = start;
  let bestScore = { score: -1, top1: 0 };
  for (const suffix of SUFFIXES) {
    const similar = new SimilarSequences({ ...options.similar, suffix });
    similar.train(fit);
    const cases = dev.map((d, i) => pack({ ...base[i]!, similar: similar.scores(d.prefix) }, d.target));
    const found = ascend(cases, start);
    if (found.score.score > bestScore.score + 1e-12) {
      bestScore = found.score;
      weights = found.weights;
      chosenSimilar = similar;
      chosenSuffix = suffix;
    }
  }
  model.similar = chosenSimilar;
  model.weights = weights;
  model.add(train.slice(cut));
  return { model, order: chosen.order, discount: chosen.discount, suffix: chosenSuffix, weights, devMarkovTop1: chosen.top1, devTop1: bestScore.top1, devSequences: dev.length };
}
