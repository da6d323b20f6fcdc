import { describe, expect, it } from 'vitest';
import { evalExpr, exprNames } from './expr.js';

describe('spec expressions', () => {
  it('evaluates arithmetic, comparisons, conditionals and functions', () => {
    expect(evalExpr('M*N + 1', { M: 3, N: 4 })).toBe(13);
    expect(evalExpr('BLOCK % (VEC * ACC) == 0 && VEC <= 16', { BLOCK: 64, VEC: 8, ACC: 2 })).toBe(1);
    expect(evalExpr('cdiv(N, 32) * 2 ** 3', { N: 33 })).toBe(16);
    expect(evalExpr('N > 4 ? max(N, 7) : -1', { N: 5 })).toBe(7);
  });

  it('lists the names an expression uses', () => {
    expect(exprNames('min(A, B) + C')).toEqual(['A', 'B', 'C']);
  });

  it('is not JavaScript: anything else is an error that says where', () => {
    expect(() => evalExpr('process.exit(1)', {})).toThrow(/unexpected/);
    expect(() => evalExpr('N*', { N: 1 })).toThrow(/ends too early/);
  });
});
