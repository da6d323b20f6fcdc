/**
 * One-vs-rest linear SVM (L2-regularised squared hinge) trained by dual coordinate descent, the
 * method of LIBLINEAR (Hsieh et al. 2008): exact on sparse TF-IDF vectors, no learning rate, a few
 * passes per class. Its cost C is chosen by k-fold cross-validation on the training data only.
 * The weights are stored feature-major (as SoftmaxModel's) so a request costs
 * (non-zero features × classes) multiply-adds.
 */
import type { SparseVec } from './features.js';
import { rng } from '../sdk/random.js';

/** The training vectors packed once (CSR) with their squared norms. */
export interface Packed {
  start: Int32Array;
  idx: Int32Array;
  val: Float32Array;
  sq: Float64Array;
}

export function pack(xs: readonly SparseVec[]): Packed {
  const start = new Int32Array(xs.length + 1);
  for (let i = 0; i < xs.length; i++) start[i + 1] = start[i]! + xs[i]!.idx.length;
  const idx = new Int32Array(start[xs.length]!);
  const val = new Float32Array(start[xs.length]!);
  const sq = new Float64Array(xs.length);
  xs.forEach((x, i) => {
    idx.set(x.idx, start[i]!);
    val.set(x.val, start[i]!);
    let s = 1; // the bias feature (value 1)
    for (const v of x.val) s += v * v;
    sq[i] = s;
  });
  return { start, idx, val, sq };
}

export interface SvmOptions {
  /** Cost of a margin violation (LIBLINEAR's C). */
  c: number;
  /** Most passes over the data per class. */
  maxPasses?: number;
  /** Stop when the projected gradient's spread falls below this. */
  tolerance?: number;
  seed?: number;
}

export class LinearSvm {
  constructor(
    readonly features: number,
    readonly classes: number,
    /** features × classes, feature-major. */
    readonly w: Float32Array,
    readonly b: Float32Array,
  ) {
    if (w.length !== features * classes || b.length !== classes) throw new Error('SVM weights do not fit their shape');
  }

  /**
   * Trains on the rows `rows` of `data` (all when omitted). Each class is one binary problem;
   * `warm` (dual variables of an earlier run on the same rows, class-major) starts it closer to
   * the optimum, e.g. from the solution at a smaller C. The dual variables are returned too.
   */
  static train(data: Packed, ys: Int32Array, features: number, classes: number, options: SvmOptions, rows?: Int32Array, warm?: Float64Array): { svm: LinearSvm; alpha: Float64Array } {
    const use = rows ?? Int32Array.from(ys.keys());
    const n = use.length;
    const w = new Float32Array(features * classes);
    const b = new Float32Array(classes);
    const wc = new Float64Array(features);
    const all = new Float64Array(n * classes);
    if (warm) all.set(warm);
    const random = rng(options.seed ?? 11);
    for (let c = 0; c < classes; c++) {
      const alpha = all.subarray(c * n, (c + 1) * n);
      const bias = solveBinary(data, ys, c, use, alpha, wc, options, random);
      for (let f = 0; f < features; f++) if (wc[f] !== 0) w[f * classes + c] = wc[f]!;
      b[c] = bias;
    }
    return { svm: new LinearSvm(features, classes, w, b), alpha: all };
  }

  /** Decision values into `out`. */
  raw(x: SparseVec, out: Float64Array): void {
    const C = this.classes;
    for (let c = 0; c < C; c++) out[c] = this.b[c]!;
    for (let k = 0; k < x.idx.length; k++) {
      const id = x.idx[k]!;
      if (id >= this.features) continue;
      const base = id * C;
      const v = x.val[k]!;
      for (let c = 0; c < C; c++) out[c]! += v * this.w[base + c]!;
    }
  }
}

/**
 * One class against the rest: dual coordinate descent with shrinking (LIBLINEAR's solver for
 * L2-loss SVM). `alpha` holds the dual variables (updated in place, may start non-zero); the
 * weights are left in `wc`, the bias (an extra feature of value 1) is returned.
 */
