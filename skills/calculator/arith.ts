/**
 * A small exact-enough evaluator for everyday arithmetic (+ − × ÷ ^, mod, %, !, parentheses and
 * a few functions), so "what is 15% of 240" answers without loading mathjs, which takes most of a
 * second to load. Anything it does not know returns undefined and goes to mathjs instead.
 */

type Token = { t: 'num'; v: number } | { t: 'op'; v: string } | { t: 'id'; v: string };

const FUNCS: Record<string, (x: number) => number> = {
  sqrt: Math.sqrt, cbrt: Math.cbrt, abs: Math.abs, round: Math.round, floor: Math.floor, ceil: Math.ceil,
  exp: Math.exp, log: Math.log, log10: Math.log10, log2: Math.log2, sin: Math.sin, cos: Math.cos, tan: Math.tan,
};
const CONSTS: Record<string, number> = { pi: Math.PI, e: Math.E };

function tokenize(src: string): Token[] | undefined {
  const out: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d*)?(?:e[-+]?\d+)?|\.\d+(?:e[-+]?\d+)?)|([a-z][a-z0-9]*)|(\*\*|[-+*/^%()!]))/iy;
  let i = 0;
  while (i < src.length) {
    if (/^\s*$/.test(src.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) return undefined;
    if (m[1] !== undefined) out.push({ t: 'num', v: Number(m[1]) });
    else if (m[2] !== undefined) out.push({ t: 'id', v: m[2].toLowerCase() });
    else out.push({ t: 'op', v: m[3] === '**' ? '^' : m[3]! });
    i = re.lastIndex;
  }
  return out;
}

function factorial(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 170) return NaN;
  let r = 1;
  for (let k = 2; k <= n; k++) r *= k;
  return r;
}

/** The value of an arithmetic expression, or undefined when it uses anything beyond this evaluator. */
export function evaluateArithmetic(src: string): number | undefined {
  const tokens = tokenize(src);
  if (!tokens || tokens.length === 0) return undefined;
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (v: string) => peek()?.t === 'op' && peek()!.v === v;
  const startsOperand = (tok: Token | undefined) => tok !== undefined && (tok.t === 'num' || tok.t === 'id' || (tok.t === 'op' && (tok.v === '(' || tok.v === '-' || tok.v === '+')));

  const expr = (): number => {
    let v = term();
    while (isOp('+') || isOp('-')) {
      const op = tokens[pos++]!.v;
      const r = term();
      v = op === '+' ? v + r : v - r;
    }
    return v;
  };
  const term = (): number => {
    let v = unary();
    for (;;) {
      if (isOp('*') || isOp('/')) {
        const op = tokens[pos++]!.v;
        const r = unary();
        v = op === '*' ? v * r : v / r;
      } else if ((peek()?.t === 'id' && peek()!.v === 'mod') || (isOp('%') && startsOperand(tokens[pos + 1]))) {
        pos++;
        const r = unary();
        v = ((v % r) + r) % r;
      } else return v;
    }
  };
  const unary = (): number => {
    if (isOp('-')) {
      pos++;
      return -unary();
    }
    if (isOp('+')) {
      pos++;
      return unary();
    }
    return power();
  };
  const power = (): number => {
    const base = postfix();
    if (isOp('^')) {
      pos++;
      return base ** unary();
    }
    return base;
  };
  const postfix = (): number => {
    let v = primary();
    for (;;) {
      if (isOp('!')) {
        pos++;
        v = factorial(v);
      } else if (isOp('%') && !startsOperand(tokens[pos + 1])) {
        pos++;
        v = v / 100;
      } else return v;
    }
  };
  const primary = (): number => {
    const tok = tokens[pos++];
    if (!tok) throw new Error('end');
    if (tok.t === 'num') return tok.v;
    if (tok.t === 'op' && tok.v === '(') {
      const v = expr();
      if (!isOp(')')) throw new Error('paren');
      pos++;
      return v;
    }
    if (tok.t === 'id') {
      if (tok.v in CONSTS) return CONSTS[tok.v]!;
      const f = FUNCS[tok.v];
      if (f && isOp('(')) {
        pos++;
        const v = expr();
        if (!isOp(')')) throw new Error('paren');
        pos++;
        return f(v);
      }
    }
    throw new Error('unknown');
  };

  try {
    const v = expr();
    return pos === tokens.length ? v : undefined;
  } catch {
    return undefined;
  }
}
