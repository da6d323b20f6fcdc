/**
 * A compact in-memory BM25 index (with BM25F-style field weights) built for speed at a few
 * thousand skills and a few hundred thousand history requests: impacts are precomputed per
 * posting, so a query is a handful of typed-array additions into one reused accumulator.
 */

interface Bm25Options {
  k1?: number;
  b?: number;
}

/** One document: its fields' terms, each field with a weight (term counts are multiplied by it). */
export type FieldedTerms = { terms: readonly string[]; weight: number }[];

interface Scored {
  doc: number;
  score: number;
}

export class Bm25Index {
  readonly size: number;
  private readonly vocab = new Map<string, number>();
  private readonly postDocs: Int32Array[] = [];
  private readonly postImpact: Float32Array[] = [];
  private readonly acc: Float64Array;
  private readonly seen: Uint8Array;
  private touched: number[] = [];

  constructor(docs: readonly FieldedTerms[], options: Bm25Options = {}) {
    const k1 = options.k1 ?? 1.2;
    const b = options.b ?? 0.75;
    this.size = docs.length;
    this.acc = new Float64Array(docs.length);
    this.seen = new Uint8Array(docs.length);
    const lengths = new Float64Array(docs.length);
    const docsOf: number[][] = [];
    const tfsOf: number[][] = [];
    docs.forEach((fields, d) => {
      const tf = new Map<number, number>();
      for (const field of fields) {
        for (const t of field.terms) {
          let id = this.vocab.get(t);
          if (id === undefined) {
            id = this.vocab.size;
            this.vocab.set(t, id);
            docsOf.push([]);
            tfsOf.push([]);
          }
          tf.set(id, (tf.get(id) ?? 0) + field.weight);
          lengths[d]! += field.weight;
        }
      }
      for (const [id, f] of tf) {
        docsOf[id]!.push(d);
        tfsOf[id]!.push(f);
      }
    });
    let total = 0;
    for (const l of lengths) total += l;
    const avg = total / Math.max(1, docs.length) || 1;
    for (let id = 0; id < docsOf.length; id++) {
      const ds = docsOf[id]!;
      const fs = tfsOf[id]!;
      const df = ds.length;
      // The Lucene form of idf: never negative, so very common terms add a little rather than subtract.
      const idf = Math.log(1 + (docs.length - df + 0.5) / (df + 0.5));
      const impacts = new Float32Array(df);
      for (let i = 0; i < df; i++) {
        const f = fs[i]!;
        const norm = k1 * (1 - b + (b * lengths[ds[i]!]!) / avg);
        impacts[i] = (idf * f * (k1 + 1)) / (f + norm);
      }
      this.postDocs.push(Int32Array.from(ds));
      this.postImpact.push(impacts);
    }
  }

  /** How many documents hold the term (0 when unknown). */
  docFreq(term: string): number {
    const id = this.vocab.get(term);
    return id === undefined ? 0 : this.postDocs[id]!.length;
  }

  /**
   * Scores every document that shares a term with the query. The returned arrays are the index's
   * own buffers: valid until the next call, so callers consume them at once.
   */
  accumulate(queryTerms: readonly string[], maxDfRatio = 1): { touched: readonly number[]; scores: Float64Array } {
    for (const d of this.touched) {
      this.acc[d] = 0;
      this.seen[d] = 0;
    }
    this.touched = [];
    const qtf = new Map<number, number>();
    const maxDf = Math.max(1, maxDfRatio * this.size);
    let rarest = -1;
    for (const t of queryTerms) {
      const id = this.vocab.get(t);
      if (id === undefined) continue;
      if (rarest < 0 || this.postDocs[id]!.length < this.postDocs[rarest]!.length) rarest = id;
      // Very common terms add little to the ranking and cost the most (long postings): skipped when asked.
      if (this.postDocs[id]!.length <= maxDf) qtf.set(id, (qtf.get(id) ?? 0) + 1);
    }
    if (qtf.size === 0 && rarest >= 0) qtf.set(rarest, 1);
    for (const [id, q] of qtf) {
      const ds = this.postDocs[id]!;
      const im = this.postImpact[id]!;
      for (let i = 0; i < ds.length; i++) {
        const d = ds[i]!;
        if (this.seen[d] === 0) {
          this.seen[d] = 1;
          this.touched.push(d);
        }
        this.acc[d]! += q * im[i]!;
      }
    }
    return { touched: this.touched, scores: this.acc };
  }

  /** The k best documents, best first. */
  search(queryTerms: readonly string[], k: number, maxDfRatio = 1): Scored[] {
    const { touched, scores } = this.accumulate(queryTerms, maxDfRatio);
    return topK(touched, (d) => scores[d]!, k);
  }
}

/** The k items with the highest score, best first (ties by lower id, so results are deterministic). */
export function topK(items: Iterable<number>, score: (item: number) => number, k: number): Scored[] {
  const out: Scored[] = [];
  for (const doc of items) {
    const s = score(doc);
    if (out.length === k && !(s > out[k - 1]!.score || (s === out[k - 1]!.score && doc < out[k - 1]!.doc))) continue;
    let i = out.length < k ? out.length : k - 1;
    if (out.length < k) out.push({ doc, score: s });
    while (i > 0 && (out[i - 1]!.score < s || (out[i - 1]!.score === s && out[i - 1]!.doc > doc))) {
      out[i] = out[i - 1]!;
      i--;
    }
    out[i] = { doc, score: s };
  }
  return out;
}
