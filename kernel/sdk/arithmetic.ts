/**
 * Arithmetic as people say it, read into a symbolic expression: "nine minus four" → "9 - 4",
 * "multiply 23 by 4" → "23 * 4", "3 cubed" → "3 ^ 3", "a 20% tip on 45" → "45 * 20 / 100",
 * "take 15 percent off 200" → "200 * (100 - 15) / 100". One grammar for the intent engine's
 * `math` slot type and the calculator skill, so a phrasing means the same sum everywhere.
 *
 * The text is read by a small recursive-descent grammar over words and symbols (numbers in
 * words become digits first): infix operator words at three precedence levels, prefix and
 * postfix operators ("the square root of", "squared", "to the power of") and percentages here;
 * verb and noun frames ("add A to B", "the sum of A and B") in arithmetic-frames.ts; tokens,
 * words and expression nodes in arithmetic-reader.ts. Anything it cannot read as a whole, or
 * that holds no operation at all, is not arithmetic (undefined): "call a taxi to the airport",
 * "set a timer for 5 minutes", a bare "42". The expression uses only numbers, + - * / ^ mod !,
 * parentheses, pi, e and sqrt cbrt abs round floor ceil exp log10 log2 sin cos tan (never a bare
 * "log", which calculators and mathjs read differently), so the calculator's fast evaluator and
 * mathjs both read it, and reading an expression again gives the same expression.
 */
import { findNumbers, parseOrdinal, wordsToDigits } from './number-words.js';
import { frame, percentQuestion } from './arithmetic-frames.js';
import { ATOM, FRACTIONS, FUNCS, MUL, POW, RESERVED, REDUCING, Reader, asPct, bad, bin, fn, lit, neg, pctOf, scale, tokenize, wrap, type Node } from './arithmetic-reader.js';

export interface Arithmetic {
  /** The expression in symbols: "23 * 4", "sqrt(81)", "45 * 20 / 100". */
  expression: string;
  /** The request's arithmetic with its request phrasing removed, numbers in digits ("multiply 23 by 4"). */
  shown: string;
  /** The value is a percentage ("30 is what percent of 120" → 25, meaning 25 %). */
  percent?: boolean;
  /** For a part of an amount ("a 20% tip on 45" is 9): the amount with the part added or taken off. */
  total?: { label: 'total' | 'after'; expression: string };
}

class Parser extends Reader {
  expr(): Node | undefined {
    let left = this.term();
    while (left) {
      const at = this.i;
      let sign: 1 | -1 | 0 = 0;
      let swap = false;
      if (this.w('more than')) [sign, swap] = [1, true];
      else if (this.w('less than', 'fewer than')) [sign, swap] = [-1, true];
      else if (this.s('+') || this.w('plus', 'added to', 'increased by', 'raised by', 'marked up by', 'grown by', 'up by')) sign = 1;
      else if (this.s('-') || this.w('minus', 'less', 'take away', 'decreased by', 'reduced by', 'lowered by', 'discounted by', 'marked down by', 'cut by', 'down by')) sign = -1;
      else if (this.w('subtracted from', 'taken from', 'taken away from')) [sign, swap] = [-1, true];
      else if (!this.w('with', 'after', 'including', 'inclusive of')) break;
      const right = this.term();
      if (!right || (sign === 0 && !right.pct)) {
        this.i = at;
        break;
      }
      if (right.pct) left = scale(left, sign || (REDUCING.has(right.noun ?? '') ? -1 : 1), right.pct);
      else left = swap ? bin(right, sign > 0 ? '+' : '-', left) : bin(left, sign > 0 ? '+' : '-', right);
    }
    return left;
  }

  term(): Node | undefined {
    let left = this.unary();
    while (left) {
      const at = this.i;
      // "1/4 of 100": a written fraction takes "of" as times.
      const of = /^\d+(?:\.\d+)? \/ \d+(?:\.\d+)?$/.test(left.s) && this.w('of');
      const op = of || this.s('*') || this.w('times', 'multiplied by') ? '*' : this.s('/') || this.w('divided by', 'over') ? '/' : this.s('%') || this.w('mod', 'modulo') ? 'mod' : undefined;
      const right = op ? this.unary() : undefined;
      if (!op || !right) {
        this.i = at;
        break;
      }
      left = bin(left, op, right);
    }
    return left;
  }

  unary(): Node | undefined {
    if (this.s('-') || this.w('minus', 'negative')) return this.map(this.unary(), neg);
    if (this.s('+')) return this.unary();
    return this.try(() => this.prefix()) ?? this.postfix();
  }

