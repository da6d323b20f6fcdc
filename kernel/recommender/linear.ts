/**
 * A discriminative request → skill model trained on the user's history: sparse TF-IDF features
 * (stemmed words, word bigrams, character n-grams of the words) and one linear scorer per skill,
 * learned with the multiclass passive–aggressive rule (Crammer et al. 2006, PA-I: each request
 * pushes its skill at least a margin of 1 above the best-scoring wrong skills) and weight
 * averaging, which makes the online rule behave like a batch-trained linear SVM. Training is
 * online: `learn` takes one new request in O(its features × the skills they touch), so the model
 * follows the history without being retrained from scratch.
 */
import { plainTerms, terms } from './text.js';

export interface LinearOptions {
  /** Passes over the history on `fit`. */
  epochs?: number;
  /** PA-I aggressiveness (caps each step; plays the role of an SVM's C). */
  c?: number;
  /** Wrong skills pushed down per request (the highest-scoring violators). */
  violators?: number;
  /** Character n-gram lengths taken inside each word (empty: none). */
  charGrams?: readonly number[];
  /** Also the plain lower-cased words and their bigrams (stop words kept: "how", "can", "my" carry intent). */
  plainWords?: boolean;
  /**
   * Features found in more than this share of the requests are left out once there are more than
   * `dfSkills` skills: their rows grow to one weight per skill, which makes every step and every
   * query cost O(skills) while they separate skills least.
   */
  maxDf?: number;
  dfSkills?: number;
  /** Training passes are cut so that passes × requests stays under this (bounds the build at scale). */
  maxSteps?: number;
  /**
   * Most row entries read per query: features are read from the most specific (shortest row) up,
   * so the cost of a request stays bounded however many skills share its common words.
   */
  queryBudget?: number;
}

export interface SparseVector {
  ids: Int32Array;
  values: Float64Array;
}

const DEFAULTS: Required<LinearOptions> = { epochs: 3, c: 1, violators: 3, charGrams: [], plainWords: true, maxDf: 0.02, dfSkills: 500, maxSteps: 100_000, queryBudget: 15_000 };

