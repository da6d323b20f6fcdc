/**
 * The pieces the arithmetic grammar (arithmetic.ts) is built from: its tokens, its words (request
 * phrasing to strip, words it reserves, functions), the expression nodes it builds with their
 * precedence, and a token reader with backtracking.
 */

export interface Tok {
  k: 'num' | 'sym' | 'word';
  v: string;
  start: number;
  end: number;
}


/** A parsed piece: its symbols, how tightly its top operator binds, how many operations it holds. */
export interface Node {
  s: string;
  p: number;
  ops: number;
  /** A bare percentage ("15%"): the number before the sign, so "200 minus 15%" can take 15 % of 200. */
  pct?: Node;
  /** A percentage named by a noun but with no amount ("a 20% tip"): only usable beside an amount. */
  noun?: string;
  /** A part of an amount ("a 20% tip on 45"), for the total shown beside it. */
  part?: { base: Node; pct: Node; sign: 1 | -1 };
}

export const ATOM = 9;
export const POW = 7;
export const NEG = 6;
export const MUL = 5;
export const ADD = 3;

export const lit = (v: string): Node => ({ s: v, p: ATOM, ops: 0 });
export const wrap = (n: Node, min: number) => (n.p < min ? `(${n.s})` : n.s);
export const fn = (name: string, a: Node): Node => ({ s: `${name}(${a.s})`, p: ATOM, ops: a.ops + 1 });
export const neg = (a: Node): Node => ({ s: `-${wrap(a, POW)}`, p: NEG, ops: a.ops });
export const bad = (...ns: Node[]) => ns.some((n) => n.noun !== undefined);

export function bin(a: Node, op: '+' | '-' | '*' | '/' | '^' | 'mod', b: Node): Node {
  const ops = a.ops + b.ops + 1;
  if (op === '^') return { s: `${wrap(a, POW + 1)} ^ ${wrap(b, NEG)}`, p: POW, ops };
  const p = op === '+' || op === '-' ? ADD : MUL;
  return { s: `${wrap(a, p)} ${op} ${wrap(b, op === '+' ? p : p + 1)}`, p, ops };
}
export const pctOf = (p: Node, x: Node): Node => ({ s: `${wrap(x, MUL)} * ${wrap(p, MUL + 1)} / 100`, p: MUL, ops: x.ops + p.ops + 2 });
// Scaled as x * (100 ± p) / 100, not x * (1 ± p / 100): whole numbers stay exact (200 plus 15% is 230, not 229.99…).
export const scale = (x: Node, sign: 1 | -1, p: Node): Node => ({ s: `${wrap(x, MUL)} * (100 ${sign > 0 ? '+' : '-'} ${wrap(p, sign > 0 ? ADD : ADD + 1)}) / 100`, p: MUL, ops: x.ops + p.ops + 3 });
export const ratio = (a: Node, b: Node): Node => ({ s: `${wrap(a, MUL)} / ${wrap(b, MUL + 1)} * 100`, p: MUL, ops: a.ops + b.ops + 2 });
export const asPct = (p: Node, noun?: string): Node => ({ s: `${wrap(p, MUL + 1)} / 100`, p: MUL, ops: p.ops + 1, pct: p, ...(noun ? { noun } : {}) });

/** Nouns of a percentage that is taken off an amount ("a 15% discount"); any other noun adds ("tip", "tax"). */
export const REDUCING = new Set(['off', 'discount', 'discounts', 'reduction', 'markdown', 'rebate', 'cut', 'sale', 'saving', 'savings', 'deduction']);
/** Functions written with parentheses or before a number ("sqrt(2)", "log 100"), and what they are in the expression. */
export const FUNCS: Record<string, string> = { sqrt: 'sqrt', cbrt: 'cbrt', abs: 'abs', round: 'round', floor: 'floor', ceil: 'ceil', exp: 'exp', log: 'log10', log10: 'log10', log2: 'log2', sin: 'sin', cos: 'cos', tan: 'tan' };
export const FRACTIONS: Record<string, number> = { half: 2, halves: 2, quarter: 4, quarters: 4 };