function solveBinary(data: Packed, ys: Int32Array, cls: number, use: Int32Array, alpha: Float64Array, wc: Float64Array, options: SvmOptions, random: () => number): number {
  const { start, idx, val, sq } = data;
  const n = use.length;
  const diag = 1 / (2 * options.c);
  const maxPasses = options.maxPasses ?? 60;
  const tol = options.tolerance ?? 0.1;
  wc.fill(0);
  let bias = 0;
  for (let o = 0; o < n; o++) {
    const a = alpha[o]!;
    if (a === 0) continue;
    const r = use[o]!;
    const d = ys[r] === cls ? a : -a;
    for (let q = start[r]!; q < start[r + 1]!; q++) wc[idx[q]!]! += d * val[q]!;
    bias += d;
  }
  const active = Int32Array.from(use.keys());
  let size = n;
  let pgMaxOld = Infinity;
  for (let pass = 0; pass < maxPasses; pass++) {
    for (let i = size - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = active[i]!;
      active[i] = active[j]!;
      active[j] = t;
    }
    let pgMax = -Infinity;
    let pgMin = Infinity;
    for (let k = 0; k < size; k++) {
      const o = active[k]!;
      const r = use[o]!;
      const y = ys[r] === cls ? 1 : -1;
      const s = start[r]!;
      const e = start[r + 1]!;
      let dot = bias;
      for (let q = s; q < e; q++) dot += wc[idx[q]!]! * val[q]!;
      const a = alpha[o]!;
      const g = y * dot - 1 + diag * a;
      let pg = 0;
      if (a === 0) {
        // Shrinking: a variable at its bound whose gradient points outwards is set aside.
        if (g > pgMaxOld) {
          size--;
          active[k] = active[size]!;
          active[size] = o;
          k--;
          continue;
        }
        if (g < 0) pg = g;
      } else pg = g;
      if (pg > pgMax) pgMax = pg;
      if (pg < pgMin) pgMin = pg;
      if (Math.abs(pg) < 1e-12) continue;
      const next = Math.max(a - g / (sq[r]! + diag), 0);
      const d = (next - a) * y;
      if (d === 0) continue;
      alpha[o] = next;
      for (let q = s; q < e; q++) wc[idx[q]!]! += d * val[q]!;
      bias += d;
    }
    if (pgMax - pgMin <= tol) {
      if (size === n) break;
      // Converged on the active set: check every variable once more.
      size = n;
      pgMaxOld = Infinity;
      continue;
    }
    pgMaxOld = pgMax <= 0 ? Infinity : pgMax;
  }
  return bias;
}

/** Folds by example, stratified by class (every class spread over the folds), deterministic. */
export function stratifiedFolds(ys: Int32Array, k: number, seed = 5): Int32Array {
  const random = rng(seed);
  const fold = new Int32Array(ys.length);
  const byClass = new Map<number, number[]>();
  ys.forEach((y, i) => {
    let list = byClass.get(y);
    if (!list) byClass.set(y, (list = []));
    list.push(i);
  });
  let offset = 0;
  for (const list of byClass.values()) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    list.forEach((row, n) => (fold[row] = (n + offset) % k));
    offset += list.length;
  }
  return fold;
}

export interface TunedSvm {
  svm: LinearSvm;
  /** The cost chosen by cross-validation. */
  c: number;
  /** Scale of the decision values in softmax(temperature × margins), fitted on held-out folds. */
  temperature: number;
  /** Cross-validated accuracy at `c`. */
  cvAccuracy: number;
}

const C_GRID = [0.3, 1, 3];
/** While the largest C of the grid wins, C × 3 is tried next, up to this. */
const C_MAX = 30;
const T_GRID = [1, 2, 3, 5, 7, 10, 15, 20, 30];

/**
 * Chooses C by k-fold cross-validation on the training vectors (each fold's runs warm-started
 * from the previous C; the grid grows upwards while its largest C wins), fits the softmax temperature of the decision values on the same held-out
 * predictions (most likely), then trains on everything at that C.
 */
