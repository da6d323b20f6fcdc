/**
 * The arithmetic grammar's frames (arithmetic.ts): verbs and nouns around their operands ("multiply
 * A by B", "add A to B", "subtract A from B", "the sum of A and B", "the average of A, B and C"),
 * named parts of an amount ("the tip on 45 at 20%") and percentage questions ("30 is what percent
 * of 120").
 */
import { REDUCING, bad, bin, lit, pctOf, asPct, ratio, scale, type Node, type Reader } from './arithmetic-reader.js';

/** "30 is what percent of 120", "what percent of 200 is 50", "percent change from 40 to 50". */
export function percentQuestion(g: Reader): Node | undefined {
  const pw = () => g.w('percent', 'percentage', 'per cent') ?? (g.s('%') ? '%' : undefined);
  return (
    g.try(() => (g.w('what') && pw() && g.w('of') ? g.both(() => g.expr(), 'is', (b, a) => ratio(a, b)) : undefined)) ??
    g.try(() => (g.w('what') && pw() && g.w('is') ? g.both(() => g.expr(), 'of', ratio, 'out of') : undefined)) ??
    g.try(() => {
      g.w('the');
      if (!pw() || !g.w('change', 'increase', 'decrease', 'difference', 'growth') || !(g.w('from') || g.w('between'))) return undefined;
      const a = g.expr();
      const b = a && g.w('to', 'and') ? g.expr() : undefined;
      return a && b ? ratio(bin(b, '-', a), a) : undefined;
    }) ??
    g.try(() => {
      const a = g.expr();
      if (!a) return undefined;
      if (g.w('is what') && pw() && g.w('of', 'out of')) return g.map(g.expr(), (b) => ratio(a, b));
      if (g.w('out of')) {
        const b = g.expr();
        return b && ((g.w('as a', 'as', 'in') && pw()) || pw()) ? ratio(a, b) : undefined;
      }
      return g.w('as a', 'as') && pw() && g.w('of') ? g.map(g.expr(), (b) => ratio(a, b)) : undefined;
    })
  );
}

/** Verb and noun frames: "multiply A by B", "add A to B", "the sum of A and B", "the tip on 45 at 20%". */
export function frame(g: Reader): Node | undefined {
  const pctAware = (base: Node, sign: 1 | -1, by: Node) => (by.pct ? scale(base, sign, by.pct) : bad(base, by) ? undefined : bin(base, sign > 0 ? '+' : '-', by));
  if (g.w('multiply')) {
    const items = g.try(() => list(g));
    if (items) return fold(items, '*');
    const by = g.try(() => g.both(() => g.expr(), 'by', (a, b) => bin(a, '*', b), 'with'));
    if (by) return by;
    const a = g.expr(); // "multiply 7 times 8"
    return a && a.ops > 0 && !bad(a) ? a : undefined;
  }
  if (g.w('add up', 'add together', 'add')) {
    const items = g.try(() => list(g));
    if (items) return fold(items, '+');
    const a = g.expr();
    if (!a) return undefined;
    if (!g.w('to', 'onto')) return a.ops > 0 && !bad(a) ? a : undefined;
    const b = g.expr();
    return b && !bad(b) ? pctAware(b, 1, a) : undefined;
  }
  if (g.w('subtract', 'deduct', 'take away', 'take', 'knock', 'shave')) {
    const read = (x: Node | undefined) => (x && g.w('from', 'away from', 'off', 'off of') ? x : undefined);
    const a = g.try(() => read(g.expr())) ?? g.try(() => read(number(g)));
    const b = a && g.expr();
    return b && !bad(b) ? pctAware(b, -1, a) : undefined;
  }
  if (g.w('divide')) return g.both(() => g.expr(), 'by', (a, b) => bin(a, '/', b), 'over');
  if (g.w('split', 'share')) {
    const a = g.expr();
    if (!a || bad(a)) return undefined;
    g.w('between', 'among', 'amongst', 'by', 'into', 'across', 'with', 'for');
    const b = g.expr();
    if (!b || bad(b)) return undefined;
    g.w('people', 'persons', 'ways', 'parts', 'equal parts', 'friends', 'of us', 'equally', 'evenly');
    return bin(a, '/', b);
  }
  const grow = g.w('increase', 'raise', 'grow', 'bump up', 'bump', 'mark up') ? 1 : g.w('decrease', 'reduce', 'lower', 'cut', 'drop', 'discount', 'mark down') ? -1 : 0;
  if (grow) {
    const a = g.expr();
    const b = a && g.w('by') ? g.expr() : undefined;
    return a && b && !bad(a) ? pctAware(a, grow, b) : undefined;
  }
  g.w('the', 'a', 'an');
  if (g.w('sum of', 'sum', 'total of')) return g.map(fold(list(g) ?? [], '+'), (x) => x);
  if (g.w('product of')) return g.map(fold(list(g) ?? [], '*'), (x) => x);
  if (g.w('difference between', 'difference of')) return g.both(() => g.expr(), 'and', (a, b) => bin(a, '-', b));
  if (g.w('quotient of')) return g.both(() => g.expr(), 'and', (a, b) => bin(a, '/', b), 'by', 'divided by');
  if (g.w('ratio of')) return g.both(() => g.expr(), 'to', (a, b) => bin(a, '/', b));
  if (g.w('average of', 'mean of', 'average', 'mean')) {
    const items = list(g);
    return items ? bin(fold(items, '+')!, '/', lit(String(items.length))) : undefined;
  }
  if (g.w('remainder of', 'remainder when', 'remainder after', 'remainder')) {
    return g.both(() => g.unary(), 'divided by', (a, b) => bin(a, 'mod', b), 'is divided by', 'over', 'by', 'mod');
  }
  // A named part of an amount: "the tip on 45 at 20%", "a discount of 30% on 80".
  const noun = g.noun();
  if (!noun) return undefined;
  const sign: 1 | -1 = REDUCING.has(noun) ? -1 : 1;
  const part = (p: Node | undefined, x: Node | undefined): Node | undefined => (p?.pct && x ? { ...pctOf(p.pct, x), part: { base: x, pct: p.pct, sign } } : undefined);
  if (g.w('of', 'at')) {
    const p = number(g);
    return p?.pct && g.w('on', 'for', 'off', 'from') ? part(p, g.amount()) : undefined;
  }
  if (!g.w('on', 'for', 'of')) return undefined;
  const x = g.amount();
  return x && g.w('at', 'with', 'of') ? part(number(g), x) : undefined;
}

/** A number with an optional percent sign and nothing after it: the "15%" of "take 15% off 200". */
function number(g: Reader): Node | undefined {
  const t = g.peek();
  if (t?.k !== 'num') return undefined;
  g.i++;
  return g.s('%') || g.w('percent', 'per cent') ? asPct(lit(t.v)) : lit(t.v);
}

/** "A and B", "A, B and C", "A, B, C": two or more operands. */
function list(g: Reader): Node[] | undefined {
  const items: Node[] = [];
  for (;;) {
    const x = g.expr();
    if (!x || bad(x) || x.pct) return undefined;
    items.push(x);
    if (g.s(',')) {
      g.w('and');
      continue;
    }
    if (g.w('and') || g.s('&')) continue;
    return items.length >= 2 ? items : undefined;
  }
}

function fold(items: Node[], op: '+' | '*'): Node | undefined {
  return items.length >= 2 ? items.slice(1).reduce((a, b) => bin(a, op, b), items[0]!) : undefined;
}
