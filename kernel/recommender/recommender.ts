/**
 * The skill recommender: ranks skills for a request by fusing manifest BM25F, the user's history
 * (per-skill history documents, nearest past requests, a term ↔ skill PageRank, a recency-weighted
 * usage prior) and, when the caller has them, the intent classifier's scores. With enough history
 * the fusion weights are learned from it by cross-validation; otherwise sensible defaults apply.
 */
import { DEFAULT_WEIGHTS, fitWeights, fuseLinear, type TrainingQuery, type Weights } from './fusion.js';
import { LinearSkillModel } from './linear.js';
import { RecommenderModel, SIGNALS, type HistoryEvent, type ModelOptions, type Signal, type SkillDoc } from './model.js';

export interface BuildOptions extends ModelOptions {
  /** Learn fusion weights from the history: always, never, or when it holds ≥ `minFitEvents` (default). */
  fit?: boolean | 'auto';
  minFitEvents?: number;
  folds?: number;
  /** At most this many history requests are scored while fitting (keeps build time bounded). */
  maxFitQueries?: number;
  weights?: Weights;
}

export interface Recommendation {
  skill: string;
  score: number;
  /** Each signal's scaled value for this skill (explains the ranking). */
  signals: Partial<Record<Signal, number>>;
}

export interface RecommendOptions {
  k?: number;
  /** skill id → the intent engine's confidence for it. */
  classifier?: ReadonlyMap<string, number>;
}

/** A deterministic shuffle (mulberry32), so fitted weights are reproducible. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export class Recommender {
  constructor(
    readonly model: RecommenderModel,
    readonly weights: Weights,
    /** Cross-validated NDCG@5 of the learned weights on the history, when they were learned. */
    readonly fitNdcg: number | null = null,
  ) {}

  static build(skills: readonly SkillDoc[], history: readonly HistoryEvent[] = [], options: BuildOptions = {}): Recommender {
    const model = new RecommenderModel(skills, history, options);
    const fit = options.fit ?? 'auto';
    const enough = model.historySize >= (options.minFitEvents ?? 200);
    if (fit === false || (fit === 'auto' && !enough) || model.historySize < 10) return new Recommender(model, options.weights ?? DEFAULT_WEIGHTS);
    const { weights, ndcg } = fitWeights(Recommender.crossValidated(skills, history, options), options.weights ?? DEFAULT_WEIGHTS);
    return new Recommender(model, weights, ndcg);
  }

  /** Training queries whose features come from models that did not see them (k-fold). */
  static crossValidated(skills: readonly SkillDoc[], history: readonly HistoryEvent[], options: BuildOptions = {}): TrainingQuery[] {
    const folds = Math.max(2, options.folds ?? 4);
    const known = new Set(skills.map((s) => s.id));
    const events = shuffled(
      history.filter((e) => known.has(e.skill)),
      0x5eed,
    );
    const perFold = Math.ceil((options.maxFitQueries ?? 2000) / folds);
    const out: TrainingQuery[] = [];
    for (let f = 0; f < folds; f++) {
      const held = events.filter((_, i) => i % folds === f);
      const rest = events.filter((_, i) => i % folds !== f);
      // A shared, already trained discriminative model saw the held-out requests: folds train their own.
      const linear = options.linear instanceof LinearSkillModel ? options.linear.options : options.linear;
      const model = new RecommenderModel(skills, rest, { ...options, linear });
      for (const e of held.slice(0, perFold)) {
        out.push({ candidates: model.features(e.text), relevant: new Set([model.index.get(e.skill)!]) });
      }
    }
    return out;
  }

  recommend(text: string, options: RecommendOptions = {}): Recommendation[] {
    const k = options.k ?? 5;
    const candidates = this.model.features(text, options.classifier);
    const byId = new Map(candidates.map((c) => [c.skill, c]));
    return fuseLinear(candidates, this.weights)
      .slice(0, k)
      .filter((r) => r.score > 0)
      .map((r) => {
        const values = byId.get(r.skill)!.values;
        const signals: Partial<Record<Signal, number>> = {};
        SIGNALS.forEach((s, i) => {
          if (values[i]! > 0) signals[s] = Math.round(values[i]! * 1000) / 1000;
        });
        return { skill: this.model.skills[r.skill]!.id, score: r.score, signals };
      });
  }
}
