/**
 * The patterns evaluation of BENCHMARKS.md: for each test sequence, predict its last item from the
 * items before it. The blended predictor (mixed-order Markov + similar sequences + follow counts,
 * see blend.ts) is tuned on a held-out tenth of the training sequences only (tune.ts; the tuning
 * is part of the reported training time); the mixed-order Markov model alone and the first-order
 * Markov baseline are measured in the same run on the same data.
 */
import path from 'node:path';
import { FirstOrderMarkov, MixedOrderMarkov, type Predictor } from './markov.js';
import { encode, readSpmf, Vocabulary } from './spmf.js';
import { tuneBlend } from './tune.js';

export interface PatternsReport {
  sequences: number;
  top1: number;
  top3: number;
  train_ms: number;
  /** CPU time of training: wall time on a shared machine includes other processes' turns. */
  train_cpu_ms: number;
  p50_ms: number;
  p95_ms: number;
  /** CPU time per prediction (what a quiet machine would show as wall time). */
  cpu_p50_ms: number;
  cpu_p95_ms: number;
  /** The blend's weights, chosen on held-out train. */
  weights: Record<string, number>;
  /** Items per sequence kept by the similar-sequence index (0: all), chosen on held-out train. */
  similar_suffix: number;
  /** The mixed-order Markov model alone (same counts, same run). */
  markov_top1: number;
  markov_top3: number;
  order: number;
  discount: number;
  train_sequences: number;
  markov1_top1: number;
  markov1_top3: number;
  markov1_train_ms: number;
  dev_top1: number;
  dev_markov_top1: number;
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Top-1 / top-3 accuracy at predicting each sequence's last item, with per-prediction wall and CPU times. */
export function scoreLastItem(model: Predictor, sequences: readonly (readonly number[])[]) {
  let top1 = 0;
  let top3 = 0;
  const times: number[] = [];
  const cpu: number[] = [];
  let n = 0;
  for (const seq of sequences) {
    if (seq.length < 2) continue;
    const target = seq[seq.length - 1]!;
    const prefix = seq.slice(0, -1);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const preds = model.predict(prefix, 3);
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    n++;
    if (preds[0]?.item === target) top1++;
    if (preds.some((p) => p.item === target)) top3++;
  }
  return { n, top1: n ? top1 / n : 0, top3: n ? top3 / n : 0, p50: percentile(times, 50), p95: percentile(times, 95), cpuP50: percentile(cpu, 50), cpuP95: percentile(cpu, 95) };
}

const ORDERS = [1, 2, 3, 4, 5];
const DISCOUNTS = [0.5, 0.75, 0.9];

/** Picks order and discount on held-out training sequences. */
export function selectOnDev(train: readonly (readonly number[])[]): { order: number; discount: number; top1: number } {
  const cut = Math.floor(train.length * 0.9);
  const model = new MixedOrderMarkov({ order: Math.max(...ORDERS) });
  model.train(train.slice(0, cut));
  const dev = train.slice(cut);
  let chosen = { order: 1, discount: 0.75, top1: -1 };
  for (const order of ORDERS) {
    for (const discount of DISCOUNTS) {
      model.configure({ order, discount });
      const { top1 } = scoreLastItem(model, dev);
      if (top1 > chosen.top1 + 1e-12) chosen = { order, discount, top1 };
    }
  }
  return chosen;
}

export function evaluatePatterns(dir: string): PatternsReport {
  const vocab = new Vocabulary();
  const train = encode(readSpmf(path.join(dir, 'train.txt')), vocab);
  const test = encode(readSpmf(path.join(dir, 'test.txt')), vocab);

  // Training time includes the tuning on held-out train.
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const tuned = tuneBlend(train);
  const cpu = process.cpuUsage(c0);
  const trainMs = performance.now() - t0;
  const ours = scoreLastItem(tuned.model, test);
  const markov = scoreLastItem(tuned.model.markov, test);

  const t1 = performance.now();
  const baseline = new FirstOrderMarkov();
  baseline.train(train);
  const baseMs = performance.now() - t1;
  const base = scoreLastItem(baseline, test);

  return {
    sequences: ours.n,
    top1: round(ours.top1),
    top3: round(ours.top3),
    train_ms: Math.round(trainMs),
    train_cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
    p50_ms: round(ours.p50, 3),
    p95_ms: round(ours.p95, 3),
    cpu_p50_ms: round(ours.cpuP50, 3),
    cpu_p95_ms: round(ours.cpuP95, 3),
    weights: { ...tuned.weights },
    similar_suffix: tuned.suffix,
    markov_top1: round(markov.top1),
    markov_top3: round(markov.top3),
    order: tuned.order,
    discount: tuned.discount,
    train_sequences: train.length,
    markov1_top1: round(base.top1),
    markov1_top3: round(base.top3),
    markov1_train_ms: Math.round(baseMs),
    dev_top1: round(tuned.devTop1),
    dev_markov_top1: round(tuned.devMarkovTop1),
  };
}