const seqCache = new Map<string, string[][]>();
/** Word sequences, longest first so "square root of" is tried before "square". */
export function seqs(...xs: string[]): string[][] {
  const key = xs.join('|');
  let out = seqCache.get(key);
  if (!out) seqCache.set(key, (out = xs.map((x) => x.split(' ')).sort((a, b) => b.length - a.length)));
  return out;
}
/** Request phrasing before the arithmetic ("hey, can you tell me what is …"). */
const LEADS = seqs(
  'hey', 'hi', 'ok', 'okay', 'so', 'please', 'pls', 'now', 'quick', 'quickly', 'um', 'uh', 'well', 'alright', 'just', 'also', 'and',
  'can you', 'could you', 'would you', 'will you', 'can u', 'tell me', 'let me know', 'show me', 'give me', 'help me', 'i want to know', 'i need to know',
  'i wonder', 'do you know', "what's", 'whats', 'what is', 'what are', 'what was', 'what would be', 'what will be', 'what does', 'what do',
  'what do you get if you', 'what do you get when you', 'what do i get if i', 'what would i get if i', 'how much is', 'how much are', 'how much would be',
  'how much will be', 'how much does', 'how much do', 'calculate', 'calc', 'compute', 'evaluate', 'solve', 'work out', 'figure out', 'find', 'determine',
  'do', 'the result of', 'the value of', 'the answer to', 'the answer of', 'result of', 'math', 'maths', 'do the math on', 'do the math for', '=',
  'if i', 'if you', 'if we', 'say i',
);
/** Request phrasing after it ("… equals?", "… please", "… come to"). */
const TRAILS = seqs(
  '?', '.', '=', 'equal', 'equals', 'equal to', 'is equal to', 'is', 'be', 'is what', 'are', 'make', 'makes', 'come to', 'comes to', 'add up to',
  'adds up to', 'give', 'gives', 'give me', 'please', 'for me', 'thanks', 'thank you', 'exactly', 'again', 'in total', 'altogether', 'all together', 'now',
  'what do i get', 'what do you get', 'what does that make', 'what is that', "what's that", 'what is left', "what's left", 'how much is that',
  'how much is left', 'how much do i get', 'how much does that come to',
);
/** Words the grammar itself uses; any other word may name a percentage ("tip", "tax") or an amount ("bill"). */
export const RESERVED = new Set(
  ('of on for off to from by and plus minus times over divided multiplied mod modulo percent percentage per cent with after including is what as out at ' +
    'the a an in into less more fewer than squared cubed power raised root square cube half dozen double twice triple equals equal add sum product difference ' +
    'subtract take away divide split increase decrease reduce increased decreased reduced then').split(' '),
);
export const PERCENT_WORDS = new Set(['percent', 'percentage', 'per', '%']);
const CURRENCY = new Set(['dollar', 'dollars', 'buck', 'bucks', 'euro', 'euros', 'usd', 'eur']);

const TOKEN = /\s*(?:(\d+(?:st|nd|rd|th)\b)|(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.?\d+(?:e[-+]?\d+)?)|(log(?:10|2)|[a-z]+(?:'[a-z]+)?)|([-+*/^()%!,=?$€£.&]))/y;

export function tokenize(text: string): Tok[] | undefined {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) return undefined;
    const start = at + m[0].length - m[0].trimStart().length;
    const k = m[2] !== undefined ? 'num' : m[4] !== undefined ? 'sym' : 'word';
    out.push({ k, v: k === 'num' ? m[2]!.replace(/,/g, '') : m[0].trim(), start, end: TOKEN.lastIndex });
  }
  // "3 x 4" multiplies; currency signs and names around amounts are not part of the sum.
  return out
    .map((t, i) => (t.v === 'x' && (out[i - 1]?.k === 'num' || out[i - 1]?.v === ')') && (out[i + 1]?.k === 'num' || out[i + 1]?.v === '(') ? { ...t, k: 'sym' as const, v: '*' } : t))
    .filter((t, i, all) => !/^[$€£]$/.test(t.v) && !(CURRENCY.has(t.v) && all[i - 1]?.k === 'num'));
}

/** Reads tokens with backtracking; the grammar's productions extend it (arithmetic.ts). */
export abstract class Reader {
  i = 0;
  constructor(
    readonly t: Tok[],
    public end: number,
  ) {}

  peek(o = 0): Tok | undefined {
    return this.i + o < this.end ? this.t[this.i + o] : undefined;
  }
  /** Accepts one of the word sequences (all or nothing), longest first; the one taken, or undefined. */
  w(...options: string[]): string | undefined {
    for (const seq of seqs(...options)) if (this.at(seq)) return seq.join(' ');
    return undefined;
  }
  at(seq: string[]): boolean {
    if (!seq.every((x, k) => this.peek(k)?.v === x && this.peek(k)?.k !== 'num')) return false;
    this.i += seq.length;
    return true;
  }
  s(sym: string): boolean {
    const t = this.peek();
    if (t?.k !== 'sym' || t.v !== sym) return false;
    this.i++;
    return true;
  }
  /** Runs a reading and rewinds when it fails. */
  try<T>(f: () => T | undefined): T | undefined {
    const at = this.i;
    const r = f();
    if (r === undefined) this.i = at;
    return r;
  }
  done(): boolean {
    return this.i === this.end;
  }

  /** Strips request phrasing at both ends. */
  trim(): void {
    for (let again = true; again; ) {
      // A bare "what" leads in ("tell me what 6 times 7 is") unless it asks for a percentage.
      again = LEADS.some((seq) => this.at(seq)) || (this.peek()?.v === 'what' && !PERCENT_WORDS.has(this.peek(1)?.v ?? '') && this.at(['what']));
    }
    for (let again = true; again; ) {
      again = false;
      for (const seq of TRAILS) {
        const from = this.end - seq.length;
        if (from > this.i && seq.every((x, k) => this.t[from + k]!.v === x && this.t[from + k]!.k !== 'num')) {
          this.end = from;
          again = true;
          break;
        }
      }
    }
  }


  map(n: Node | undefined, f: (n: Node) => Node): Node | undefined {
    return n && !bad(n) ? f(n) : undefined;
  }
  /** Two operands joined by a word: A <join> B. */
  both(read: () => Node | undefined, join: string, build: (a: Node, b: Node) => Node, ...joins: string[]): Node | undefined {
    const a = read();
    if (!a || !this.w(join, ...joins)) return undefined;
    const b = read();
    return b && !bad(a, b) ? build(a, b) : undefined;
  }

  abstract expr(): Node | undefined;
  abstract unary(): Node | undefined;
  /** An amount a percentage or fraction applies to ("45", "a 45 bill"). */
  abstract amount(): Node | undefined;
  /** One or two words that are not the grammar's ("tip", "sales tax"). */
  abstract noun(): string | undefined;
}