/** A deterministic shuffle (mulberry32), so a model is reproducible. */
function order(n: number, seed: number): Int32Array {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export class LinearSkillModel {
  readonly options: Required<LinearOptions>;
  private readonly featureIds = new Map<string, number>();
  private readonly df: number[] = [];
  /** Skill ids ↔ the dense labels the weights use. */
  private readonly labels: string[] = [];
  private readonly labelIds = new Map<string, number>();
  private docs = 0;
  /**
   * Per feature: skill → position in the row, and the row as contiguous lists (skills, weights,
   * running sums used for averaging), read sequentially when scoring.
   */
  private readonly rows: Map<number, number>[] = [];
  private readonly rowSkills: number[][] = [];
  private readonly rowW: number[][] = [];
  private readonly rowU: number[][] = [];
  /** Examples seen (the averaging clock). */
  private steps = 1;
  /** Per-step scratch over skills. */
  private acc = new Float64Array(64);
  private mark = new Int32Array(64);
  private stamp = 0;
  private touched: number[] = [];

  constructor(options: LinearOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  get examples(): number {
    return this.docs;
  }

  private label(skill: string): number {
    let id = this.labelIds.get(skill);
    if (id === undefined) {
      id = this.labels.length;
      this.labelIds.set(skill, id);
      this.labels.push(skill);
    }
    return id;
  }

  /** The raw feature strings of a request. */
  private tokens(text: string): string[] {
    const t = terms(text);
    const out = t.map((x) => `w:${x}`);
    for (let i = 1; i < t.length; i++) out.push(`b:${t[i - 1]}_${t[i]}`);
    if (this.options.plainWords) {
      const p = plainTerms(text);
      for (let i = 0; i < p.length; i++) out.push(`p:${p[i]}`, i > 0 ? `q:${p[i - 1]}_${p[i]}` : `q:^_${p[i]}`);
    }
    for (const n of this.options.charGrams) {
      for (const x of t) {
        const padded = `<${x}>`;
        for (let i = 0; i + n <= padded.length; i++) out.push(`c${n}:${padded.slice(i, i + n)}`);
      }
    }
    return out;
  }

  /** Counts a request into the vocabulary and document frequencies. */
  private observe(text: string): void {
    const seen = new Set<number>();
    for (const tok of this.tokens(text)) {
      let id = this.featureIds.get(tok);
      if (id === undefined) {
        id = this.featureIds.size;
        this.featureIds.set(tok, id);
        this.df.push(0);
        this.rows.push(new Map());
        this.rowSkills.push([]);
        this.rowW.push([]);
        this.rowU.push([]);
      }
      seen.add(id);
    }
    this.docs++;
    for (const id of seen) this.df[id]!++;
  }

  /** TF-IDF (sublinear tf, smoothed idf), L2-normalised; features never observed are dropped. */
  vector(text: string): SparseVector {
    const counts = new Map<number, number>();
    const maxDf = this.labels.length > this.options.dfSkills ? this.options.maxDf * this.docs : Infinity;
    for (const tok of this.tokens(text)) {
      const id = this.featureIds.get(tok);
      if (id !== undefined && this.df[id]! <= maxDf) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const ids = Int32Array.from(counts.keys());
    const values = new Float64Array(ids.length);
    let norm = 0;
    ids.forEach((id, i) => {
      const v = (1 + Math.log(counts.get(id)!)) * (Math.log((1 + this.docs) / (1 + this.df[id]!)) + 1);
      values[i] = v;
      norm += v * v;
    });
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < values.length; i++) values[i]! /= norm;
    return { ids, values };
  }

  /** Accumulates x·w (averaged or raw) per touched skill into the scratch arrays. */
  private accumulate(x: SparseVector, averaged: boolean): void {
    if (this.acc.length < this.labels.length) {
      this.acc = new Float64Array(this.labels.length * 2);
      this.mark = new Int32Array(this.labels.length * 2);
      this.stamp = 0;
    }
    this.stamp++;
    this.touched.length = 0;
    const inv = averaged ? 1 / this.steps : 0;
    const { acc, mark, stamp } = this;
    for (let i = 0; i < x.ids.length; i++) {
      const xv = x.values[i]!;
      const f = x.ids[i]!;
      const skills = this.rowSkills[f]!;
      const w = this.rowW[f]!;
      const u = this.rowU[f]!;
      for (let j = 0; j < skills.length; j++) {
        const k = skills[j]!;
        if (mark[k] !== stamp) {
          mark[k] = stamp;
          acc[k] = 0;
          this.touched.push(k);
        }
        acc[k]! += xv * (w[j]! - u[j]! * inv);
      }
    }
  }

  /** Averaged scores of the skills the request's features touch (skill id → score). */
  scores(text: string): Map<string, number> {
    const x = this.vector(text);
    let work = 0;
    for (const f of x.ids) work += this.rowSkills[f]!.length;
    if (work > this.options.queryBudget) {
      const byLength = [...x.ids.keys()].sort((a, b) => this.rowSkills[x.ids[a]!]!.length - this.rowSkills[x.ids[b]!]!.length);
      const keep: number[] = [];
      work = 0;
      for (const i of byLength) {
        work += this.rowSkills[x.ids[i]!]!.length;
        if (work > this.options.queryBudget) break;
        keep.push(i);
      }
      this.accumulate({ ids: Int32Array.from(keep, (i) => x.ids[i]!), values: Float64Array.from(keep, (i) => x.values[i]!) }, true);
    } else this.accumulate(x, true);
    const out = new Map<string, number>();
    for (const k of this.touched) out.set(this.labels[k]!, this.acc[k]!);
    return out;
  }

  private bump(x: SparseVector, skill: number, step: number): void {
    const t = this.steps;
    for (let i = 0; i < x.ids.length; i++) {
      const f = x.ids[i]!;
      const row = this.rows[f]!;
      let j = row.get(skill);
      if (j === undefined) {
        j = this.rowSkills[f]!.length;
        row.set(skill, j);
        this.rowSkills[f]!.push(skill);
        this.rowW[f]!.push(0);
        this.rowU[f]!.push(0);
      }
      const d = step * x.values[i]!;
      this.rowW[f]![j]! += d;
      this.rowU[f]![j]! += t * d;
    }
  }

  /** One passive–aggressive step on a (vector, skill) example. */
  private step(x: SparseVector, skill: number): void {
    this.accumulate(x, false);
    const own = this.mark[skill] === this.stamp ? this.acc[skill]! : 0;
    // The highest-scoring wrong skills within the margin, best first.
    const wrong: { k: number; v: number }[] = [];
    const limit = this.options.violators;
    for (const k of this.touched) {
      const v = this.acc[k]!;
      if (k === skill || v <= own - 1) continue;
      if (wrong.length === limit && v <= wrong[limit - 1]!.v) continue;
      if (wrong.length === limit) wrong.pop();
      let i = wrong.length;
      wrong.push({ k, v });
      while (i > 0 && wrong[i - 1]!.v < v) {
        wrong[i] = wrong[i - 1]!;
        i--;
      }
      wrong[i] = { k, v };
    }
    let sq = 0;
    for (let i = 0; i < x.values.length; i++) sq += x.values[i]! * x.values[i]!;
    // A skill the features never touched scores 0: the margin is owed to it too.
    if (wrong.length === 0 && own < 1 && sq > 0) this.bump(x, skill, Math.min(this.options.c, (1 - own) / sq));
    let mine = own;
    for (const { k, v } of wrong) {
      const loss = 1 - (mine - v);
      if (loss <= 0 || sq === 0) continue;
      const tau = Math.min(this.options.c, loss / (2 * sq));
      this.bump(x, skill, tau);
      this.bump(x, k, -tau);
      mine += tau * sq;
    }
    this.steps++;
  }

  /** Trains (further, when already trained) on labelled requests: `epochs` shuffled passes. */
  fit(examples: readonly { text: string; skill: string }[]): void {
    for (const e of examples) this.observe(e.text);
    const ys = examples.map((e) => this.label(e.skill));
    const xs = examples.map((e) => this.vector(e.text));
    const epochs = Math.max(1, Math.min(this.options.epochs, Math.floor(this.options.maxSteps / Math.max(1, xs.length))));
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (const i of order(xs.length, 0x5eed + epoch)) this.step(xs[i]!, ys[i]!);
    }
  }

  /** Learns one new request online (a single step; the idf and vocabulary grow with it). */
  learn(text: string, skill: string): void {
    this.observe(text);
    this.step(this.vector(text), this.label(skill));
  }
}
