/**
 * Next-action predictors over integer item sequences. `MixedOrderMarkov` keeps counts for every
 * context up to `order` items long in a suffix trie and blends them by interpolated absolute
 * discounting (the backoff of Kneser–Ney language models, without continuation counts): long
 * contexts speak when they have been seen, short ones fill in. `FirstOrderMarkov` is the baseline
 * the evaluation compares against.
 */

export interface Prediction {
  item: number;
  /** Estimated probability of this item being next. */
  p: number;
}

export interface Predictor {
  train(sequences: readonly (readonly number[])[]): void;
  predict(prefix: readonly number[], k: number): Prediction[];
}

/**
 * The suffix trie of contexts, in flat typed arrays (node 0 is the empty context). Most deep
 * contexts are seen once, so a node keeps its first follower and first child in plain slots and
 * grows a Map only when a second one appears; no object per node keeps training on 30,000 click
 * sequences at order 5 to a few seconds.
 */
class ContextTrie {
  size = 0;
  total = new Int32Array(1024);
  private oneItem = new Int32Array(1024);
  private oneCount = new Int32Array(1024);
  private oneKey = new Int32Array(1024);
  private oneChild = new Int32Array(1024);
  private counts: (Map<number, number> | undefined)[] = [];
  private children: (Map<number, number> | undefined)[] = [];

  constructor() {
    this.newNode();
  }

  private newNode(): number {
    if (this.size === this.total.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.total = grow(this.total);
      this.oneItem = grow(this.oneItem);
      this.oneCount = grow(this.oneCount);
      this.oneKey = grow(this.oneKey);
      this.oneChild = grow(this.oneChild);
    }
    const n = this.size++;
    this.oneItem[n] = -1;
    this.oneKey[n] = -1;
    this.counts.push(undefined);
    this.children.push(undefined);
    return n;
  }

  add(n: number, item: number): void {
    this.total[n]!++;
    const m = this.counts[n];
    if (m) m.set(item, (m.get(item) ?? 0) + 1);
    else if (this.oneItem[n] === item || this.oneItem[n] === -1) {
      this.oneItem[n] = item;
      this.oneCount[n]!++;
    } else {
      this.counts[n] = new Map([
        [this.oneItem[n]!, this.oneCount[n]!],
        [item, 1],
      ]);
    }
  }

  /** The child for one more item of context, or -1. */
  child(n: number, key: number): number {
    const m = this.children[n];
    if (m) return m.get(key) ?? -1;
    return this.oneKey[n] === key ? this.oneChild[n]! : -1;
  }

  childOrNew(n: number, key: number): number {
    const found = this.child(n, key);
    if (found >= 0) return found;
    const made = this.newNode();
    const m = this.children[n];
    if (m) m.set(key, made);
    else if (this.oneKey[n] === -1) {
      this.oneKey[n] = key;
      this.oneChild[n] = made;
    } else {
      this.children[n] = new Map([
        [this.oneKey[n]!, this.oneChild[n]!],
        [key, made],
      ]);
    }
    return made;
  }

  /** Distinct followers of a context. */
  distinct(n: number): number {
    return this.counts[n]?.size ?? (this.oneItem[n] === -1 ? 0 : 1);
  }

  followers(n: number): Iterable<[number, number]> {
    return this.counts[n] ?? (this.oneItem[n] === -1 ? [] : [[this.oneItem[n]!, this.oneCount[n]!]]);
  }

  count(n: number, item: number): number {
    const m = this.counts[n];
    return m ? (m.get(item) ?? 0) : this.oneItem[n] === item ? this.oneCount[n]! : 0;
  }
}

/** The k highest-scoring items, best first. */
export function best(scores: Float64Array | Map<number, number>, k: number): Prediction[] {
  const out: Prediction[] = [];
  const consider = (item: number, p: number) => {
    if (!(p > 0)) return;
    if (out.length === k && p <= out[k - 1]!.p) return;
    let i = out.length < k ? out.length : k - 1;
    if (out.length < k) out.push({ item, p });
    while (i > 0 && out[i - 1]!.p < p) {
      out[i] = out[i - 1]!;
      i--;
    }
    out[i] = { item, p };
  };
  if (scores instanceof Map) for (const [item, p] of scores) consider(item, p);
  else for (let item = 0; item < scores.length; item++) consider(item, scores[item]!);
  return out;
}

export class MixedOrderMarkov implements Predictor {
  /** Longest context kept by training. */
  readonly maxOrder: number;
  /** Longest context used by predictions (≤ maxOrder; tuned on held-out data without retraining). */
  order: number;
  discount: number;
  private trie = new ContextTrie();
  private vocabSize = 0;

