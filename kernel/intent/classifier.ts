/**
 * The trained classifiers over TF-IDF vectors, no pretrained weights:
 * - SoftmaxModel: multinomial logistic regression by SGD, weights stored feature-major so one
 *   request costs (non-zero features × classes) multiply-adds; its softmax is the confidence.
 * - CentroidIndex: per-class normalised centroids behind an inverted index; classes are added or
 *   removed without retraining, so it serves the very large intent sets and the "closest skills"
 *   suggestions, and it gives the out-of-scope detector a similarity to the nearest class.
 */
import type { SparseVec } from './features.js';
import { rng } from '../sdk/random.js';

interface TrainOptions {
  epochs?: number;
  lr?: number;
  l2?: number;
  seed?: number;
  /** Called after each epoch (progress). */
  onEpoch?: (epoch: number) => void;
}

export class SoftmaxModel {
  readonly w: Float32Array;
  readonly b: Float32Array;
  private scale = 1;

  static restore(features: number, classes: number, w: Float32Array, b: Float32Array): SoftmaxModel {
    if (w.length !== features * classes || b.length !== classes) throw new Error('softmax weights do not fit their shape');
    const m = new SoftmaxModel(features, classes);
    m.w.set(w);
    m.b.set(b);
    return m;
  }

  constructor(
    readonly features: number,
    readonly classes: number,
  ) {
    this.w = new Float32Array(features * classes);
    this.b = new Float32Array(classes);
  }

  train(xs: SparseVec[], ys: Int32Array, options: TrainOptions = {}): void {
    const C = this.classes;
    const epochs = options.epochs ?? 12;
    const lr0 = options.lr ?? 2;
    const l2 = options.l2 ?? 1e-6;
    const random = rng(options.seed ?? 7);
    const order = Int32Array.from(xs.keys());
    const z = new Float64Array(C);
    const act = new Int32Array(C);
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const lr = lr0 * (1 - epoch / (epochs + 1));
      let unfit = 0;
      for (const n of order) {
        const x = xs[n]!;
        this.raw(x, z);
        softmaxInPlace(z);
        z[ys[n]!]! -= 1;
        const step = lr / this.scale;
        // Only classes with a real gradient are touched (most are ~0 after the first epoch).
        let active = 0;
        for (let c = 0; c < C; c++) if (Math.abs(z[c]!) > 1e-4) act[active++] = c;
        if (z[ys[n]!]! < -0.05) unfit++;
        for (let k = 0; k < x.idx.length; k++) {
          const base = x.idx[k]! * C;
          const v = x.val[k]! * step;
          for (let a = 0; a < active; a++) {
            const c = act[a]!;
            this.w[base + c]! -= v * z[c]!;
          }
        }
        for (let c = 0; c < C; c++) this.b[c]! -= lr * 0.1 * z[c]!;
        this.scale *= 1 - lr * l2;
        if (this.scale < 1e-3) this.rescale();
      }
      options.onEpoch?.(epoch);
      // Every example already gets > 95 % on its class: more epochs would only sharpen the softmax.
      if (unfit === 0 && epoch >= 2) break;
    }
    this.rescale();
  }

  private rescale(): void {
    for (let i = 0; i < this.w.length; i++) this.w[i]! *= this.scale;
    this.scale = 1;
  }

  /** Raw scores (logits) into `out`. */
  raw(x: SparseVec, out: Float64Array): void {
    const C = this.classes;
    for (let c = 0; c < C; c++) out[c] = this.b[c]!;
    for (let k = 0; k < x.idx.length; k++) {
      const id = x.idx[k]!;
      if (id >= this.features) continue;
      const base = id * C;
      const v = x.val[k]! * this.scale;
      for (let c = 0; c < C; c++) out[c]! += v * this.w[base + c]!;
    }
  }

  /** Class probabilities at temperature `t` (calibration). */
  probabilities(x: SparseVec, t = 1): Float64Array {
    const z = new Float64Array(this.classes);
    this.raw(x, z);
    if (t !== 1) for (let c = 0; c < z.length; c++) z[c]! /= t;
    softmaxInPlace(z);
    return z;
  }
}

function softmaxInPlace(z: Float64Array): void {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    z[c] = Math.exp(z[c]! - max);
    sum += z[c]!;
  }
  for (let c = 0; c < z.length; c++) z[c]! /= sum;
}

/** Class centroids behind an inverted index (feature → classes holding it). */
export class CentroidIndex {
  private postings = new Map<number, { cls: number[]; w: number[] }>();
  private members = new Map<number, number[]>();
  private removed = new Set<number>();

