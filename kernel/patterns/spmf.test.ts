import { describe, expect, it } from 'vitest';
import { parseSpmf, SpmfError } from './spmf.js';

describe('SPMF', () => {
  it('parses sequences and names the bad line', () => {
    expect(parseSpmf('1 -1 2 -1 3 -1 -2\n\n4 -1 -2\n')).toEqual([['1', '2', '3'], ['4']]);
    expect(() => parseSpmf('1 -1 2 -1\n', 'x.txt')).toThrow(SpmfError);
    expect(() => parseSpmf('1 -1 2 -1\n', 'x.txt')).toThrow(/x.txt:1/);
  });
});
