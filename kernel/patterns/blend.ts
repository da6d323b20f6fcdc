/**
 * The next-action predictor: a weighted vote of three views of the history — the mixed-order
 * Markov model (exact recent context), similar past sequences (CPT+-style: the context's items in
 * order with gaps, noisy items dropped) and short-range follow counts (DG) — each a distribution
 * over the next item, plus a tuned factor for items already in the context (real click and
 * command streams go back to earlier steps). Every component learns incrementally.
 */
import { FollowCounts, type FollowOptions } from './follow.js';
import { best, MixedOrderMarkov, type Prediction, type Predictor } from './markov.js';
import { SimilarSequences, type SimilarOptions } from './similar.js';

export interface BlendWeights {
  markov: number;
  similar: number;
  follow: number;
  /** Multiplies the score of an item already in the recent context (1 = neutral). */
  repeat: number;
}

export interface BlendOptions {
  order?: number;
  discount?: number;
  similar?: SimilarOptions;
  follow?: FollowOptions;
  weights?: BlendWeights;
  /** How far back "already in the context" looks. */
  repeatWindow?: number;
}

export const DEFAULT_BLEND: BlendWeights = { markov: 1, similar: 1, follow: 0.5, repeat: 1 };

/** Each component's distribution for one prefix (Markov's as its top entries, the rest are negligible). */
export interface ComponentScores {
  markov: Map<number, number>;
  similar: Map<number, number>;
  follow: Map<number, number>;
  recent: Set<number>;
}

/** Markov entries kept per prediction: the blend never promotes an item beyond this rank of all three. */
const MARKOV_TOP = 64;

export class BlendedPredictor implements Predictor {
  readonly markov: MixedOrderMarkov;
  /** Replaceable: tuning may pick an index built with other settings. */
  similar: SimilarSequences;
  readonly follow: FollowCounts;
  weights: BlendWeights;
  readonly repeatWindow: number;

  constructor(options: BlendOptions = {}) {
    this.markov = new MixedOrderMarkov({ order: options.order ?? 5, discount: options.discount ?? 0.9 });
    this.similar = new SimilarSequences(options.similar);
    this.follow = new FollowCounts(options.follow);
    this.weights = { ...(options.weights ?? DEFAULT_BLEND) };
    this.repeatWindow = options.repeatWindow ?? 8;
  }

  train(sequences: readonly (readonly number[])[]): void {
    this.markov.train(sequences);
    this.similar.train(sequences);
    this.follow.train(sequences);
  }

  /** Learns from more sequences without recounting the old ones. */
  add(sequences: readonly (readonly number[])[]): void {
    this.markov.add(sequences);
    this.similar.train(sequences);
    this.follow.train(sequences);
  }

  /** Each component's scores for the prefix (`similar` left empty when not wanted, as tuning does). */
  components(prefix: readonly number[], withSimilar = true): ComponentScores {
    const dense = this.markov.scores(prefix);
    const markov = new Map<number, number>(dense ? best(dense, MARKOV_TOP).map((p) => [p.item, p.p]) : []);
    return {
      markov,
      similar: withSimilar ? this.similar.scores(prefix) : new Map(),
      follow: this.follow.scores(prefix),
      recent: new Set(prefix.slice(-this.repeatWindow)),
    };
  }

  predict(prefix: readonly number[], k: number): Prediction[] {
    return combine(this.components(prefix), this.weights, k);
  }
}

export function combine(c: ComponentScores, w: BlendWeights, k: number): Prediction[] {
  const scores = new Map<number, number>();
  const addAll = (m: Map<number, number>, weight: number) => {
    if (weight === 0) return;
    for (const [item, p] of m) scores.set(item, (scores.get(item) ?? 0) + weight * p);
  };
  addAll(c.markov, w.markov);
  addAll(c.similar, w.similar);
  addAll(c.follow, w.follow);
  if (w.repeat !== 1) for (const item of c.recent) if (scores.has(item)) scores.set(item, scores.get(item)! * w.repeat);
  let total = 0;
  for (const v of scores.values()) total += v;
  const out = best(scores, k);
  return total > 0 ? out.map((p) => ({ item: p.item, p: p.p / total })) : out;
}
