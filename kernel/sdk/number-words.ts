/**
 * English numbers in words, both ways: reading "twenty five", "a hundred and ten", "three point
 * five", "2 million", "two and a half" or "twenty-first", finding such numbers in free text, and
 * saying a number as words (1250 → "one thousand two hundred fifty"). One grammar for the voice
 * front end, the intent engine's slots and the skills, so a phrase means the same number
 * everywhere.
 *
 * Two readings share that grammar. In free text (`findNumbers`, `wordsToDigits`) only unambiguous
 * number words count: "a" is a number only before "hundred" or a scale ("a thousand"). A whole
 * phrase that is known to be a quantity (`parseNumber`, a slot's value) may also be "a", "an",
 * "half", "a couple", "a few", "a dozen" or "oh".
 */

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const ONE_VALUE = new Map(ONES.map((w, i) => [w, i]));
// "fourty" is a common misspelling of forty; reading it costs nothing and saying never produces it.
const TEN_VALUE = new Map<string, number>([...TENS.flatMap((w, i): [string, number][] => (w ? [[w, i * 10]] : [])), ['fourty', 40]]);
const SCALE_VALUE = new Map([['thousand', 1e3], ['million', 1e6], ['billion', 1e9], ['trillion', 1e12]]);
/** Quantities read only in a whole phrase ("a couple", "a few", "a dozen", "half"). */
const QUANTITY_VALUE = new Map([['couple', 2], ['few', 3], ['dozen', 12], ['half', 0.5]]);

/**
 * Every word a number phrase may contain, for building patterns that capture one (the intent
 * compiler's number slots). The order is kept stable: regex alternations try it in this order.
 */
export const NUMBER_WORDS: readonly string[] = [
  'zero', 'oh', 'one', 'a', 'an', ...ONES.slice(2), ...TENS.slice(2, 5), 'fourty', ...TENS.slice(5),
  'couple', 'few', 'half', 'dozen', 'hundred', 'thousand', 'million', 'billion', 'and', 'trillion', 'point',
];

type Kind = 'digits' | 'a' | 'unit' | 'teen' | 'tens' | 'hundred' | 'scale' | 'and' | 'quantity' | 'half';

interface Token {
  word: string;
  start: number;
  end: number;
  /** The token is a numeral ("12", "1,200", "-3.5"). */
  digits: boolean;
}

