import { evaluate } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { findArithmetic, parseArithmetic } from './arithmetic.js';

const valueOf = (text: string): number | undefined => {
  const parsed = parseArithmetic(text);
  return parsed ? (evaluate(parsed.expression) as number) : undefined;
};

describe('parseArithmetic: what people say → the sum in symbols', () => {
  it.each([
    // number words and operator words
    ["what's nine minus four", 5],
    ['twenty five times four', 100],
    ['what is twelve times eleven', 132],
    ['a hundred divided by four', 25],
    ['two and a half times 4', 10],
    ['what is 7 plus 8 minus 3', 12],
    ['how much is 19.99 times 3', 59.97],
    ['what is 1,500 * 2', 3000],
    ['3 x 4', 12],
    ['6 × 7', 42],
    ['10 over 4', 2.5],
    ['17 mod 5', 2],
    ['a dozen times 3', 36],
    ['half a dozen plus one', 7],
    // verb frames
    ['multiply 23 by 4', 92],
    ['add 5 to 12', 17],
    ['add 5 and 12', 17],
    ['add 1, 2, 3 and 4', 10],
    ['subtract 4 from 9', 5],
    ['take 5 from 12', 7],
    ['take away 3 from 10', 7],
    ['divide 100 by 8', 12.5],
    ['split 120 between 4 people', 30],
    ['increase 1200 by 5%', 1260],
    ['decrease 80 by 25 percent', 60],
    ['what do you get if you multiply 6 by 7', 42],
    ['can you tell me what 6 times 7 is', 42],
    ['hey could you work out 45 * 12 please', 540],
    // noun frames
    ['the sum of 3 and 4', 7],
    ['the product of 3, 4 and 5', 60],
    ['the difference between 10 and 4', 6],
    ['the quotient of 20 and 5', 4],
    ['the average of 2, 4 and 9', 5],
    ['the remainder of 17 divided by 5', 2],
    // powers, roots and the like
    ['3 cubed', 27],
    ['what is 5 squared', 25],
    ["what's 2 to the power of 10", 1024],
    ['2 to the 10th power', 1024],
    ['2 raised to 3', 8],
    ['what is the square root of 81', 9],
    ['square root of 16 plus 9', 13],
    ['the cube root of 27', 3],
    ['the 4th root of 16', 2],
    ['square 12', 144],
    ['the square of 9', 81],
    ['half of 90', 45],
    ['a third of 90', 30],
    ['three quarters of 80', 60],
    ['double 21', 42],
    ['twice 8', 16],
    ['5 factorial', 120],
    ['5!', 120],
    ['the log of 1000', 3],
    ['log base 2 of 8', 3],
    ['the natural log of e', 1],
    ['ln(e)', 1],
    ['sqrt(144) + cbrt(27)', 15],
    ['calculate (2 + 3) * 4.5', 22.5],
    ['2 ^ 3 ^ 2', 512],
    ['minus 2 plus 5', 3],
    // percentages
    ["what's a 20% tip on 45", 9],
    ['a 20 percent tip on $45', 9],
    ['what is 10% of 350', 35],
    ['15 percent of 80', 12],
    ['take 15 percent off 200', 170],
    ['knock 10% off 80', 72],
    ["what's 20% off 50", 40],
    ['200 minus 15%', 170],
    ['what is 200 plus 15%', 230],
    ['add 15% to 200', 230],
    ['subtract 15% from 200', 170],
    ['45 with a 20% tip', 54],
    ['200 after a 15% discount', 170],
    ['the tip on 45 at 20%', 9],
    ['interest on 1000 at 5%', 50],
    ['30 is what percent of 120', 25],
    ['what percent of 200 is 50', 25],
    ['what percentage is 30 of 120', 25],
    ['30 out of 120 as a percentage', 25],
    ['percent change from 40 to 50', 25],
    ['a discount of 30% on 80', 24],
    ['tip for a 60 dollar meal at 18 percent', 10.8],
    ["what's 8 percent sales tax on 50", 4],
    ['if I take 20 percent off 150 what do I get', 120],
    ['200 less 10%', 180],
    // comparisons and written fractions
    ['5 more than 12', 17],
    ['5 less than 12', 7],
    ["what's 1/4 of 100", 25],
    ['multiply 7 times 8', 56],
    ['what is 10 to the third', 1000],
    ['three point five times two', 7],
  ])('%s = %d', (text, expected) => {
    expect(valueOf(text)).toBeCloseTo(expected, 9);
  });

  it('writes plain symbols that the calculator and mathjs read alike', () => {
    expect(parseArithmetic('multiply 23 by 4')?.expression).toBe('23 * 4');
    expect(parseArithmetic('nine minus four')?.expression).toBe('9 - 4');
    expect(parseArithmetic('3 cubed')?.expression).toBe('3 ^ 3');
    expect(parseArithmetic('what is the square root of 81')?.expression).toBe('sqrt(81)');
    expect(parseArithmetic('add 2 plus 3 to 10')?.expression).toBe('10 + 2 + 3');
    expect(parseArithmetic('minus 2 squared')?.expression).toBe('-2 ^ 2');
    expect(parseArithmetic('2 minus 3 minus 4')?.expression).toBe('2 - 3 - 4');
  });

  it('reads its own output again unchanged (a math slot holds symbols)', () => {
    for (const text of ['multiply 23 by 4', "what's a 20% tip on 45", 'take 15 percent off 200', 'the average of 2, 4 and 9', 'log base 2 of 8', '5!', 'the 4th root of 16']) {
      const once = parseArithmetic(text)!.expression;
      expect(parseArithmetic(once)?.expression, text).toBe(once);
    }
  });

  it('keeps what the answer needs: the words shown, percentages, the total beside a tip', () => {
    expect(parseArithmetic("what's nine minus four?")?.shown).toBe('9 minus 4');
    expect(parseArithmetic('30 is what percent of 120')?.percent).toBe(true);
    expect(parseArithmetic('what is 10% of 350')?.percent).toBeUndefined();
    const tip = parseArithmetic("what's a 20% tip on 45")!;
    expect(evaluate(tip.total!.expression)).toBe(54);
    expect(tip.total!.label).toBe('total');
    expect(parseArithmetic('a 15% discount on 80')?.total?.label).toBe('after');
  });

  it.each([
    'call a taxi to the airport',
    "what's the score of the game",
    'set a timer for 5 minutes',
    'remind me in 10 minutes to stretch',
    'what time is it',
    "what's the weather",
    '42',
    'what is 5',
    'minus 5',
    'add milk to the list',
    'add 5 eggs to my list',
    'add 5 to my shopping list',
    'increase the volume by 10%',
    'decrease brightness by 20 percent',
    'convert 5 miles to km',
    '5 kilos in pounds',
    'open 3 tabs',
    'call 911',
    'a 20% tip',
    'take 2 pills at 5',
    'double check the file',
    'split the bill',
    'times square',
    '20% chance of rain',
    'what is import(1)',
    'what is evaluate("1+1")',
    'note that 2 plus 2 is 4',
    'play track 3 and 4',
    'what is 5 and 3',
    'square dance',
  ])('"%s" is not arithmetic', (text) => {
    expect(parseArithmetic(text)).toBeUndefined();
  });
});

describe('findArithmetic: the sum inside a longer request', () => {
  it('finds the longest stretch that is arithmetic, with where it stands', () => {
    const text = 'hmm ok so I was wondering, 6 times 7, thanks a lot';
    const hit = findArithmetic(text)!;
    expect(hit.value.expression).toBe('6 * 7');
    expect(text.slice(hit.start, hit.end)).toBe('6 times 7');
  });

  it('finds none in a request without one', () => {
    expect(findArithmetic('call a taxi to the airport at 5')).toBeUndefined();
  });
});