  constructor(options: { order?: number; discount?: number } = {}) {
    this.maxOrder = Math.max(1, options.order ?? 3);
    this.order = this.maxOrder;
    this.discount = options.discount ?? 0.75;
  }

  /** Changes the prediction-time order and discount (the order is capped by what was trained). */
  configure(options: { order?: number; discount?: number }): void {
    if (options.order !== undefined) this.order = Math.max(1, Math.min(this.maxOrder, options.order));
    if (options.discount !== undefined) this.discount = options.discount;
  }

  train(sequences: readonly (readonly number[])[]): void {
    this.trie = new ContextTrie();
    this.vocabSize = 0;
    this.add(sequences);
  }

  /** Counts more sequences into the trained model (incremental: nothing is recounted). */
  add(sequences: readonly (readonly number[])[]): void {
    const trie = this.trie;
    let maxItem = this.vocabSize - 1;
    for (const seq of sequences) {
      for (let i = 0; i < seq.length; i++) {
        const next = seq[i]!;
        if (next > maxItem) maxItem = next;
        let n = 0;
        trie.add(n, next);
        // Walk back through the context: depth d holds the counts after the last d items.
        for (let d = 1; d <= this.maxOrder && i - d >= 0; d++) {
          n = trie.childOrNew(n, seq[i - d]!);
          trie.add(n, next);
        }
      }
    }
    this.vocabSize = maxItem + 1;
  }

  /** The chain of context nodes matching the prefix's end, shortest first (root included). */
  private contexts(prefix: readonly number[]): number[] {
    const chain = [0];
    let n = 0;
    for (let d = 1; d <= this.order && prefix.length - d >= 0; d++) {
      const child = this.trie.child(n, prefix[prefix.length - d]!);
      if (child < 0) break;
      chain.push((n = child));
    }
    return chain;
  }

  predict(prefix: readonly number[], k: number): Prediction[] {
    const scores = this.scores(prefix);
    return scores ? best(scores, k) : [];
  }

  /** The next-item distribution over the vocabulary (null before training). */
  scores(prefix: readonly number[]): Float64Array | null {
    const chain = this.contexts(prefix);
    const trie = this.trie;
    if (trie.total[0] === 0) return null;
    const D = this.discount;
    // Dense scoring over the vocabulary: a few thousand items at most (FIFA's pages, a user's commands).
    // p(w) = Σ_d (Π_{e>d} λ_e) · max(c_d(w) − D, 0) / T_d, with the root's plain relative frequency:
    // each level's followers are added once with the product of the deeper levels' back-off weights.
    const scores = new Float64Array(this.vocabSize);
    let mult = 1;
    for (let d = chain.length - 1; d >= 1; d--) {
      const n = chain[d]!;
      const total = trie.total[n]!;
      for (const [item, c] of trie.followers(n)) scores[item]! += (mult * Math.max(c - D, 0)) / total;
      mult *= (D * trie.distinct(n)) / total;
    }
    for (const [item, c] of trie.followers(0)) scores[item]! += (mult * c) / trie.total[0]!;
    return scores;
  }

  /** How often the prefix's last `length` items were followed by `item` (the workflow's support). */
  support(prefix: readonly number[], item: number, length = 1): number {
    const chain = this.contexts(prefix);
    return length < chain.length ? this.trie.count(chain[length]!, item) : 0;
  }
}

export class FirstOrderMarkov implements Predictor {
  private next = new Map<number, Map<number, number>>();
  private popular = new Map<number, number>();

  train(sequences: readonly (readonly number[])[]): void {
    this.next = new Map();
    this.popular = new Map();
    for (const seq of sequences) {
      for (let i = 0; i < seq.length; i++) {
        this.popular.set(seq[i]!, (this.popular.get(seq[i]!) ?? 0) + 1);
        if (i === 0) continue;
        let row = this.next.get(seq[i - 1]!);
        if (!row) this.next.set(seq[i - 1]!, (row = new Map()));
        row.set(seq[i]!, (row.get(seq[i]!) ?? 0) + 1);
      }
    }
  }

  predict(prefix: readonly number[], k: number): Prediction[] {
    const row = prefix.length > 0 ? this.next.get(prefix[prefix.length - 1]!) : undefined;
    const counts = row ?? this.popular;
    let total = 0;
    for (const c of counts.values()) total += c;
    const probs = new Map<number, number>();
    for (const [item, c] of counts) probs.set(item, c / total);
    return best(probs, k);
  }
}
