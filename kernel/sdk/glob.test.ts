import { describe, expect, it } from 'vitest';
import { globRegExp } from './glob.js';

describe('globRegExp', () => {
  it('matches one name with * ? and {a,b}, case aside, never across a slash', () => {
    expect(globRegExp('*.pdf').test('Report.PDF')).toBe(true);
    expect(globRegExp('*.pdf').test('a/b.pdf')).toBe(false);
    expect(globRegExp('IMG_??.jpg').test('img_12.jpg')).toBe(true);
    expect(globRegExp('IMG_??.jpg').test('img_123.jpg')).toBe(false);
    expect(globRegExp('invoice-*.{pdf,png}').test('invoice-may.png')).toBe(true);
    expect(globRegExp('invoice-*.{pdf,png}').test('invoice-may.txt')).toBe(false);
    expect(globRegExp('a+b (1).txt').test('a+b (1).txt')).toBe(true);
    expect(globRegExp('{x').test('{x')).toBe(true);
  });
});
