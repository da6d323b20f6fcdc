/**
 * Similar past sequences (the idea of CPT+, Gueniche et al. 2015): an inverted index from each item
 * to the bitset of the sequences that contain it finds, by intersection, every past sequence holding
 * all the items of the recent context; walking those sequences past the point where the context was
 * matched (in order, gaps allowed) gives the items that followed. When too few sequences match, the
 * rarest context items are treated as noise and dropped (one at a time, breadth first) and the
 * search retried. Adding a sequence only sets bits: training is incremental.
 */

export interface SimilarOptions {
  /** Context items considered (the last `window` of the prefix). */
  window?: number;
  /** Weight of the j-th item after the match is decay^(j-1): the next step matters most. */
  decay?: number;
  /** Consequent items read after the match. */
  horizon?: number;
  /** Stop reducing the context once this many count-table updates found followers. */
  minUpdates?: number;
  /** Most candidate sub-contexts tried per prediction (bounds the latency). */
  maxCandidates?: number;
  /** Most candidate sequences read per prediction, newest first (bounds the latency; recent habits first). */
  maxMatches?: number;
  /**
   * Index only the last `suffix` items of each sequence (0: all). Sequences' ends behave unlike
   * their middles (the last pages of a visit, the last commands of a session); tuned on held-out data.
   */
  suffix?: number;
}

const DEFAULTS: Required<SimilarOptions> = { window: 5, decay: 0.5, horizon: 8, minUpdates: 3, maxCandidates: 24, maxMatches: 2000, suffix: 0 };

export class SimilarSequences {
  private readonly sequences: Int32Array[] = [];
  /** item → bitset over sequence ids (words of 32 ids). */
  private bits: Uint32Array[] = [];
  private support: number[] = [];
  private words = 64;
  /** Per-prediction scratch: visit stamps per sequence, dense scores per item. */
  private stamps = new Int32Array(0);
  private stamp = 0;
  private dense = new Float64Array(0);
  private touched: number[] = [];
  private budget = 0;
  readonly options: Required<SimilarOptions>;

  constructor(options: SimilarOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  get size(): number {
    return this.sequences.length;
  }

  add(full: readonly number[]): void {
    const { suffix } = this.options;
    const seq = suffix > 0 && full.length > suffix ? full.slice(-suffix) : full;
    const id = this.sequences.length;
    if (id >>> 5 >= this.words) {
      this.words *= 2;
      this.bits = this.bits.map((b) => {
        const grown = new Uint32Array(this.words);
        grown.set(b);
        return grown;
      });
    }
    this.sequences.push(Int32Array.from(seq));
    const seen = new Set<number>();
    for (const item of seq) {
      if (seen.has(item)) continue;
      seen.add(item);
      while (this.bits.length <= item) {
        this.bits.push(new Uint32Array(this.words));
        this.support.push(0);
      }
      this.bits[item]![id >>> 5]! |= 1 << (id & 31);
      this.support[item]!++;
    }
  }

  train(sequences: readonly (readonly number[])[]): void {
    for (const s of sequences) this.add(s);
  }

  /** How many sequences contain the item. */
  supportOf(item: number): number {
    return this.support[item] ?? 0;
  }

  /** Ids of the sequences that contain every item (empty list: all sequences). */
  private shared(items: readonly number[]): Uint32Array | null {
    if (items.length === 0) return null;
    const sorted = [...items].sort((a, b) => this.supportOf(a) - this.supportOf(b));
    const first = this.bits[sorted[0]!];
    if (!first) return new Uint32Array(0);
    const out = Uint32Array.from(first);
    for (let i = 1; i < sorted.length; i++) {
      const b = this.bits[sorted[i]!]!;
      for (let w = 0; w < out.length; w++) out[w]! &= b[w]!;
    }
    return out;
  }

  /**
   * Adds, for each matching sequence not visited yet (newest first, within the match budget), the
   * items after the in-order match of `context`, weighted by distance. Returns how many contributed.
   */
  private update(context: readonly number[]): number {
    const ids = this.shared(context);
    if (!ids) return 0;
    const { decay, horizon } = this.options;
    let used = 0;
    for (let w = ids.length - 1; w >= 0 && this.budget > 0; w--) {
      let word = ids[w]!;
      while (word !== 0 && this.budget > 0) {
        const bit = 31 - Math.clz32(word);
        word &= ~(1 << bit);
        const id = (w << 5) | bit;
        if (this.stamps[id] === this.stamp) continue;
        const seq = this.sequences[id]!;
        this.budget--;
        // In-order match with gaps; the consequent starts after the last matched context item.
        let k = 0;
        let i = 0;
        for (; i < seq.length && k < context.length; i++) if (seq[i] === context[k]) k++;
        if (k < context.length || i >= seq.length) continue;
        this.stamps[id] = this.stamp;
        used++;
        let weight = 1;
        for (let j = i; j < seq.length && j < i + horizon; j++, weight *= decay) {
          const item = seq[j]!;
          if (this.dense[item] === 0) this.touched.push(item);
          this.dense[item]! += weight;
        }
      }
    }
    return used;
  }

  /**
   * Follower scores for the prefix, normalised to sum 1 (empty map when nothing matched). The
   * full recent context is tried first; then sub-contexts without their rarest items.
   */
  scores(prefix: readonly number[]): Map<number, number> {
    const { window, minUpdates, maxCandidates } = this.options;
    const context = prefix.slice(-window).filter((item) => this.supportOf(item) > 0);
    if (this.stamps.length < this.sequences.length) this.stamps = new Int32Array(this.words << 5);
    if (this.dense.length < this.bits.length) this.dense = new Float64Array(this.bits.length);
    this.stamp++;
    this.budget = this.options.maxMatches;
    this.touched = [];
    const queue: number[][] = [context];
    const seen = new Set<string>([context.join(',')]);
    let updates = 0;
    let tried = 0;
    while (queue.length > 0 && updates < minUpdates && tried < maxCandidates && this.budget > 0) {
      const ctx = queue.shift()!;
      tried++;
      if (this.update(ctx) > 0) updates++;
      if (ctx.length <= 1) continue;
      // Noise candidates: the context's items from rarest to most common.
      const byRarity = [...new Set(ctx)].sort((a, b) => this.supportOf(a) - this.supportOf(b));
      for (const noise of byRarity) {
        const at = ctx.indexOf(noise);
        const next = [...ctx.slice(0, at), ...ctx.slice(at + 1)];
        const key = next.join(',');
        if (!seen.has(key)) {
          seen.add(key);
          queue.push(next);
        }
      }
    }
    let total = 0;
    for (const item of this.touched) total += this.dense[item]!;
    const scores = new Map<number, number>();
    for (const item of this.touched) {
      scores.set(item, this.dense[item]! / total);
      this.dense[item] = 0;
    }
    return scores;
  }
}
