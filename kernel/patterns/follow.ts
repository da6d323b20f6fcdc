/**
 * Short-range follow counts (the dependency graph of Padmanabhan & Mogul, "DG"): an edge a → b
 * counts how often b came within `window` steps after a, weighted 1/distance. A prediction reads
 * the edges of the last few context items, the latest one weighing most. Counting is incremental.
 */

export interface FollowOptions {
  /** Steps after an item that count as following it. */
  window?: number;
  /** Context items consulted; the l-th from the end weighs lag^(l-1). */
  lookback?: number;
  lag?: number;
}

export class FollowCounts {
  private readonly edges: Map<number, number>[] = [];
  private readonly totals: number[] = [];
  readonly window: number;
  lookback: number;
  lag: number;

  constructor(options: FollowOptions = {}) {
    this.window = options.window ?? 4;
    this.lookback = options.lookback ?? 3;
    this.lag = options.lag ?? 0.5;
  }

  add(seq: readonly number[]): void {
    for (let i = 0; i < seq.length; i++) {
      const a = seq[i]!;
      while (this.edges.length <= a) {
        this.edges.push(new Map());
        this.totals.push(0);
      }
      const row = this.edges[a]!;
      for (let d = 1; d <= this.window && i + d < seq.length; d++) {
        const b = seq[i + d]!;
        row.set(b, (row.get(b) ?? 0) + 1 / d);
        this.totals[a]! += 1 / d;
      }
    }
  }

  train(sequences: readonly (readonly number[])[]): void {
    for (const s of sequences) this.add(s);
  }

  /** Follower scores for the prefix, normalised to sum 1. */
  scores(prefix: readonly number[]): Map<number, number> {
    const out = new Map<number, number>();
    let weight = 1;
    let total = 0;
    for (let l = 1; l <= this.lookback && prefix.length - l >= 0; l++, weight *= this.lag) {
      const a = prefix[prefix.length - l]!;
      const row = this.edges[a];
      const t = this.totals[a] ?? 0;
      if (!row || t === 0) continue;
      for (const [b, c] of row) out.set(b, (out.get(b) ?? 0) + (weight * c) / t);
      total += weight;
    }
    if (total > 0) for (const [k, v] of out) out.set(k, v / total);
    return out;
  }
}
