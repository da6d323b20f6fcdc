/**
 * Peer for the recommender benchmark: scikit-learn's usual text classifier, rebuilt here —
 * `TfidfVectorizer()` with its defaults (lower case, tokens of ≥ 2 word characters, unigrams,
 * smoothed idf, L2 norm) and `LinearSVC()` with its defaults (one-vs-rest, squared hinge loss,
 * L2 penalty, C = 1, intercept as a constant feature of value 1 that is regularised too,
 * LIBLINEAR's dual coordinate descent with random order, tol 1e-4 on the projected gradient,
 * at most 1,000 passes), trained on the history's requests → skill and ranking skills by the
 * decision function. Used only by benchmarks.
 */

interface Doc {
  ids: Int32Array;
  values: Float64Array;
}

const TOKEN = /\b\w\w+\b/gu;

export class LinearSvcPeer {
  private readonly vocab = new Map<string, number>();
  private idf = new Float64Array(0);
  /** Class-major weights: w[c * (dim + 1) + f]; the last slot is the intercept. */
  private w = new Float64Array(0);
  private dim = 0;
  private classes = 0;

  constructor(
    private readonly c = 1,
    private readonly maxIter = 1000,
    private readonly tol = 1e-4,
  ) {}

  private tokens(text: string): string[] {
    return Array.from(text.toLowerCase().matchAll(TOKEN), (m) => m[0]);
  }

  private vector(text: string): Doc {
    const counts = new Map<number, number>();
    for (const t of this.tokens(text)) {
      const id = this.vocab.get(t);
      if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const ids = Int32Array.from(counts.keys());
    const values = Float64Array.from(ids, (id) => counts.get(id)! * this.idf[id]!);
    const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0)) || 1;
    for (let i = 0; i < values.length; i++) values[i]! /= norm;
    return { ids, values };
  }

  fit(texts: readonly string[], labels: readonly number[], classes: number): void {
    const df: number[] = [];
    for (const text of texts) {
      for (const t of new Set(this.tokens(text))) {
        let id = this.vocab.get(t);
        if (id === undefined) {
          id = this.vocab.size;
          this.vocab.set(t, id);
          df.push(0);
        }
        df[id]!++;
      }
    }
    this.dim = this.vocab.size;
    this.classes = classes;
    this.idf = Float64Array.from(df, (d) => Math.log((1 + texts.length) / (1 + d)) + 1);
    const xs = texts.map((t) => this.vector(t));
    this.w = new Float64Array(classes * (this.dim + 1));
    const present = new Set(labels);
    for (let c = 0; c < classes; c++) if (present.has(c)) this.fitBinary(xs, labels, c);
  }

  /** LIBLINEAR's dual coordinate descent for the L2-regularised squared-hinge SVM (solver 1). */
  private fitBinary(xs: readonly Doc[], labels: readonly number[], cls: number): void {
    const n = xs.length;
    const base = cls * (this.dim + 1);
    const w = this.w;
    const alpha = new Float64Array(n);
    const diag = 0.5 / this.c;
    const qd = Float64Array.from(xs, (x) => x.values.reduce((s, v) => s + v * v, 0) + 1 + diag);
    const y = Int8Array.from(labels, (l) => (l === cls ? 1 : -1));
    const index = Int32Array.from({ length: n }, (_, i) => i);
    let active = n;
    let pgMaxOld = Infinity;
    let seed = 1 + cls;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    for (let iter = 0; iter < this.maxIter; iter++) {
      let pgMax = -Infinity;
      let pgMin = Infinity;
      for (let i = 0; i < active; i++) {
        const j = i + Math.floor(rand() * (active - i));
        [index[i], index[j]] = [index[j]!, index[i]!];
      }
      for (let s = 0; s < active; s++) {
        const i = index[s]!;
        const x = xs[i]!;
        let g = w[base + this.dim]!;
        for (let k = 0; k < x.ids.length; k++) g += w[base + x.ids[k]!]! * x.values[k]!;
        g = g * y[i]! - 1 + alpha[i]! * diag;
        let pg = 0;
        if (alpha[i] === 0) {
          if (g > pgMaxOld) {
            // Shrinking: this example is unlikely to become a support vector.
            active--;
            [index[s], index[active]] = [index[active]!, index[s]!];
            s--;
            continue;
          }
          if (g < 0) pg = g;
        } else pg = g;
        pgMax = Math.max(pgMax, pg);
        pgMin = Math.min(pgMin, pg);
        if (Math.abs(pg) > 1e-12) {
          const old = alpha[i]!;
          alpha[i] = Math.max(old - g / qd[i]!, 0);
          const d = (alpha[i]! - old) * y[i]!;
          for (let k = 0; k < x.ids.length; k++) w[base + x.ids[k]!]! += d * x.values[k]!;
          w[base + this.dim]! += d;
        }
      }
      if (pgMax - pgMin <= this.tol) {
        if (active === n) break;
        active = n;
        pgMaxOld = Infinity;
        continue;
      }
      pgMaxOld = pgMax <= 0 ? Infinity : pgMax;
    }
  }

  /** Class indexes by decision value, best first. */
  rank(text: string, k: number): number[] {
    const x = this.vector(text);
    const scores: [number, number][] = [];
    for (let c = 0; c < this.classes; c++) {
      const base = c * (this.dim + 1);
      let s = this.w[base + this.dim]!;
      for (let i = 0; i < x.ids.length; i++) s += this.w[base + x.ids[i]!]! * x.values[i]!;
      scores.push([c, s]);
    }
    return scores
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, k)
      .map(([c]) => c);
  }
}
