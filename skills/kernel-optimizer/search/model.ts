/**
 * The model-based search step: fits a ridge regression of log2(time) on the params (one-hot main
 * effects plus pairwise interactions, the interactions penalised more so they only speak once the
 * data supports them) to every config evaluated so far, and proposes the unevaluated configs the
 * model predicts fastest, with some random exploration so one wrong early fit cannot trap it.
 * Tuning spaces are small grids whose costs are mostly additive in log-time (vector width,
 * unroll, threads each scale time), which such a model captures from a handful of points.
 */
import type { Config } from '../spec/index.js';

const LAMBDA_MAIN = 0.05;
const LAMBDA_PAIR = 0.5;

interface Feature { i: number; vi: number; j?: number; vj?: number }

function features(values: number[][]): Feature[] {
  const out: Feature[] = [];
  const live = values.map((v, i) => (v.length > 1 ? i : -1)).filter((i) => i >= 0);
  for (const i of live) for (let a = 0; a < values[i]!.length; a++) out.push({ i, vi: a });
  for (let x = 0; x < live.length; x++)
    for (let y = x + 1; y < live.length; y++) {
      const i = live[x]!, j = live[y]!;
      for (let a = 0; a < values[i]!.length; a++) for (let b = 0; b < values[j]!.length; b++) out.push({ i, vi: a, j, vj: b });
    }
  return out;
}

/** Solves (A) w = b for a symmetric positive definite A by Cholesky; A is n x n, row-major. */
function solveSpd(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j]!;
      for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!;
      L[i * n + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / L[j * n + j]!;
    }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * n + k]! * z[k]!;
    z[i] = s / L[i * n + i]!;
  }
  const w = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * w[k]!;
    w[i] = s / L[i * n + i]!;
  }
  return w;
}

/** A predictor of log2(time) fitted to the history; rejected configs count as slower than the slowest seen. */
export function fitModel(names: string[], values: number[][], history: [Config, number][]): (c: Config) => number {
  const feats = features(values);
  const n = feats.length;
  const finite = history.map(([, y]) => y).filter(Number.isFinite);
  const worst = finite.length ? Math.max(...finite) + 1 : 0;
  const ys = history.map(([, y]) => (Number.isFinite(y) ? y : worst));
  const mean = ys.reduce((a, b) => a + b, 0) / Math.max(1, ys.length);
  const idx = (c: Config) => names.map((name, i) => values[i]!.indexOf(c[name]!));
  const active = (ix: number[]) => {
    const on: number[] = [];
    feats.forEach((f, k) => {
      if (ix[f.i] === f.vi && (f.j === undefined || ix[f.j] === f.vj)) on.push(k);
    });
    return on;
  };
  const A = new Float64Array(n * n);
  const b = new Float64Array(n);
  feats.forEach((f, k) => (A[k * n + k] = f.j === undefined ? LAMBDA_MAIN : LAMBDA_PAIR));
  history.forEach(([c], r) => {
    const on = active(idx(c));
    for (const p of on) {
      b[p]! += ys[r]! - mean;
      for (const q of on) A[p * n + q]! += 1;
    }
  });
  const w = n > 0 ? solveSpd(A, b, n) : new Float64Array(0);
  return (c: Config) => mean + active(idx(c)).reduce((s, k) => s + w[k]!, 0);
}

/**
 * Up to k unevaluated configs: each pick is the model's fastest prediction, or (with probability
 * `explore`) a random unevaluated config. `candidates` is the space, or a sample of a huge one.
 */
export function proposeByModel(names: string[], values: number[][], history: [Config, number][], candidates: Config[], isSeen: (c: Config) => boolean, k: number, r: () => number, explore = 0.15): Config[] {
  const predict = fitModel(names, values, history);
  const open = candidates.filter((c) => !isSeen(c));
  const ranked = open.map((c) => ({ c, y: predict(c) })).sort((a, b) => a.y - b.y);
  const out: Config[] = [];
  while (out.length < k && ranked.length) {
    const pick = r() < explore ? Math.floor(r() * ranked.length) : 0;
    out.push(ranked.splice(pick, 1)[0]!.c);
  }
  return out;
}
