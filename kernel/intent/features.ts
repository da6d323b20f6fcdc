/**
 * Text → sparse TF-IDF vector: word unigrams and bigrams plus character n-grams (2–5, inside
 * word boundaries), hashed to 32-bit keys so no strings are kept, mapped to compact ids by a
 * vocabulary. Word and character blocks are L2-normalised separately and then joined.
 */

export interface SparseVec {
  idx: Int32Array;
  val: Float32Array;
}

const WORD_RE = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

export function words(text: string): string[] {
  return (text.toLowerCase().match(WORD_RE) ?? []).map((w) => (/^\d+([.,]\d+)?$/.test(w) ? '0' : w));
}

function fnv(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Small integers (Smi) make Map keys fast.
  return h & 0x3fffffff;
}

/** Hashed feature keys with counts; kind is in the seed so blocks never collide by design. */
export function rawFeatures(text: string, charMin = 2, charMax = 5): { word: Map<number, number>; char: Map<number, number> } {
  const ws = words(text);
  const word = new Map<number, number>();
  const char = new Map<number, number>();
  const add = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);
  for (let i = 0; i < ws.length; i++) {
    add(word, fnv(ws[i]!, 1));
    add(word, fnv(`${i === 0 ? '<s>' : ws[i - 1]!} ${ws[i]!}`, 2));
    const padded = ` ${ws[i]!} `;
    for (let a = 0; a < padded.length; a++) {
      let h = 0x811c9dc5 >>> 0;
      for (let n = 1; n <= charMax && a + n <= padded.length; n++) {
        h ^= padded.charCodeAt(a + n - 1);
        h = Math.imul(h, 0x01000193) >>> 0;
        if (n >= charMin) add(char, (h ^ Math.imul(n, 0x9e3779b1)) & 0x3fffffff);
      }
    }
  }
  if (ws.length) add(word, fnv(`${ws[ws.length - 1]!} </s>`, 2));
  return { word, char };
}

/** Vocabulary and document frequencies; ids are dense 0..size-1. */
export class Vocabulary {
  readonly ids = new Map<number, number>();
  df: number[] = [];
  docs = 0;
  idf: Float32Array = new Float32Array(0);

  /** Counts one training document's features (adding new ones). */
  observe(keys: Iterable<number>, newDocument = true): void {
    if (newDocument) this.docs++;
    for (const k of keys) {
      let id = this.ids.get(k);
      if (id === undefined) {
        id = this.df.length;
        this.ids.set(k, id);
        this.df.push(0);
      }
      this.df[id]!++;
    }
  }

  finish(): void {
    this.idf = new Float32Array(this.df.length);
    for (let i = 0; i < this.df.length; i++) this.idf[i] = Math.log((this.docs + 1) / (this.df[i]! + 1)) + 1;
  }

  get size(): number {
    return this.df.length;
  }

  /** How many features occur in at least `minDf` training documents. */
  countAtLeast(minDf: number): number {
    let n = 0;
    for (const d of this.df) if (d >= minDf) n++;
    return n;
  }

  /** A vocabulary of the features that occur in at least `minDf` training documents (same document count; call finish()). */
  prune(minDf: number): Vocabulary {
    const out = new Vocabulary();
    out.docs = this.docs;
    for (const [k, id] of this.ids) {
      const d = this.df[id]!;
      if (d < minDf) continue;
      out.ids.set(k, out.df.length);
      out.df.push(d);
    }
    return out;
  }

  /** Typed arrays for the model cache (keys in id order). */
  snapshot(): { docs: number; keys: Int32Array; df: Int32Array; idf: Float32Array } {
    const keys = new Int32Array(this.df.length);
    for (const [k, id] of this.ids) keys[id] = k;
    return { docs: this.docs, keys, df: Int32Array.from(this.df), idf: this.idf };
  }

  static restore(s: { docs: number; keys: Int32Array; df: Int32Array; idf: Float32Array }): Vocabulary {
    if (s.keys.length !== s.df.length || s.idf.length !== s.df.length) throw new Error('vocabulary arrays differ in length');
    const v = new Vocabulary();
    v.docs = s.docs;
    v.df = Array.from(s.df);
    for (let id = 0; id < s.keys.length; id++) v.ids.set(s.keys[id]!, id);
    v.idf = s.idf;
    return v;
  }
}

/** The TF-IDF vector of a text over a vocabulary (unknown features dropped). */
export function vectorize(text: string, vocab: Vocabulary, charWeight = 1): SparseVec {
  return vectorizeRaw(rawFeatures(text), vocab, charWeight);
}

/** The same from features already extracted (training extracts each text's features once). */
export function vectorizeRaw({ word, char }: { word: Map<number, number>; char: Map<number, number> }, vocab: Vocabulary, charWeight = 1): SparseVec {
  const idx: number[] = [];
  const val: number[] = [];
  const block = (m: Map<number, number>, weight: number) => {
    const start = idx.length;
    let norm = 0;
    for (const [k, c] of m) {
      const id = vocab.ids.get(k);
      if (id === undefined || id >= vocab.idf.length) continue;
      const v = (1 + Math.log(c)) * vocab.idf[id]!;
      idx.push(id);
      val.push(v);
      norm += v * v;
    }
    const scale = norm > 0 ? weight / Math.sqrt(norm) : 0;
    for (let i = start; i < val.length; i++) val[i]! *= scale;
  };
  block(word, 1);
  block(char, charWeight);
  // Both blocks at unit norm: rescale so the whole vector has unit norm too.
  let norm = 0;
  for (const v of val) norm += v * v;
  const s = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return { idx: Int32Array.from(idx), val: Float32Array.from(val, (v) => v * s) };
}

// Function words: a request sharing only these with the training texts shares no topic with them.
export const STOP_WORDS: ReadonlySet<string> = new Set(
  'a an the to of in on at for from by with about into over and or but if then so me my mine i you your it its is are was be been do does did can could would will shall should may might must please what whats how which who whom when where why this that these those there here some any all just not no yes up out as am we us our they them their he she his her 0'.split(' '),
);

/**
 * False when the text has content words and none of them occurs in the training texts
 * ("fly me to the moon" against skills about notes and timers): a topic the skills never
 * mention. True when it has no content words at all (nothing to judge by).
 */
export function sharesContentWord(text: string, vocab: Vocabulary): boolean {
  const content = words(text).filter((w) => !STOP_WORDS.has(w));
  return content.length === 0 || content.some((w) => vocab.ids.has(fnv(w, 1)));
}

export function allKeys(text: string): number[] {
  const { word, char } = rawFeatures(text);
  return [...word.keys(), ...char.keys()];
}

export function dot(a: SparseVec, dense: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.idx.length; i++) s += a.val[i]! * dense[a.idx[i]!]!;
  return s;
}
