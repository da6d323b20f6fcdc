/**
 * A small, safe arithmetic/boolean expression language for problem specs: sizes
 * ("M*N + 1"), restrictions ("BLOCK % VEC == 0 && UNROLL <= 8"), flops and bytes formulas.
 * No eval: a recursive-descent parser over numbers, variables, + - * / % **, comparisons,
 * && || !, ?: and min/max/ceil/floor/log2/sqrt/abs/pow. Errors say where the expression broke.
 */

export type Scope = Readonly<Record<string, number>>;
type Node =
  | { k: 'num'; v: number }
  | { k: 'var'; name: string }
  | { k: 'un'; op: string; a: Node }
  | { k: 'bin'; op: string; a: Node; b: Node }
  | { k: 'if'; c: Node; a: Node; b: Node }
  | { k: 'call'; fn: string; args: Node[] };

const FUNCS: Record<string, (...a: number[]) => number> = {
  min: Math.min,
  max: Math.max,
  ceil: Math.ceil,
  floor: Math.floor,
  log2: Math.log2,
  sqrt: Math.sqrt,
  abs: Math.abs,
  pow: Math.pow,
  cdiv: (a, b) => Math.ceil(a / b),
};

export class ExprError extends Error {}

const TOKEN = /\s*(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|[A-Za-z_][A-Za-z0-9_]*|\*\*|==|!=|<=|>=|&&|\|\||[-+*/%()<>!?:,])/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (!m) throw new ExprError(`unexpected character "${src.slice(pos).trim()[0]}" at position ${pos + 1} of "${src}"`);
    out.push(m[1]!);
    pos = TOKEN.lastIndex;
  }
  return out;
}

const BINARY: [string[], number][] = [
  [['||'], 1],
  [['&&'], 2],
  [['==', '!='], 3],
  [['<', '>', '<=', '>='], 4],
  [['+', '-'], 5],
  [['*', '/', '%'], 6],
];

export function parseExpr(src: string): Node {
  const toks = tokenize(src);
  let i = 0;
  const peek = () => toks[i];
  const expect = (t: string) => {
    if (toks[i] !== t) throw new ExprError(`expected "${t}" but found ${toks[i] ? `"${toks[i]}"` : 'the end'} in "${src}"`);
    i++;
  };
  const ternary = (): Node => {
    const c = binary(1);
    if (peek() !== '?') return c;
    i++;
    const a = ternary();
    expect(':');
    return { k: 'if', c, a, b: ternary() };
  };
  const binary = (level: number): Node => {
    if (level > BINARY.length) return unary();
    let a = binary(level + 1);
    const ops = BINARY[level - 1]![0];
    while (peek() !== undefined && ops.includes(peek()!)) {
      const op = toks[i++]!;
      a = { k: 'bin', op, a, b: binary(level + 1) };
    }
    return a;
  };
  const unary = (): Node => {
    const t = peek();
    if (t === '-' || t === '+' || t === '!') {
      i++;
      return { k: 'un', op: t, a: unary() };
    }
    const base = atom();
    if (peek() === '**') {
      i++;
      return { k: 'bin', op: '**', a: base, b: unary() };
    }
    return base;
  };
  const atom = (): Node => {
    const t = toks[i++];
    if (t === undefined) throw new ExprError(`"${src}" ends too early`);
    if (t === '(') {
      const e = ternary();
      expect(')');
      return e;
    }
    if (/^[\d.]/.test(t)) return { k: 'num', v: Number(t) };
    if (/^[A-Za-z_]/.test(t)) {
      if (peek() === '(') {
        if (!FUNCS[t]) throw new ExprError(`unknown function "${t}" in "${src}" (known: ${Object.keys(FUNCS).join(', ')})`);
        i++;
        const args: Node[] = [];
        if (peek() !== ')') {
          args.push(ternary());
          while (peek() === ',') {
            i++;
            args.push(ternary());
          }
        }
        expect(')');
        return { k: 'call', fn: t, args };
      }
      if (t === 'true' || t === 'false') return { k: 'num', v: t === 'true' ? 1 : 0 };
      return { k: 'var', name: t };
    }
    throw new ExprError(`unexpected "${t}" in "${src}"`);
  };
  const node = ternary();
  if (i < toks.length) throw new ExprError(`unexpected "${toks[i]}" after a complete expression in "${src}"`);
  return node;
}

function run(n: Node, scope: Scope, src: string): number {
  switch (n.k) {
    case 'num':
      return n.v;
    case 'var': {
      const v = scope[n.name];
      if (v === undefined) throw new ExprError(`unknown name "${n.name}" in "${src}" (known: ${Object.keys(scope).join(', ') || 'none'})`);
      return v;
    }
    case 'un': {
      const a = run(n.a, scope, src);
      return n.op === '-' ? -a : n.op === '!' ? Number(!a) : a;
    }
    case 'if':
      return run(n.c, scope, src) ? run(n.a, scope, src) : run(n.b, scope, src);
    case 'call':
      return FUNCS[n.fn]!(...n.args.map((x) => run(x, scope, src)));
    case 'bin': {
      if (n.op === '&&') return Number(Boolean(run(n.a, scope, src)) && Boolean(run(n.b, scope, src)));
      if (n.op === '||') return Number(Boolean(run(n.a, scope, src)) || Boolean(run(n.b, scope, src)));
      const a = run(n.a, scope, src);
      const b = run(n.b, scope, src);
      switch (n.op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return a / b;
        case '%': return a % b;
        case '**': return a ** b;
        case '==': return Number(a === b);
        case '!=': return Number(a !== b);
        case '<': return Number(a < b);
        case '>': return Number(a > b);
        case '<=': return Number(a <= b);
        default: return Number(a >= b);
      }
    }
  }
}

/** Names an expression refers to (to check a spec before running it). */
export function exprNames(src: string): string[] {
  const names = new Set<string>();
  const walk = (n: Node): void => {
    if (n.k === 'var') names.add(n.name);
    else if (n.k === 'un') walk(n.a);
    else if (n.k === 'bin') [n.a, n.b].forEach(walk);
    else if (n.k === 'if') [n.c, n.a, n.b].forEach(walk);
    else if (n.k === 'call') n.args.forEach(walk);
  };
  walk(parseExpr(src));
  return [...names];
}

const cache = new Map<string, Node>();
export function evalExpr(src: string | number, scope: Scope): number {
  if (typeof src === 'number') return src;
  let node = cache.get(src);
  if (!node) {
    node = parseExpr(src);
    cache.set(src, node);
  }
  return run(node, scope, src);
}