  constructor(private readonly keep = 400) {}

  /** Sets the centroid of class `cls` from its examples (replacing an earlier one). */
  set(cls: number, xs: readonly SparseVec[]): void {
    this.remove(cls);
    this.removed.delete(cls);
    const sum = new Map<number, number>();
    for (const x of xs) for (let k = 0; k < x.idx.length; k++) sum.set(x.idx[k]!, (sum.get(x.idx[k]!) ?? 0) + x.val[k]!);
    const top = [...sum].sort((a, b) => b[1] - a[1]).slice(0, this.keep);
    let norm = 0;
    for (const [, v] of top) norm += v * v;
    const s = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    const feats: number[] = [];
    for (const [f, v] of top) {
      let p = this.postings.get(f);
      if (!p) this.postings.set(f, (p = { cls: [], w: [] }));
      p.cls.push(cls);
      p.w.push(v * s);
      feats.push(f);
    }
    this.members.set(cls, feats);
  }

  remove(cls: number): void {
    const feats = this.members.get(cls);
    if (!feats) return;
    for (const f of feats) {
      const p = this.postings.get(f);
      if (!p) continue;
      const i = p.cls.indexOf(cls);
      if (i >= 0) {
        p.cls.splice(i, 1);
        p.w.splice(i, 1);
      }
    }
    this.members.delete(cls);
    this.removed.add(cls);
  }

  private acc = new Float64Array(0);
  private seen = new Uint8Array(0);

  /** Cosine similarity of x to every class centroid that shares a feature with it. */
  scores(x: SparseVec): Map<number, number> {
    const { sims, touched } = this.dense(x);
    return new Map(touched.map((c) => [c, sims[c]!]));
  }

  /**
   * The same into a reused dense accumulator (valid until the next call) plus the classes touched:
   * at thousands of classes a Map per request cost more than the arithmetic.
   */
  dense(x: SparseVec): { sims: Float64Array; touched: number[] } {
    let size = 0;
    for (const c of this.members.keys()) if (c >= size) size = c + 1;
    if (this.acc.length < size) {
      this.acc = new Float64Array(size * 2);
      this.seen = new Uint8Array(size * 2);
    }
    const acc = this.acc;
    const seen = this.seen;
    const touched: number[] = [];
    for (let k = 0; k < x.idx.length; k++) {
      const p = this.postings.get(x.idx[k]!);
      if (!p) continue;
      const v = x.val[k]!;
      const cls = p.cls;
      const w = p.w;
      for (let j = 0; j < cls.length; j++) {
        const c = cls[j]!;
        if (seen[c] === 0) {
          seen[c] = 1;
          acc[c] = 0;
          touched.push(c);
        }
        acc[c]! += v * w[j]!;
      }
    }
    for (const c of touched) seen[c] = 0;
    return { sims: acc, touched };
  }

  /** Flat arrays for the model cache: one entry per (feature, class) posting. */
  snapshot(): { keep: number; feat: Int32Array; cls: Int32Array; w: Float32Array; removed: number[] } {
    let n = 0;
    for (const p of this.postings.values()) n += p.cls.length;
    const feat = new Int32Array(n);
    const cls = new Int32Array(n);
    const w = new Float32Array(n);
    let i = 0;
    for (const [f, p] of this.postings) {
      for (let j = 0; j < p.cls.length; j++, i++) {
        feat[i] = f;
        cls[i] = p.cls[j]!;
        w[i] = p.w[j]!;
      }
    }
    return { keep: this.keep, feat, cls, w, removed: [...this.removed] };
  }

  static restore(s: { keep: number; feat: Int32Array; cls: Int32Array; w: Float32Array; removed: number[] }): CentroidIndex {
    if (s.cls.length !== s.feat.length || s.w.length !== s.feat.length) throw new Error('centroid arrays differ in length');
    const c = new CentroidIndex(s.keep);
    for (let i = 0; i < s.feat.length; i++) {
      const f = s.feat[i]!;
      let p = c.postings.get(f);
      if (!p) c.postings.set(f, (p = { cls: [], w: [] }));
      p.cls.push(s.cls[i]!);
      p.w.push(s.w[i]!);
      let m = c.members.get(s.cls[i]!);
      if (!m) c.members.set(s.cls[i]!, (m = []));
      m.push(f);
    }
    for (const r of s.removed) c.removed.add(r);
    return c;
  }

  top(x: SparseVec, k: number): { cls: number; score: number }[] {
    return [...this.scores(x)].map(([cls, score]) => ({ cls, score })).sort((a, b) => b.score - a.score).slice(0, k);
  }
}
