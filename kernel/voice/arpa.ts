/**
 * A trigram language model in ARPA format, trained on a small corpus with absolute discounting and
 * back-off (Kneser–Ney-style discount, properly normalised back-off weights), which PocketSphinx
 * reads with `-lm`. Small corpora (the skills' commands) train in milliseconds.
 */
const BOS = '<s>';
const EOS = '</s>';
const DISCOUNT = 0.5;

const log10 = (p: number) => (p > 0 ? Math.log10(p) : -99);
const fmt = (x: number) => x.toFixed(4);

export interface ArpaStats {
  unigrams: number;
  bigrams: number;
  trigrams: number;
}

/** Sentences are arrays of words (no <s>/</s>); returns the ARPA text. */
export function buildArpa(sentences: string[][]): { arpa: string; stats: ArpaStats } {
  const c1 = new Map<string, number>();
  const c2 = new Map<string, Map<string, number>>();
  const c3 = new Map<string, Map<string, number>>();
  const bump = <K>(m: Map<K, number>, k: K, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
  const inner = (m: Map<string, Map<string, number>>, k: string) => {
    let v = m.get(k);
    if (!v) m.set(k, (v = new Map()));
    return v;
  };
  for (const words of sentences) {
    if (words.length === 0) continue;
    const s = [BOS, ...words, EOS];
    for (let i = 1; i < s.length; i++) {
      bump(c1, s[i]!);
      bump(inner(c2, s[i - 1]!), s[i]!);
      if (i >= 2) bump(inner(c3, `${s[i - 2]} ${s[i - 1]}`), s[i]!);
    }
  }
  const vocab = [...c1.keys()];
  // Unigrams: add-δ smoothing over the closed vocabulary (every word of the corpus).
  const total = [...c1.values()].reduce((a, b) => a + b, 0);
  const p1 = new Map<string, number>();
  for (const w of vocab) p1.set(w, (c1.get(w)! + 0.5) / (total + 0.5 * vocab.length));

  const p2 = new Map<string, Map<string, number>>();
  const bow1 = new Map<string, number>();
  for (const [h, follow] of c2) {
    const ch = [...follow.values()].reduce((a, b) => a + b, 0);
    const probs = new Map<string, number>();
    let seenLower = 0;
    for (const [w, c] of follow) {
      probs.set(w, (c - DISCOUNT) / ch);
      seenLower += p1.get(w)!;
    }
    p2.set(h, probs);
    const left = (DISCOUNT * follow.size) / ch;
    bow1.set(h, seenLower < 1 ? left / (1 - seenLower) : 1e-9);
  }
  const p2backed = (h: string, w: string) => p2.get(h)?.get(w) ?? (bow1.get(h) ?? 1) * (p1.get(w) ?? 0);

  const p3 = new Map<string, Map<string, number>>();
  const bow2 = new Map<string, number>();
  for (const [h, follow] of c3) {
    const ch = [...follow.values()].reduce((a, b) => a + b, 0);
    const last = h.split(' ')[1]!;
    const probs = new Map<string, number>();
    let seenLower = 0;
    for (const [w, c] of follow) {
      probs.set(w, (c - DISCOUNT) / ch);
      seenLower += p2backed(last, w);
    }
    p3.set(h, probs);
    const left = (DISCOUNT * follow.size) / ch;
    bow2.set(h, seenLower < 1 ? left / (1 - seenLower) : 1e-9);
  }

  const n2 = [...p2.values()].reduce((a, m) => a + m.size, 0);
  const n3 = [...p3.values()].reduce((a, m) => a + m.size, 0);
  const lines: string[] = ['\\data\\', `ngram 1=${vocab.length + 1}`, `ngram 2=${n2}`, `ngram 3=${n3}`, '', '\\1-grams:'];
  lines.push(`-99.0000\t${BOS}\t${fmt(log10(bow1.get(BOS) ?? 1))}`);
  for (const w of vocab.sort()) lines.push(`${fmt(log10(p1.get(w)!))}\t${w}${w === EOS ? '' : `\t${fmt(log10(bow1.get(w) ?? 1))}`}`);
  lines.push('', '\\2-grams:');
  for (const [h, probs] of p2) {
    for (const [w, p] of probs) {
      const b = bow2.get(`${h} ${w}`);
      lines.push(`${fmt(log10(p))}\t${h} ${w}${b !== undefined ? `\t${fmt(log10(b))}` : ''}`);
    }
  }
  lines.push('', '\\3-grams:');
  for (const [h, probs] of p3) for (const [w, p] of probs) lines.push(`${fmt(log10(p))}\t${h} ${w}`);
  lines.push('', '\\end\\', '');
  return { arpa: lines.join('\n'), stats: { unigrams: vocab.length + 1, bigrams: n2, trigrams: n3 } };
}
