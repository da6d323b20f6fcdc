/**
 * A trigram language model in ARPA format, trained on a small corpus with interpolated modified
 * Kneser–Ney smoothing (Chen & Goodman 1998), which PocketSphinx reads with `-lm`. Small corpora
 * (the skills' commands) train in milliseconds.
 *
 * Why Kneser–Ney: the command model must also carry requests phrased unlike any skill example
 * ("fire up the terminal"). What decides those is the lower orders a trigram backs off to. Plain
 * discounting backs off to how often a word occurs, so words that are frequent only inside a few
 * fixed phrases ("note" in "add a note") are pulled into every new phrasing; Kneser–Ney backs off
 * to how many different contexts a word follows, which is what a new phrasing needs. The discounts
 * (one for counts 1, 2 and 3+ per order) come from the corpus's own counts of counts.
 *
 * The interpolated model is written in back-off form, as SRILM writes it: a listed n-gram carries
 * its interpolated probability, and a history's back-off weight is the mass its discounts freed.
 */
const BOS = '<s>';
const EOS = '</s>';

export interface ArpaStats {
  unigrams: number;
  bigrams: number;
  trigrams: number;
}

type Counts = Map<string, number>;
const bump = (m: Counts, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
/** The last word of an n-gram key, and its history. */
const split = (key: string): [string, string] => {
  const cut = key.lastIndexOf(' ');
  return [key.slice(0, cut), key.slice(cut + 1)];
};

/**
 * Discounts for counts 1, 2 and 3+ from the counts of counts (Chen & Goodman's estimate). Kept
 * strictly between 0 and the count they discount; a corpus too small to estimate them (no count
 * seen once or twice) gets 0.5, 1 and 1.5.
 */
export function kneserNeyDiscounts(counts: Iterable<number>): [number, number, number] {
  const n = [0, 0, 0, 0, 0];
  for (const c of counts) if (c >= 1 && c <= 4) n[c]!++;
  const fallback: [number, number, number] = [0.5, 1, 1.5];
  if (n[1] === 0 || n[2] === 0) return fallback;
  const y = n[1]! / (n[1]! + 2 * n[2]!);
  return fallback.map((f, i) => {
    const k = i + 1;
    const d = n[k]! > 0 ? k - (k + 1) * y * (n[k + 1]! / n[k]!) : f;
    return Math.min(k * 0.95, Math.max(0.05, d));
  }) as [number, number, number];
}

/** Interpolated probabilities of one order: each n-gram's share after discounting plus the freed mass times the lower order. */
function interpolate(counts: Counts, lower: (history: string, word: string) => number) {
  const d = kneserNeyDiscounts(counts.values());
  const discount = (c: number) => d[Math.min(c, 3) - 1]!;
  const histories = new Map<string, { total: number; freed: number }>();
  for (const [key, c] of counts) {
    const history = split(key)[0];
    const h = histories.get(history) ?? { total: 0, freed: 0 };
    h.total += c;
    h.freed += discount(c);
    histories.set(history, h);
  }
  const probability = new Map<string, number>();
  for (const [key, c] of counts) {
    const [history, word] = split(key);
    const h = histories.get(history)!;
    probability.set(key, (c - discount(c)) / h.total + (h.freed / h.total) * lower(history, word));
  }
  const backoff = new Map([...histories].map(([history, h]) => [history, h.freed / h.total]));
  return { probability, backoff };
}

/** Sentences are arrays of words (no <s>/</s>); returns the ARPA text. */
export function buildArpa(sentences: string[][]): { arpa: string; stats: ArpaStats } {
  const trigrams: Counts = new Map();
  const bigramsSeen: Counts = new Map();
  for (const words of sentences) {
    if (words.length === 0) continue;
    const s = [BOS, ...words, EOS];
    for (let i = 1; i < s.length; i++) {
      bump(bigramsSeen, `${s[i - 1]} ${s[i]}`);
      if (i >= 2) bump(trigrams, `${s[i - 2]} ${s[i - 1]} ${s[i]}`);
    }
  }
  // Lower orders count contexts, not occurrences: a bigram counts the different words it follows
  // (a sentence-initial one, which follows nothing, keeps its own count); a word counts the
  // different words it follows.
  const bigrams: Counts = new Map();
  for (const key of trigrams.keys()) bump(bigrams, key.slice(key.indexOf(' ') + 1));
  for (const [key, c] of bigramsSeen) if (key.startsWith(`${BOS} `)) bigrams.set(key, c);
  const unigrams: Counts = new Map();
  for (const key of bigrams.keys()) bump(unigrams, split(key)[1]);
  const vocab = [...unigrams.keys()].sort();

  // Unigrams interpolate with the uniform distribution over the vocabulary.
  const d1 = kneserNeyDiscounts(unigrams.values());
  const discount1 = (c: number) => d1[Math.min(c, 3) - 1]!;
  const total1 = [...unigrams.values()].reduce((a, b) => a + b, 0);
  const freed1 = [...unigrams.values()].reduce((a, c) => a + discount1(c), 0) / total1;
  const p1 = new Map(vocab.map((w) => [w, (unigrams.get(w)! - discount1(unigrams.get(w)!)) / total1 + freed1 / vocab.length]));
  const order2 = interpolate(bigrams, (_h, w) => p1.get(w)!);
  const p2 = (v: string, w: string) => order2.probability.get(`${v} ${w}`) ?? (order2.backoff.get(v) ?? 1) * p1.get(w)!;
  const order3 = interpolate(trigrams, (h, w) => p2(h.slice(h.indexOf(' ') + 1), w));

  const log = (p: number) => Math.log10(p).toFixed(4);
  const lines: string[] = ['\\data\\', `ngram 1=${vocab.length + 1}`, `ngram 2=${order2.probability.size}`, `ngram 3=${order3.probability.size}`, '', '\\1-grams:'];
  lines.push(`-99.0000\t${BOS}\t${log(order2.backoff.get(BOS) ?? 1)}`);
  for (const w of vocab) lines.push(`${log(p1.get(w)!)}\t${w}${w === EOS ? '' : `\t${log(order2.backoff.get(w) ?? 1)}`}`);
  lines.push('', '\\2-grams:');
  for (const [key, p] of order2.probability) {
    const b = order3.backoff.get(key);
    lines.push(`${log(p)}\t${key}${b !== undefined ? `\t${log(b)}` : ''}`);
  }
  lines.push('', '\\3-grams:');
  for (const [key, p] of order3.probability) lines.push(`${log(p)}\t${key}`);
  lines.push('', '\\end\\', '');
  return { arpa: lines.join('\n'), stats: { unigrams: vocab.length + 1, bigrams: order2.probability.size, trigrams: order3.probability.size } };
}
