/**
 * Lengths of time in words, as milliseconds: "10 minutes", "an hour and a half", "1h30",
 * "1h 30m", "2 hours and 15 minutes", "half an hour", "a quarter of an hour", "a couple of
 * days", "90 s". `parseDuration` reads a phrase that should be nothing but a length (a slot's
 * value); `findDurations` finds the lengths inside a request ("set a timer for 3 minutes").
 * Counts are read by the shared number grammar (number-words.ts).
 */
import { NUMBER_WORDS, parseNumber } from './number-words.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const UNIT_MS: [RegExp, number][] = [
  [/^(?:ms|msecs?|millis|milliseconds?)$/, 1],
  [/^(?:s|secs?|seconds?)$/, 1000],
  [/^(?:m|mins?|minutes?)$/, MINUTE],
  [/^(?:h|hrs?|hours?)$/, HOUR],
  [/^(?:d|days?)$/, 86_400_000],
  [/^(?:w|wks?|weeks?)$/, 604_800_000],
];
const unitMs = (word: string | undefined) => (word === undefined ? undefined : UNIT_MS.find(([re]) => re.test(word))?.[1]);

/** Words a count may be made of ("a couple of", "three quarters of an", "twenty five"). */
const COUNT_WORDS = new Set([...NUMBER_WORDS, 'quarter', 'quarters', 'of']);

interface Token {
  word: string;
  start: number;
  end: number;
  digits: boolean;
}

// Numerals and words apart, so "1h30m" and "10min" are tokens like "1 h 30 m" and "10 min".
function tokenize(text: string): Token[] {
  return [...text.matchAll(/\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\p{L}+/gu)].map((m) => ({ word: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length, digits: /^\d/.test(m[0]) }));
}

/** "half an", "a quarter of an", "three quarters of an", "a couple of", "twenty five" → the count. */
function countValue(words: string[]): number | undefined {
  const phrase = words.join(' ');
  if (/^half(?: of)? an?$/.test(phrase)) return 0.5;
  const quarter = /^(?:(.+) )?quarters?(?: of)?(?: an?)?$/.exec(phrase);
  if (quarter) {
    const n = quarter[1] === undefined ? 1 : parseNumber(quarter[1]);
    return n === undefined ? undefined : n / 4;
  }
  return parseNumber(phrase.replace(/ of$/, ''));
}

interface Reading {
  ms: number;
  /** Index of the first token after the length. */
  end: number;
}

class Reader {
  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  private gap(k: number): string {
    return this.text.slice(this.tokens[k - 1]!.end, this.tokens[k]!.start);
  }

  /** Token k follows k-1 within one phrase: a space or hyphen ("10-minute"), or nothing after a numeral ("10min"). */
  private joined(k: number): boolean {
    if (k <= 0 || k >= this.tokens.length) return false;
    const gap = this.gap(k);
    return /^(?:\s+|\s*-\s*)$/.test(gap) || (gap === '' && this.tokens[k - 1]!.digits !== this.tokens[k]!.digits);
  }

  private word(k: number): string | undefined {
    return this.joined(k) ? this.tokens[k]!.word : undefined;
  }

  /** One "count unit" part starting at token i; `bare` lets a unit stand alone ("hour" = one hour). */
  private part(i: number, bare: boolean): Reading | undefined {
    const first = this.tokens[i];
    if (!first || first.word === 'and' || first.word === 'of') return undefined;
    let u = i;
    while (u < this.tokens.length && (u === i || this.joined(u)) && (this.tokens[u]!.digits || COUNT_WORDS.has(this.tokens[u]!.word))) u++;
    const unit = u === i ? unitMs(first.word) : this.joined(u) ? unitMs(this.tokens[u]!.word) : undefined;
    if (unit === undefined || (u === i && !bare)) return undefined;
    const count = u === i ? 1 : countValue(this.tokens.slice(i, u).map((t) => t.word));
    if (count === undefined) return undefined;
    let ms = count * unit;
    let end = u + 1;
    // "an hour and a half", "an hour and a quarter".
    if (this.word(end) === 'and' && this.word(end + 1) === 'a' && (this.word(end + 2) === 'half' || this.word(end + 2) === 'quarter')) {
      ms += this.tokens[end + 2]!.word === 'half' ? unit / 2 : unit / 4;
      end += 3;
    }
    // "1h30": minutes glued to the hours with no unit of their own.
    const next = this.tokens[end];
    if (unit === HOUR && next?.digits && this.gap(end) === '' && unitMs(this.word(end + 1)) === undefined) {
      ms += Number(next.word) * MINUTE;
      end += 1;
    }
    return { ms, end };
  }

  /** A length starting at token i: parts in a row, with spaces, commas or "and" between them. */
  read(i: number, bare: boolean): Reading | undefined {
    const first = this.part(i, bare);
    if (!first) return undefined;
    let { ms, end } = first;
    while (end < this.tokens.length && /^[\s,]*$/.test(this.gap(end))) {
      const j = this.tokens[end]!.word === 'and' && end + 1 < this.tokens.length && /^\s+$/.test(this.gap(end + 1)) ? end + 1 : end;
      const more = this.part(j, false);
      if (!more) break;
      ms += more.ms;
      end = more.end;
    }
    return { ms, end };
  }

  /** Whether a length may start at token i: not glued to the letters or digits before it ("mp3s"). */
  startsWord(i: number): boolean {
    return i === 0 || this.gap(i) !== '';
  }
}

/** A phrase that is only a length ("10 minutes", "for an hour and a half") → milliseconds; undefined otherwise. */
export function parseDuration(raw: string): number | undefined {
  const s = raw.trim().toLowerCase().replace(/^(?:for|in|after)\s+/, '');
  const tokens = tokenize(s);
  if (tokens.length === 0 || tokens[0]!.start > 0 || tokens.at(-1)!.end < s.length) return undefined;
  const r = new Reader(s, tokens).read(0, true);
  return r && r.end === tokens.length ? Math.round(r.ms) : undefined;
}

export interface DurationMatch {
  ms: number;
  /** The words as they stand in the text ("1h 30m"). */
  text: string;
  start: number;
  end: number;
}

/** Every length of time in free text, in order: "remind me in 10 minutes" → 600000 ms at "10 minutes". */
export function findDurations(text: string): DurationMatch[] {
  const tokens = tokenize(text);
  const reader = new Reader(text, tokens);
  const out: DurationMatch[] = [];
  for (let i = 0; i < tokens.length; ) {
    const r = reader.startsWord(i) ? reader.read(i, false) : undefined;
    if (!r) {
      i++;
      continue;
    }
    const start = tokens[i]!.start;
    const end = tokens[r.end - 1]!.end;
    out.push({ ms: Math.round(r.ms), text: text.slice(start, end), start, end });
    i = r.end;
  }
  return out;
}