  /** Operators before their operand: "the square root of", "half of", "double", "log of". */
  private prefix(): Node | undefined {
    this.w('the');
    const then = (f: (x: Node) => Node) => this.map(this.unary(), f);
    if (this.w('square root of', 'square root', 'sqrt of', 'root of')) return then((x) => fn('sqrt', x));
    if (this.w('cube root of', 'cube root', 'cubic root of')) return then((x) => fn('cbrt', x));
    const nth = this.ordinal();
    if (nth !== undefined) return this.w('root of', 'root') ? then((x) => bin(x, '^', { s: `1 / ${nth}`, p: MUL, ops: 1 })) : undefined;
    if (this.w('square of', 'square')) return then((x) => bin(x, '^', lit('2')));
    if (this.w('cube of', 'cube')) return then((x) => bin(x, '^', lit('3')));
    if (this.w('half of', 'half', 'a half of', 'halve')) return then((x) => bin(x, '/', lit('2')));
    const times = { double: '2', twice: '2', triple: '3', thrice: '3', quadruple: '4' }[this.peek()?.v ?? ''];
    if (times && this.w(this.peek()!.v)) return then((x) => bin(lit(times), '*', x));
    if (this.w('reciprocal of', 'inverse of')) return then((x) => bin(lit('1'), '/', x));
    if (this.w('factorial of')) return then((x) => ({ s: `${wrap(x, ATOM)}!`, p: POW, ops: x.ops + 1 }));
    if (this.w('absolute value of')) return then((x) => fn('abs', x));
    // Logarithms to other bases as quotients of log10: "log" in the expression would be read back as log10.
    if (this.w('natural log of', 'natural logarithm of', 'natural log', 'ln of', 'ln')) return then((x) => bin(fn('log10', x), '/', fn('log10', lit('e'))));
    if (this.w('log base', 'logarithm base')) {
      const b = this.primary();
      this.w('of');
      return b ? then((x) => bin(fn('log10', x), '/', fn('log10', b))) : undefined;
    }
    if (this.w('logarithm of', 'logarithm')) return then((x) => fn('log10', x));
    const name = this.peek()?.k === 'word' ? FUNCS[this.peek()!.v] : undefined;
    if (name && this.peek(1)?.v !== '(' && this.w(this.peek()!.v)) {
      this.w('of');
      return then((x) => fn(name, x));
    }
    if (this.w('a', 'an')) {
      const d = this.fraction();
      return d && this.w('of') ? then((x) => bin(x, '/', lit(String(d)))) : undefined;
    }
    return undefined;
  }

  /** "third" → 3, "4th" → 4 (never "first"/"last"); consumed only when it is one. */
  private ordinal(): number | undefined {
    const t = this.peek();
    const n = t?.k === 'word' ? parseOrdinal(t.v) : undefined;
    if (n === undefined || n < 2 || t!.v === 'second') return undefined;
    this.i++;
    return n;
  }
  /** A fraction's denominator word: "half", "thirds", "quarter", "fifths". */
  private fraction(): number | undefined {
    const v = this.peek()?.v ?? '';
    const d = FRACTIONS[v] ?? (this.peek()?.k === 'word' && /ths?$|thirds?$/.test(v) ? parseOrdinal(v.replace(/s$/, '')) : undefined);
    if (d === undefined || d < 2) return undefined;
    this.i++;
    return d;
  }

  /** Operators after their operand: "squared", "to the power of 3", "!", "%" and what follows a percentage. */
  private postfix(): Node | undefined {
    let n = this.primary();
    while (n) {
      const at = this.i;
      if (this.w('squared')) n = bin(n, '^', lit('2'));
      else if (this.w('cubed')) n = bin(n, '^', lit('3'));
      else if (this.s('^') || this.w('to the power of', 'raised to the power of', 'to the power', 'raised to the', 'raised to', 'to the')) {
        const nth = this.ordinal();
        const e = nth !== undefined ? lit(String(nth)) : this.unary();
        if (!e || bad(e)) {
          this.i = at;
          return n;
        }
        this.w('power');
        n = bin(n, '^', e);
      } else if (this.s('!') || this.w('factorial')) n = { s: `${wrap(n, ATOM)}!`, p: POW, ops: n.ops + 1 };
      else if (this.w('doubled')) n = bin(lit('2'), '*', n);
      else if (this.w('tripled')) n = bin(lit('3'), '*', n);
      else if (this.w('halved')) n = bin(n, '/', lit('2'));
      else if (this.w('dozen')) n = bin(n, '*', lit('12'));
      else if ((this.peek()?.v === '%' && !this.startsOperand(1) && this.s('%')) || this.w('percent', 'per cent', 'pc')) return this.percentTail(n);
      else if (this.i === at && n.p === ATOM) {
        const d = this.fraction();
        if (d === undefined || !this.w('of')) {
          this.i = at;
          return n;
        }
        const x = this.amount();
        if (!x) {
          this.i = at;
          return n;
        }
        n = bin(bin(x, '*', n), '/', lit(String(d)));
      } else return n;
    }
    return n;
  }

  private startsOperand(offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && (t.k === 'num' || t.v === '(');
  }