// Whole words and numerals; a word glued to an apostrophe and letters ("one's") is not a number.
const TOKEN = /(?<![\p{L}\p{N}_])(?:(?<![-+])[-+](?=\d))?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?|\p{L}+)(?![\p{L}\p{N}_]|['’]\p{L})/gu;

function tokenize(text: string): Token[] {
  return [...text.matchAll(TOKEN)].map((m) => ({ word: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length, digits: !/\p{L}/u.test(m[0]) }));
}

/** "1,200" → 1200, "3,5" → 3.5 (a decimal comma), "-2" → -2. */
function numeral(s: string): number {
  return /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s) ? Number(s.replace(/,/g, '')) : Number(s.replace(',', '.'));
}

// Products such as 1.1 × 1e6 carry binary noise (1100000.0000000002); 15 significant digits drop it.
const tidy = (n: number) => Number(n.toPrecision(15));

interface Reading {
  value: number;
  /** The number as written in digits ("2.05" keeps the zero that `value` would lose). */
  written: string;
  /** Index of the first token after the number. */
  end: number;
  /** The number has words in it (not a bare numeral). */
  words: boolean;
}

/**
 * Reads the longest number that starts at token `i`. `whole` allows the quantity words of a
 * whole phrase and looser separators ("twenty - one").
 */
function readNumber(text: string, tokens: Token[], i: number, whole: boolean): Reading | undefined {
  const joined = (k: number) => k < tokens.length && (whole ? /^[\s-]+$/ : /^(?:\s+|-)$/).test(text.slice(tokens[k - 1]!.end, tokens[k]!.start));
  const ahead = (k: number) => (joined(k) ? tokens[k]!.word : undefined);
  // A digit after "point": "three point one four".
  const digitAt = (k: number) => {
    const w = ahead(k) ?? '';
    const d = whole && w === 'oh' ? 0 : ONE_VALUE.get(w);
    return d !== undefined && d < 10 ? d : undefined;
  };
  const startsGroup = (w: string | undefined) => w !== undefined && ((ONE_VALUE.get(w) ?? 0) > 0 || TEN_VALUE.has(w));
  let total = 0;
  let current = 0;
  let last: Kind | undefined;
  let scaleCap = Infinity;
  let frac: string | undefined;
  let words = false;
  let k = i;
  for (; k < tokens.length && (k === i || joined(k)); k++) {
    const t = tokens[k]!;
    const w = t.word;
    if (frac !== undefined) {
      const d = digitAt(k);
      if (d === undefined) break;
      frac += String(d);
      continue;
    }
    const one = whole && w === 'oh' ? 0 : ONE_VALUE.get(w);
    const ten = TEN_VALUE.get(w);
    const scale = SCALE_VALUE.get(w);
    const quantity = whole ? QUANTITY_VALUE.get(w) : undefined;
    const afterGroup = last === undefined || last === 'hundred' || last === 'scale' || last === 'and';
    if (t.digits) {
      if (k !== i) break;
      current = numeral(w);
      last = 'digits';
      continue;
    }
    if (one !== undefined) {
      const teen = one >= 10;
      // "twenty one" is one number, "five six" and "twenty twelve" are two; "zero" starts none.
      if (!(afterGroup || (last === 'tens' && !teen && one > 0)) || (one === 0 && last !== undefined)) break;
      current += one;
      last = teen ? 'teen' : 'unit';
    } else if (ten !== undefined) {
      if (!afterGroup) break;
      current += ten;
      last = 'tens';
    } else if (w === 'hundred') {
      if (last === undefined || last === 'a') current = 100;
      else if ((last === 'unit' || last === 'teen' || last === 'tens' || last === 'digits') && current < 100) current *= 100;
      else break;
      last = 'hundred';
    } else if (scale !== undefined) {
      // Scales fall: "two million three thousand"; "three thousand four million" is two numbers.
      if (scale >= scaleCap || last === 'scale' || last === 'and' || last === 'quantity') break;
      total += (last === undefined || last === 'a' ? 1 : current) * scale;
      current = 0;
      scaleCap = scale;
      last = 'scale';
    } else if (w === 'and' && last !== undefined && last !== 'a' && last !== 'and' && ahead(k + 1) === 'a' && ahead(k + 2) === 'half') {
      current += 0.5;
      k += 3;
      last = 'half';
      words = true;
      break;
    } else if (w === 'and' && (last === 'hundred' || last === 'scale') && startsGroup(ahead(k + 1))) {
      last = 'and';
    } else if (w === 'point' && last !== undefined && last !== 'a' && last !== 'and' && last !== 'quantity' && digitAt(k + 1) !== undefined) {
      frac = '';
    } else if ((w === 'a' || w === 'an') && k === i) {
      const next = ahead(k + 1);
      const counts = next === 'hundred' || SCALE_VALUE.has(next ?? '') || (whole && QUANTITY_VALUE.has(next ?? ''));
      // In a whole phrase "a" alone is one ("an hour" asks for one hour).
      if (!counts && !(whole && next === undefined)) break;
      current = 1;
      last = 'a';
    } else if (quantity !== undefined && w === 'dozen' && (last === 'unit' || last === 'teen' || last === 'tens' || last === 'digits') && current < 100) {
      current *= 12;
      last = 'quantity';
    } else if (quantity !== undefined && (last === undefined || last === 'a')) {
      current = quantity;
      last = 'quantity';
    } else break;
    words = true;
  }
  if (last === undefined) return undefined;
  const value = tidy(total + current);
  const written = frac ? `${value}.${frac}` : String(value);
  return { value: Number(written), written, end: k, words };
}

/** A whole phrase as one number: "12", "-3.5", "1,200", "twenty one", "a hundred and five", "two and a half". */
export function parseNumber(raw: string): number | undefined {
  const s = raw.trim().toLowerCase();
  if (/^[-+]?\d+(\.\d+)?$/.test(s)) return Number(s);
  const tokens = tokenize(s);
  const first = tokens[0];
  if (!first || first.start > 0 || tokens.at(-1)!.end < s.length) return undefined;
  const r = readNumber(s, tokens, 0, true);
  return r && r.end === tokens.length ? r.value : undefined;
}

export interface NumberMatch {
  value: number;
  /** The number in digits, as `wordsToDigits` writes it. */
  written: string;
  /** The words as they stand in the text. */
  text: string;
  start: number;
  end: number;
  /** False for a plain numeral ("42"). */
  words: boolean;
}

/** Every number in free text, numerals and words: "add twenty one and 4" → 21, 4. */
export function findNumbers(text: string): NumberMatch[] {
  const tokens = tokenize(text);
  const out: NumberMatch[] = [];
  for (let i = 0; i < tokens.length; ) {
    const r = readNumber(text, tokens, i, false);
    if (!r) {
      i++;
      continue;
    }
    const start = tokens[i]!.start;
    const end = tokens[r.end - 1]!.end;
    out.push({ value: r.value, written: r.written, text: text.slice(start, end), start, end, words: r.words });
    i = r.end;
  }
  return out;
}

/** Replaces every number in words by its digits, other text kept as it is: "two hundred and five plus three" → "205 plus 3". */
export function wordsToDigits(text: string): string {
  let out = '';
  let at = 0;
  for (const m of findNumbers(text)) {
    if (!m.words) continue;
    out += text.slice(at, m.start) + m.written;
    at = m.end;
  }
  return out + text.slice(at);
}

const ORDINAL_OF: Record<string, string> = { one: 'first', two: 'second', three: 'third', five: 'fifth', eight: 'eighth', nine: 'ninth', twelve: 'twelfth' };
const CARDINAL_OF = Object.fromEntries(Object.entries(ORDINAL_OF).map(([c, o]) => [o, c]));

/** "first" → "one", "twentieth" → "twenty", "hundredth" → "hundred"; undefined for a word that is no ordinal. */
function cardinalOf(word: string): string | undefined {
  if (CARDINAL_OF[word]) return CARDINAL_OF[word];
  if (word.endsWith('ieth')) return `${word.slice(0, -4)}y`;
  return word.endsWith('th') ? word.slice(0, -2) : undefined;
}

/** "3rd", "first", "the second", "twenty-first", "second one", "last" (→ -1). */
export function parseOrdinal(raw: string): number | undefined {
  const s = raw.trim().toLowerCase().replace(/^the\s+/, '').replace(/\s+(one|item)$/, '');
  const m = /^(\d+)(st|nd|rd|th)?$/.exec(s);
  if (m) return Number(m[1]);
  if (s === 'last') return -1;
  const words = s.split(/[\s-]+/);
  const cardinal = cardinalOf(words.pop() ?? '');
  if (!cardinal || !/^\p{L}+$/u.test(cardinal)) return undefined;
  const phrase = [...words, cardinal].join(' ');
  const tokens = tokenize(phrase);
  const r = tokens.length ? readNumber(phrase, tokens, 0, false) : undefined;
  return r && r.end === tokens.length && r.words && Number.isInteger(r.value) && r.value > 0 ? r.value : undefined;
}

function below1000(n: number): string[] {
  const out: string[] = [];
  if (n >= 100) {
    out.push(ONES[Math.floor(n / 100)]!, 'hundred');
    n %= 100;
  }
  if (n >= 20) {
    out.push(TENS[Math.floor(n / 10)]!);
    n %= 10;
    if (n > 0) out.push(ONES[n]!);
  } else if (n > 0 || out.length === 0) out.push(ONES[n]!);
  return out;
}

const SAID_SCALES: [number, string][] = [[1e9, 'billion'], [1e6, 'million'], [1e3, 'thousand']];

/** 1234 → "one thousand two hundred thirty four"; "2.05" → "two point zero five"; 10^12 and more digit by digit. */
export function numberToWords(value: string | number): string {
  const s = String(value);
  const [intPart = '0', frac] = s.replace(/^-/, '').split('.');
  let n = Number(intPart);
  if (!Number.isFinite(n) || n >= 1e12) return s.split('').map((d) => ONES[Number(d)] ?? d).join(' ');
  const words: string[] = s.startsWith('-') ? ['minus'] : [];
  if (n === 0) words.push('zero');
  for (const [scale, name] of SAID_SCALES) {
    if (n >= scale) {
      words.push(...below1000(Math.floor(n / scale)), name);
      n %= scale;
    }
  }
  if (n > 0) words.push(...below1000(n));
  if (frac) words.push('point', ...frac.split('').map((d) => ONES[Number(d)]!));
  return words.join(' ');
}

/** 3 → "third", 21 → "twenty first", 40 → "fortieth". */
export function ordinalToWords(n: number): string {
  const words = numberToWords(n).split(' ');
  const last = words.pop()!;
  const ordinal = ORDINAL_OF[last] ?? (last.endsWith('y') ? `${last.slice(0, -1)}ieth` : `${last}th`);
  return [...words, ordinal].join(' ');
}
