/**
 * The slot tagger: an averaged structured perceptron over BIO tags with Viterbi decoding,
 * trained at load time on annotated examples ("play [jazz](genre)") and template expansions.
 * Features are the word and its neighbours, affixes, shape, the intent, and gazetteer hits from
 * slot values seen in training. Decoding only considers the slots of the recognised intent.
 */
import { rng } from '../sdk/random.js';

export interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
}

export interface TaggedExample {
  text: string;
  intent: string;
  slots: { name: string; start: number; end: number }[];
}

export interface TaggerMeta {
  slots: string[];
  gazetteer: [string, string[]][];
  intentSlots: [string, number[]][];
  trained: boolean;
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:['’.:@/\-_][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu)) {
    out.push({ text: m[0], lower: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Small integers (Smi) make Map keys fast.
  return h & 0x3fffffff;
}

const shape = (w: string) => w.replace(/\p{Lu}+/gu, 'A').replace(/\p{Ll}+/gu, 'a').replace(/\p{N}+/gu, '0').slice(0, 6);

export class SlotTagger {
  /** tag 0 = O; tag 2k+1 = B-slot k; tag 2k+2 = I-slot k. */
  private slots: string[] = [];
  private rows = new Map<number, { w: Float32Array; u: Float32Array }>();
  private trans: Float32Array = new Float32Array(0);
  private transU: Float32Array = new Float32Array(0);
  private gazetteer = new Map<string, Set<string>>();
  private intentSlots = new Map<string, number[]>();
  private c = 1;
  trained = false;

  get tagCount(): number {
    return this.slots.length * 2 + 1;
  }

  train(examples: TaggedExample[], epochs = 6, seed = 3): void {
    const names = new Set<string>();
    for (const e of examples) for (const s of e.slots) names.add(s.name);
    this.slots = [...names].sort();
    const T = this.tagCount;
    this.trans = new Float32Array((T + 1) * T);
    this.transU = new Float32Array((T + 1) * T);
    for (const e of examples) {
      const allowed = this.intentSlots.get(e.intent) ?? [];
      for (const s of e.slots) {
        const k = this.slots.indexOf(s.name);
        if (!allowed.includes(k)) allowed.push(k);
        const value = e.text.slice(s.start, s.end).toLowerCase();
        for (const t of tokenize(value)) {
          let g = this.gazetteer.get(t.lower);
          if (!g) this.gazetteer.set(t.lower, (g = new Set()));
          g.add(s.name);
        }
      }
      this.intentSlots.set(e.intent, allowed);
    }
    const data = examples.map((e) => {
      const tokens = tokenize(e.text);
      const gold = tokens.map((t) => {
        const s = e.slots.find((x) => t.start >= x.start && t.end <= x.end);
        if (!s) return 0;
        const k = this.slots.indexOf(s.name);
        const first = !tokens.some((u) => u.start >= s.start && u.end <= s.end && u.start < t.start);
        return first ? 2 * k + 1 : 2 * k + 2;
      });
      return { feats: this.features(tokens, e.intent), gold, intent: e.intent };
    });
    const random = rng(seed);
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = data.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [data[i], data[j]] = [data[j]!, data[i]!];
      }
      for (const d of data) {
        const pred = this.viterbi(d.feats, this.allowedTags(d.intent, d.gold));
        for (let t = 0; t < d.gold.length; t++) {
          const g = d.gold[t]!;
          const p = pred[t]!;
          const pg = t === 0 ? T : d.gold[t - 1]!;
          const pp = t === 0 ? T : pred[t - 1]!;
          if (g !== p || pg !== pp) {
            this.bump(d.feats[t]!, g, 1);
            this.bump(d.feats[t]!, p, -1);
            this.trans[pg * T + g]! += 1;
            this.transU[pg * T + g]! += this.c;
            this.trans[pp * T + p]! -= 1;
            this.transU[pp * T + p]! -= this.c;
          }
        }
        this.c++;
      }
    }
    // Averaging: w_avg = w - u / c.
    for (const row of this.rows.values()) for (let k = 0; k < row.w.length; k++) row.w[k]! -= row.u[k]! / this.c;
    for (let k = 0; k < this.trans.length; k++) this.trans[k]! -= this.transU[k]! / this.c;
    for (const row of this.rows.values()) row.u = new Float32Array(0);
    this.transU = new Float32Array(0);
    this.trained = this.slots.length > 0;
  }

  /** JSON-able metadata plus typed arrays for the model cache. */
  snapshot(): { meta: TaggerMeta; keys: Int32Array; rows: Float32Array; trans: Float32Array } {
    const T = this.tagCount;
    const keys = new Int32Array(this.rows.size);
    const rows = new Float32Array(this.rows.size * T);
    let i = 0;
    for (const [k, row] of this.rows) {
      keys[i] = k;
      rows.set(row.w, i * T);
      i++;
    }
    const meta: TaggerMeta = {
      slots: this.slots,
      gazetteer: [...this.gazetteer].map(([w, names]) => [w, [...names]]),
      intentSlots: [...this.intentSlots],
      trained: this.trained,
    };
    return { meta, keys, rows, trans: this.trans };
  }

  static restore(s: { meta: TaggerMeta; keys: Int32Array; rows: Float32Array; trans: Float32Array }): SlotTagger {
    const t = new SlotTagger();
    t.slots = s.meta.slots;
    const T = t.tagCount;
    if (s.rows.length !== s.keys.length * T || s.trans.length !== (T + 1) * T) throw new Error('tagger arrays do not fit its tags');
    for (let i = 0; i < s.keys.length; i++) t.rows.set(s.keys[i]!, { w: s.rows.subarray(i * T, (i + 1) * T), u: new Float32Array(0) });
    t.trans = s.trans;
    t.gazetteer = new Map(s.meta.gazetteer.map(([w, names]) => [w, new Set(names)]));
    t.intentSlots = new Map(s.meta.intentSlots);
    t.trained = s.meta.trained;
    return t;
  }

  private bump(feats: number[], tag: number, by: number): void {
    const T = this.tagCount;
    for (const f of feats) {
      let row = this.rows.get(f);
      if (!row) this.rows.set(f, (row = { w: new Float32Array(T), u: new Float32Array(T) }));
      row.w[tag]! += by;
      row.u[tag]! += by * this.c;
    }
  }

  private allowedTags(intent: string, gold?: number[]): number[] {
    const ks = new Set(this.intentSlots.get(intent) ?? this.slots.map((_, k) => k));
    if (gold) for (const g of gold) if (g > 0) ks.add((g - 1) >> 1);
    const tags = [0];
    for (const k of ks) tags.push(2 * k + 1, 2 * k + 2);
    return tags;
  }

  private features(tokens: Token[], intent: string): number[][] {
    const w = (i: number) => (i < 0 ? '<s>' : i >= tokens.length ? '</s>' : tokens[i]!.lower);
    return tokens.map((t, i) => {
      const f = [
        `b`, `w=${t.lower}`, `p=${w(i - 1)}`, `n=${w(i + 1)}`, `pp=${w(i - 2)}`, `nn=${w(i + 2)}`,
        `pw=${w(i - 1)}|${t.lower}`, `wn=${t.lower}|${w(i + 1)}`, `s3=${t.lower.slice(-3)}`, `p3=${t.lower.slice(0, 3)}`,
        `sh=${shape(t.text)}`, `i=${intent}`, `iw=${intent}|${t.lower}`, `ip=${intent}|${w(i - 1)}`,
      ];
      for (const g of this.gazetteer.get(t.lower) ?? []) f.push(`g=${g}`, `gi=${g}|${intent}`);
      for (const g of this.gazetteer.get(w(i - 1)) ?? []) f.push(`gp=${g}`);
      for (const g of this.gazetteer.get(w(i + 1)) ?? []) f.push(`gn=${g}`);
      return f.map(hash);
    });
  }

  private viterbi(feats: number[][], tags: number[]): number[] {
    const T = this.tagCount;
    const n = feats.length;
    if (n === 0) return [];
    const A = tags.length;
    const score = new Float64Array(n * A);
    const back = new Int32Array(n * A);
    // Emission scores, computed once per token and tag (one Map lookup per feature).
    const em = new Float64Array(n * A);
    for (let t = 0; t < n; t++) {
      for (const f of feats[t]!) {
        const row = this.rows.get(f);
        if (!row) continue;
        for (let a = 0; a < A; a++) em[t * A + a]! += row.w[tags[a]!]!;
      }
    }
    const emit = (t: number, a: number) => em[t * A + a]!;
    const legal = (prev: number, tag: number) => !(tag > 0 && tag % 2 === 0 && prev !== tag && prev !== tag - 1);
    for (let a = 0; a < A; a++) {
      const tag = tags[a]!;
      score[a] = legal(T, tag) ? emit(0, a) + this.trans[T * T + tag]! : -1e9;
    }
    for (let t = 1; t < n; t++) {
      for (let a = 0; a < A; a++) {
        const tag = tags[a]!;
        const e = emit(t, a);
        let best = -Infinity;
        let arg = 0;
        for (let b = 0; b < A; b++) {
          const prev = tags[b]!;
          const s = score[(t - 1) * A + b]! + this.trans[prev * T + tag]! + (legal(prev, tag) ? 0 : -1e9);
          if (s > best) {
            best = s;
            arg = b;
          }
        }
        score[t * A + a] = best + e;
        back[t * A + a] = arg;
      }
    }
    let arg = 0;
    for (let a = 1; a < A; a++) if (score[(n - 1) * A + a]! > score[(n - 1) * A + arg]!) arg = a;
    const out = new Array<number>(n);
    for (let t = n - 1; t >= 0; t--) {
      out[t] = tags[arg]!;
      arg = back[t * A + arg]!;
    }
    return out;
  }

  /** Slot spans for a text under a recognised intent. */
  tag(text: string, intent: string): { name: string; start: number; end: number }[] {
    if (!this.trained || !this.intentSlots.has(intent)) return [];
    const tokens = tokenize(text);
    const tags = this.viterbi(this.features(tokens, intent), this.allowedTags(intent));
    const out: { name: string; start: number; end: number }[] = [];
    tags.forEach((tag, i) => {
      if (tag === 0) return;
      const name = this.slots[(tag - 1) >> 1]!;
      const last = out.at(-1);
      if (tag % 2 === 0 && last && last.name === name && i > 0 && tags[i - 1] !== 0) last.end = tokens[i]!.end;
      else out.push({ name, start: tokens[i]!.start, end: tokens[i]!.end });
    });
    return out;
  }
}