  /** After "P%": "of X", "off X", "tip on X", or the percentage alone ("200 minus 15%", "with a 20% tip"). */
  private percentTail(p: Node): Node {
    const at = this.i;
    if (this.w('of')) {
      const x = this.amount();
      if (x) return pctOf(p, x);
      this.i = at;
    }
    if (this.w('off of', 'off')) {
      const x = this.amount();
      return x ? scale(x, -1, p) : asPct(p, 'off');
    }
    const noun = this.noun();
    if (!noun) return asPct(p);
    const past = this.i;
    if (this.w('on', 'for', 'of', 'off')) {
      const x = this.amount();
      const sign = REDUCING.has(noun) ? -1 : 1;
      if (x) return { ...pctOf(p, x), part: { base: x, pct: p, sign } };
    }
    this.i = past;
    return asPct(p, noun);
  }

  /** One or two words that are not the grammar's: "tip", "sales tax", "bill". */
  noun(): string | undefined {
    const out: string[] = [];
    for (let t = this.peek(); t?.k === 'word' && !RESERVED.has(t.v) && !(t.v in FUNCS) && out.length < 2; t = this.peek()) {
      out.push(t.v);
      this.i++;
    }
    return out.length ? out.join(' ') : undefined;
  }

  /** An amount a percentage or fraction applies to: "45", "a 45 bill", "the 80". */
  amount(): Node | undefined {
    return this.try(() => {
      this.w('a', 'an', 'the');
      const x = this.unary();
      if (!x || bad(x)) return undefined;
      const at = this.i;
      if (this.noun() && !this.done() && !RESERVED.has(this.peek()!.v)) this.i = at;
      return x;
    });
  }

  private primary(): Node | undefined {
    const t = this.peek();
    if (!t) return undefined;
    if (t.k === 'num') {
      this.i++;
      return lit(t.v.replace(/^0+(?=\d)/, ''));
    }
    if (this.s('(')) {
      const inner = this.expr();
      return inner && this.s(')') && !bad(inner) ? inner : undefined;
    }
    if (t.k !== 'word') return undefined;
    if (t.v === 'pi' || t.v === 'e') {
      this.i++;
      return lit(t.v);
    }
    if (FUNCS[t.v] && this.peek(1)?.v === '(') {
      this.i++;
      return this.map(this.primary(), (x) => fn(FUNCS[t.v]!, x));
    }
    if (this.w('a dozen')) return lit('12');
    if ((t.v === 'a' || t.v === 'an') && this.peek(1)?.k === 'num') {
      this.i++;
      return this.primary();
    }
    return this.try(() => frame(this));
  }
}

/** The arithmetic in a request that is arithmetic as a whole; undefined otherwise. */
export function parseArithmetic(text: string): Arithmetic | undefined {
  const norm = wordsToDigits(
    text
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      .replace(/[×✕]/g, '*')
      .replace(/÷/g, '/')
      .replace(/[−–—]/g, '-')
      .replace(/\*\*/g, '^')
      .replace(/π/g, ' pi ')
      .replace(/√/g, ' sqrt '),
  );
  const tokens = tokenize(norm);
  if (!tokens || tokens.length === 0 || tokens.length > 60) return undefined;
  const p = new Parser(tokens, tokens.length);
  p.trim();
  const from = p.i;
  for (const [read, percent] of [[() => percentQuestion(p), true], [() => p.expr(), false]] as const) {
    p.i = from;
    const n = read();
    if (!n || !p.done() || n.ops === 0 || bad(n)) continue;
    const shown = norm.slice(tokens[from]!.start, tokens[p.i - 1]!.end);
    const total = n.part ? { label: n.part.sign > 0 ? ('total' as const) : ('after' as const), expression: scale(n.part.base, n.part.sign, n.part.pct).s } : undefined;
    return { expression: n.s, shown, ...(percent ? { percent } : {}), ...(total ? { total } : {}) };
  }
  return undefined;
}

/** The longest stretch of words in free text that is arithmetic ("hey, quickly: what 6 times 7 is, thanks"). */
export function findArithmetic(text: string): { value: Arithmetic; start: number; end: number } | undefined {
  const spans = [...text.matchAll(/[^\s,;:]+/g)];
  // Every sum holds a number (or pi): stretches without one are not tried.
  const numbers = [...findNumbers(text), ...[...text.matchAll(/\bpi\b|π/gi)].map((m) => ({ start: m.index }))];
  if (spans.length > 24 || numbers.length === 0) return undefined;
  for (let len = spans.length; len >= 1; len--) {
    for (let i = 0; i + len <= spans.length; i++) {
      const start = spans[i]!.index;
      const end = spans[i + len - 1]!.index + spans[i + len - 1]![0].length;
      if (!numbers.some((n) => n.start >= start && n.start < end)) continue;
      const value = parseArithmetic(text.slice(start, end));
      if (value) return { value, start, end };
    }
  }
  return undefined;
}
