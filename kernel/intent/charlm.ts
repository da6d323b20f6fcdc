/**
 * Per-intent character n-gram language models: a generative reading of a request beside the
 * discriminative classifiers (Peng, Schuurmans & Wang 2003, "language model" text classification).
 * Each intent's model gives the likelihood of the request's characters, one after another, with
 * Witten–Bell interpolation from the longest seen history down to a uniform distribution over the
 * characters seen in training. Averaged per character, these log-likelihoods become a distribution
 * over the intents that the engine mixes with the classifiers' (model.ts), for the few intents the
 * classifiers rank highest. It reads the request as a sequence, which bags of n-grams do not, so
 * its errors differ from theirs.
 *
 * Counts are kept under 32-bit hashes of (intent, history, character) in sorted typed arrays:
 * compact, cacheable as they are, and searched by bisection.
 */

/** Start and end marks around every text. */
export const BOS = '\u0002';
export const EOS = '\u0003';

/** The text as the models read it: lower case, digits as 0, single spaces, with start and end marks. */
function prepare(text: string): string {
  return `${BOS}${text.toLowerCase().replace(/\d/g, '0').replace(/\s+/g, ' ').trim().slice(0, 500)}${EOS}`;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A hash of (intent, string hash), spread over 32 bits (a murmur3 finaliser). */
function withClass(h: number, cls: number): number {
  let k = (h ^ Math.imul(cls + 1, 0x9e3779b1)) >>> 0;
  k ^= k >>> 16;
  k = Math.imul(k, 0x85ebca6b);
  k ^= k >>> 13;
  k = Math.imul(k, 0xc2b2ae35);
  k ^= k >>> 16;
  return k >>> 0;
}

/** Sorted keys with values, searched by bisection. */
function find(keys: Uint32Array, key: number): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid]!;
    if (k === key) return mid;
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Keys sorted, with their values (`width` per key) in the same order. */
function freeze(index: Map<number, number>, values: ArrayLike<number>, width: number): { keys: Uint32Array; values: Int32Array } {
  const keys = Uint32Array.from(index.keys()).sort();
  const out = new Int32Array(keys.length * width);
  keys.forEach((k, i) => {
    const at = index.get(k)! * width;
    for (let j = 0; j < width; j++) out[i * width + j] = values[at + j]!;
  });
  return { keys, values: out };
}

export interface CharLmArrays {
  /** (intent, history + character) hashes, sorted, and their counts. */
  nKeys: Uint32Array;
  nCounts: Int32Array;
  /** (intent, history) hashes, sorted, and per history [characters seen after it, distinct characters]. */
  hKeys: Uint32Array;
  hStats: Int32Array;
}

export class CharLanguageModels {
  constructor(
    readonly order: number,
    /** Distinct characters seen in training, plus one for any other. */
    readonly alphabet: number,
    private readonly a: CharLmArrays,
  ) {
    if (a.nCounts.length !== a.nKeys.length || a.hStats.length !== 2 * a.hKeys.length) throw new Error('character model arrays differ in length');
  }

  static train(texts: readonly string[], classes: Int32Array, order = 5): CharLanguageModels {
    // Key → slot; counts in flat arrays (a Map of small arrays would cost several times the memory).
    const ngrams = new Map<number, number>();
    const counts: number[] = [];
    const histories = new Map<number, number>();
    const stats: number[] = [];
    const chars = new Set<string>();
    texts.forEach((text, t) => {
      const s = prepare(text);
      const cls = classes[t]!;
      for (let i = 1; i < s.length; i++) {
        chars.add(s[i]!);
        for (let n = 0; n < order && i - n >= 0; n++) {
          const history = s.slice(i - n, i);
          const hk = withClass(hashString(history), cls);
          let h = histories.get(hk);
          if (h === undefined) {
            h = stats.length / 2;
            histories.set(hk, h);
            stats.push(0, 0);
          }
          stats[2 * h]!++;
          const nk = withClass(hashString(history + s[i]!), cls);
          const g = ngrams.get(nk);
          if (g !== undefined) counts[g]!++;
          else {
            ngrams.set(nk, counts.length);
            counts.push(1);
            stats[2 * h + 1]!++;
          }
        }
      }
    });
    const n = freeze(ngrams, counts, 1);
    const h = freeze(histories, stats, 2);
    return new CharLanguageModels(order, chars.size + 1, { nKeys: n.keys, nCounts: n.values, hKeys: h.keys, hStats: h.values });
  }

  snapshot(): CharLmArrays {
    return this.a;
  }

  /** P(char | history) under one intent's model (the history is read as prepared text: lower case, digits as 0). */
  probability(cls: number, history: string, char: string): number {
    const h = history.slice(Math.max(0, history.length - this.order + 1));
    const hist: number[] = [];
    const grams: number[] = [];
    for (let n = 0; n <= h.length; n++) {
      hist.push(hashString(h.slice(h.length - n)));
      grams.push(hashString(h.slice(h.length - n) + char));
    }
    return this.conditional(cls, hist, grams, 0, h.length + 1);
  }

  /**
   * The mean log-likelihood per character of `text` under each intent of `classes` (one value per
   * entry). The text's history and n-gram hashes are computed once for all of them.
   */
  logLikelihoods(text: string, classes: readonly number[]): Float64Array {
    const s = prepare(text);
    const hist: number[] = [];
    const grams: number[] = [];
    for (let i = 1; i < s.length; i++) {
      for (let n = 0; n < this.order; n++) {
        const ok = i - n >= 0;
        hist.push(ok ? hashString(s.slice(i - n, i)) : 0);
        grams.push(ok ? hashString(s.slice(i - n, i + 1)) : 0);
      }
    }
    const out = new Float64Array(classes.length);
    classes.forEach((cls, k) => {
      let ll = 0;
      for (let i = 1, q = 0; i < s.length; i++, q += this.order) ll += Math.log(this.conditional(cls, hist, grams, q, Math.min(this.order, i + 1)));
      out[k] = ll / (s.length - 1);
    });
    return out;
  }

  /**
   * Witten–Bell: from the uniform distribution up through the histories of length 0 … depth − 1
   * (hashes at hist[at + n], with the character at grams[at + n]) while the intent has seen them.
   */
  private conditional(cls: number, hist: readonly number[], grams: readonly number[], at: number, depth: number): number {
    const { nKeys, nCounts, hKeys, hStats } = this.a;
    let p = 1 / this.alphabet;
    for (let n = 0; n < depth; n++) {
      const h = find(hKeys, withClass(hist[at + n]!, cls));
      if (h < 0) break;
      const total = hStats[2 * h]!;
      const types = hStats[2 * h + 1]!;
      const g = find(nKeys, withClass(grams[at + n]!, cls));
      p = ((g < 0 ? 0 : nCounts[g]!) + types * p) / (total + types);
    }
    return p;
  }
}
