import { describe, expect, it } from 'vitest';
import { findNumbers, numberToWords, ordinalToWords, parseNumber, parseOrdinal, wordsToDigits } from './number-words.js';

describe('parseNumber: a whole phrase as one number', () => {
  it.each([
    ['12', 12],
    ['-3.5', -3.5],
    ['+5', 5],
    ['1,200', 1200],
    ['1,234,567.5', 1234567.5],
    ['3,5', 3.5],
    ['twelve', 12],
    ['twenty one', 21],
    ['twenty-one', 21],
    ['a hundred and five', 105],
    ['one hundred twenty', 120],
    ['nineteen hundred', 1900],
    ['hundred', 100],
    ['a thousand', 1000],
    ['one thousand and five', 1005],
    ['seven hundred thousand', 700_000],
    ['two million three thousand four hundred and one', 2_003_401],
    ['five trillion', 5e12],
    ['2 million', 2_000_000],
    ['1.5 billion', 1_500_000_000],
    ['1.1 million', 1_100_000],
    ['3 hundred', 300],
    ['three point five', 3.5],
    ['two point zero five', 2.05],
    ['zero point five', 0.5],
    ['two and a half', 2.5],
    ['2 and a half', 2.5],
    ['a', 1],
    ['an', 1],
    ['oh', 0],
    ['half', 0.5],
    ['a half', 0.5],
    ['a couple', 2],
    ['a few', 3],
    ['a dozen', 12],
    ['two dozen', 24],
    ['fourty two', 42],
    ['Twenty One', 21],
  ])('%s → %d', (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });

  it.each(['', 'and', 'point', 'buy milk', 'five six', 'twenty twelve', 'twenty 5', 'three thousand four million', 'twelve apples', 'a couple of', 'minus five'])('%j is not one number', (text) => {
    expect(parseNumber(text)).toBeUndefined();
  });

  it('reads back every number it says, with and without "and"', () => {
    for (const n of [0, 7, 13, 40, 99, 101, 110, 999, 1000, 1001, 12_345, 700_000, 1_000_001, 987_654_321, 2_000_000_000]) {
      const words = numberToWords(n);
      expect(parseNumber(words)).toBe(n);
      expect(parseNumber(words.replace(/hundred (?!thousand|million|billion)(?=\w)/, 'hundred and '))).toBe(n);
    }
  });
});

describe('parseOrdinal', () => {
  it.each([
    ['3rd', 3],
    ['12', 12],
    ['first', 1],
    ['the second', 2],
    ['second one', 2],
    ['fifth item', 5],
    ['eighth', 8],
    ['ninth', 9],
    ['twelfth', 12],
    ['twentieth', 20],
    ['twenty first', 21],
    ['twenty-first', 21],
    ['fortieth', 40],
    ['one hundred and first', 101],
    ['hundredth', 100],
    ['last', -1],
  ])('%s → %d', (text, value) => {
    expect(parseOrdinal(text)).toBe(value);
  });

  it.each(['month', 'both', 'twenty', 'five first', 'a first', 'the'])('%j is no ordinal', (text) => {
    expect(parseOrdinal(text)).toBeUndefined();
  });

  it('reads back every ordinal it says', () => {
    for (const n of [1, 2, 3, 4, 5, 8, 9, 11, 12, 20, 21, 30, 42, 100, 101, 1000, 2025]) expect(parseOrdinal(ordinalToWords(n))).toBe(n);
  });
});

describe('numbers in free text', () => {
  it('finds numerals and number words with their spans', () => {
    const text = 'add twenty one and 4, then -3.5 and 1,200';
    expect(findNumbers(text).map((m) => [m.value, m.text, m.words])).toEqual([
      [21, 'twenty one', true],
      [4, '4', false],
      [-3.5, '-3.5', false],
      [1200, '1,200', false],
    ]);
    const [first] = findNumbers(text);
    expect(text.slice(first!.start, first!.end)).toBe('twenty one');
  });

  it('takes "a" for one only before hundred or a scale, and quantity words not at all', () => {
    expect(findNumbers('set a timer for a few minutes').map((m) => m.value)).toEqual([]);
    expect(findNumbers('a thousand and one nights').map((m) => m.value)).toEqual([1001]);
  });

  it('does not read numbers inside words', () => {
    expect(findNumbers("mp3 10min 5pm 3rd someone's one's")).toEqual([]);
  });

  it('writes number words as digits and keeps every other character', () => {
    expect(wordsToDigits('what is twelve times eleven?')).toBe('what is 12 times 11?');
    expect(wordsToDigits('two hundred and five plus three')).toBe('205 plus 3');
    expect(wordsToDigits('add one and two')).toBe('add 1 and 2');
    expect(wordsToDigits('a hundred and ten divided by two')).toBe('110 divided by 2');
    expect(wordsToDigits('nineteen point nine nine times three')).toBe('19.99 times 3');
    expect(wordsToDigits('2 million divided by 4')).toBe('2000000 divided by 4');
    expect(wordsToDigits('one and a half cups')).toBe('1.5 cups');
    expect(wordsToDigits('five six')).toBe('5 6');
    expect(wordsToDigits('twenty - one')).toBe('20 - 1');
    expect(wordsToDigits('Twenty-One Pilots')).toBe('21 Pilots');
    expect(wordsToDigits('add a note: the point is')).toBe('add a note: the point is');
  });
});

describe('saying numbers', () => {
  it('says integers, decimals and negatives as words', () => {
    expect(numberToWords(1250)).toBe('one thousand two hundred fifty');
    expect(numberToWords('2.05')).toBe('two point zero five');
    expect(numberToWords(-40)).toBe('minus forty');
    expect(numberToWords(0)).toBe('zero');
    expect(numberToWords(1_000_000_000_000)).toBe('one zero zero zero zero zero zero zero zero zero zero zero zero');
  });

  it('says ordinals', () => {
    expect(ordinalToWords(3)).toBe('third');
    expect(ordinalToWords(21)).toBe('twenty first');
    expect(ordinalToWords(40)).toBe('fortieth');
    expect(ordinalToWords(112)).toBe('one hundred twelfth');
  });
});