export function tuneSvm(xs: readonly SparseVec[], ys: Int32Array, features: number, classes: number, options: { folds?: number; grid?: readonly number[]; progress?: (m: string) => void } = {}): TunedSvm {
  const grid = [...(options.grid ?? C_GRID)].sort((a, b) => a - b);
  const k = options.folds ?? 3;
  const data = pack(xs);
  const fold = stratifiedFolds(ys, k);
  const all = Int32Array.from(ys.keys());
  const splits = Array.from({ length: k }, (_, f) => ({ rows: all.filter((i) => fold[i] !== f), test: all.filter((i) => fold[i] === f), warm: undefined as Float64Array | undefined }));
  const out = new Float64Array(classes);
  // Held-out decision values at one C (n × classes), each fold warm-started from its previous C.
  const heldOut = (c: number): Float64Array => {
    const m = new Float64Array(xs.length * classes);
    splits.forEach((s, f) => {
      options.progress?.(`cross-validating the SVM cost: fold ${f + 1}/${k}, C ${c}`);
      const run = LinearSvm.train(data, ys, features, classes, { c }, s.rows, s.warm);
      s.warm = run.alpha;
      for (const i of s.test) {
        run.svm.raw(xs[i]!, out);
        m.set(out, i * classes);
      }
    });
    return m;
  };
  const argmax = (m: Float64Array, i: number) => {
    let best = 0;
    for (let c = 1; c < classes; c++) if (m[i * classes + c]! > m[i * classes + best]!) best = c;
    return best;
  };
  const accuracyOf = (m: Float64Array) => ys.filter((y, i) => argmax(m, i) === y).length / ys.length;
  const held: Float64Array[] = [];
  const accuracy: number[] = [];
  for (const c of grid) {
    held.push(heldOut(c));
    accuracy.push(accuracyOf(held[held.length - 1]!));
  }
  // The best C; ties go to the smaller (stronger regularisation).
  const best = () => accuracy.reduce((b, a, j) => (a > accuracy[b]! + 1e-9 ? j : b), 0);
  while (best() === grid.length - 1 && grid[grid.length - 1]! * 3 <= C_MAX) {
    grid.push(grid[grid.length - 1]! * 3);
    held.push(heldOut(grid[grid.length - 1]!));
    accuracy.push(accuracyOf(held[held.length - 1]!));
  }
  const g = best();
  const margins = held[g]!;
  let temperature = T_GRID[0]!;
  let bestLl = -Infinity;
  for (const t of T_GRID) {
    let ll = 0;
    for (let i = 0; i < ys.length; i++) {
      let max = -Infinity;
      for (let c = 0; c < classes; c++) max = Math.max(max, t * margins[i * classes + c]!);
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += Math.exp(t * margins[i * classes + c]! - max);
      ll += t * margins[i * classes + ys[i]!]! - max - Math.log(sum);
    }
    if (ll > bestLl) {
      bestLl = ll;
      temperature = t;
    }
  }
  options.progress?.(`training the SVM on everything at C ${grid[g]} (cross-validated accuracy ${(accuracy[g]! * 100).toFixed(2)} %)`);
  const { svm } = LinearSvm.train(data, ys, features, classes, { c: grid[g]! });
  return { svm, c: grid[g]!, temperature, cvAccuracy: accuracy[g]! };
}

/** softmax(temperature × decision values) into `out`. */
export function svmProbabilities(svm: LinearSvm, x: SparseVec, temperature: number, out: Float64Array): void {
  svm.raw(x, out);
  let max = -Infinity;
  for (let c = 0; c < out.length; c++) max = Math.max(max, temperature * out[c]!);
  let sum = 0;
  for (let c = 0; c < out.length; c++) {
    out[c] = Math.exp(temperature * out[c]! - max);
    sum += out[c]!;
  }
  for (let c = 0; c < out.length; c++) out[c]! /= sum;
}
