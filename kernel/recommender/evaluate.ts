/**
 * The recommender evaluation of BENCHMARKS.md on a BEIR-layout set: the recommender (learning from
 * qrels/train.tsv when present) and plain BM25 (k1 1.2, b 0.75 over title + text, lower-cased
 * words) measured in the same run on qrels/test.tsv.
 */
import { Bm25Index } from './bm25.js';
import type { BeirSet } from './beir.js';
import { hitAt1, mean, ndcgAt, percentile, recallAt, round } from './metrics.js';
import type { HistoryEvent, SkillDoc } from './model.js';
import { Recommender, type BuildOptions } from './recommender.js';
import { plainTerms } from './text.js';

export interface RecommendReport {
  queries: number;
  documents: number;
  'ndcg@5': number;
  'hit@1': number;
  'recall@5': number;
  p50_ms: number;
  p95_ms: number;
  'bm25_ndcg@5': number;
  'bm25_hit@1': number;
  'bm25_recall@5': number;
  bm25_p50_ms: number;
  bm25_p95_ms: number;
  build_ms: number;
  history: number;
  weights: Record<string, number>;
  k: number;
}

export function beirSkills(set: BeirSet): SkillDoc[] {
  return set.corpus.map((d) => ({ id: d.id, name: d.title || d.id, description: d.text }));
}

export function beirHistory(set: BeirSet): HistoryEvent[] {
  const out: HistoryEvent[] = [];
  for (const [q, skills] of set.train ?? []) {
    const text = set.queries.get(q);
    if (text === undefined) continue;
    for (const skill of skills) out.push({ text, skill });
  }
  return out;
}

/** Plain BM25 as the baseline: title + text, lower-cased words, k1 1.2, b 0.75. */
export class PlainBm25 {
  private readonly index: Bm25Index;
  constructor(private readonly set: BeirSet) {
    this.index = new Bm25Index(set.corpus.map((d) => [{ terms: plainTerms(`${d.title} ${d.text}`), weight: 1 }]), { k1: 1.2, b: 0.75 });
  }
  search(text: string, k: number): string[] {
    return this.index.search(plainTerms(text), k).map((s) => this.set.corpus[s.doc]!.id);
  }
}

function measure(set: BeirSet, k: number, rank: (text: string) => string[]) {
  const ndcg: number[] = [];
  const hit: number[] = [];
  const recall: number[] = [];
  const times: number[] = [];
  const tests = [...set.test].filter(([q]) => set.queries.has(q));
  // Warm-up: JIT and caches, so the timings describe steady state.
  for (const [q] of tests.slice(0, 50)) rank(set.queries.get(q)!);
  for (const [q, relevant] of tests) {
    const text = set.queries.get(q)!;
    const t0 = performance.now();
    const ranked = rank(text);
    times.push(performance.now() - t0);
    ndcg.push(ndcgAt(ranked, relevant, k));
    hit.push(hitAt1(ranked, relevant));
    recall.push(recallAt(ranked, relevant, k));
  }
  return { queries: tests.length, ndcg: mean(ndcg), hit: mean(hit), recall: mean(recall), p50: percentile(times, 50), p95: percentile(times, 95) };
}

export function evaluateRecommender(set: BeirSet, options: { k?: number; build?: BuildOptions } = {}): RecommendReport {
  const k = options.k ?? 5;
  const t0 = performance.now();
  const history = beirHistory(set);
  const recommender = Recommender.build(beirSkills(set), history, { fit: history.length >= 50, ...options.build });
  const buildMs = performance.now() - t0;
  const ours = measure(set, k, (text) => recommender.recommend(text, { k }).map((r) => r.skill));
  const plain = new PlainBm25(set);
  const base = measure(set, k, (text) => plain.search(text, k));
  return {
    queries: ours.queries,
    documents: set.corpus.length,
    'ndcg@5': round(ours.ndcg),
    'hit@1': round(ours.hit),
    'recall@5': round(ours.recall),
    p50_ms: round(ours.p50, 3),
    p95_ms: round(ours.p95, 3),
    'bm25_ndcg@5': round(base.ndcg),
    'bm25_hit@1': round(base.hit),
    'bm25_recall@5': round(base.recall),
    bm25_p50_ms: round(base.p50, 3),
    bm25_p95_ms: round(base.p95, 3),
    build_ms: Math.round(buildMs),
    history: history.length,
    weights: { ...recommender.weights },
    k,
  };
}
