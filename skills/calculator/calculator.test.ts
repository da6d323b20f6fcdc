import { describe, expect, it } from 'vitest';
import { convertText, evaluateText } from './index.js';
import { wordsToDigits } from '../../kernel/sdk/index.js';
import { toExpression } from './expression.js';
import { formatExact, formatRounded } from './format.js';
import { parseConversion } from './units.js';

const answer = async (text: string) => (await evaluateText(text))?.data as { value: number } | undefined;
const convert = async (text: string) => (await convertText(text))?.data as { value: number; rounded: number; to: string } | undefined;

describe('spoken numbers', () => {
  it('turns number words into digits and leaves other words alone', () => {
    expect(wordsToDigits('what is twelve times eleven')).toBe('what is 12 times 11');
    expect(wordsToDigits('two hundred and five plus three')).toBe('205 plus 3');
    expect(wordsToDigits('twenty-one minus one')).toBe('21 minus 1');
    expect(wordsToDigits('add one and two')).toBe('add 1 and 2');
  });
});

describe('arithmetic and percentages', () => {
  it.each([
    ['what is 15% of 240', 36],
    ['what is twelve times eleven', 132],
    ['calculate 1250 / 8', 156.25],
    ['what is 0.1 + 0.2', 0.3],
    ['30 is what percent of 120', 25],
    ['what percent of 200 is 50', 25],
    ['increase 1200 by 5%', 1260],
    ['decrease 80 by 25 percent', 60],
    ["what's 20% off 50", 40],
    ['what is 200 plus 15%', 230],
    ['compute the square root of 144', 12],
    ['what is 5 squared', 25],
    ["what's 2 to the power of 10", 1024],
    ['what is 1,500 * 2', 3000],
    ['what is log(1000)', 3],
  ])('%s → %d', async (text, expected) => {
    const got = await answer(text);
    expect(got?.value).toBeCloseTo(expected, 9);
  });

  it('answers with the number in the text', async () => {
    expect((await evaluateText('what is 15% of 240'))?.text).toMatch(/= 36$/);
  });

  it('refuses text that is not arithmetic, and code that tries to reach mathjs internals', async () => {
    expect(toExpression('what is the weather')).toBeUndefined();
    expect(await evaluateText('what is import(1)')).toBeUndefined();
    expect(await evaluateText('what is evaluate("1+1")')).toBeUndefined();
  });
});

describe('unit conversion', () => {
  it.each([
    ['convert 5 miles to km', 8.05, 'km'],
    ['100 f in c', 37.8, 'degC'],
    ['3 GB in MB', 3000, 'MB'],
    ['what is 70 kg in pounds', 154, 'lb'],
    ['how many cups are in 2 liters', 8.45, 'cup'],
    ['convert 90 minutes to hours', 1.5, 'hour'],
    ['how many feet in a mile', 5280, 'ft'],
    ['twenty celsius to fahrenheit', 68, 'degF'],
    ['how many seconds are there in a day', 86400, 's'],
    ['1 GiB in MiB', 1024, 'MiB'],
    ['convert 3 gallons to liters', 11.4, 'l'],
  ])('%s ≈ %d %s', async (text, rounded, unit) => {
    const got = await convert(text);
    expect(got?.to).toBe(unit);
    expect(got?.rounded).toBeCloseTo(rounded, 6);
  });

  it('says about 8.05 km for 5 miles, with the precise figure', async () => {
    expect((await convertText('convert 5 miles to km'))?.text).toBe('5 mi ≈ 8.05 km (8.04672 km)');
  });

  it('explains when units measure different things', async () => {
    await expect(convertText('5 km in kg')).rejects.toThrow(/different things/);
  });

  it('does not take sentences for conversions', () => {
    expect(parseConversion('remind me to stretch in 10 minutes')).toBeUndefined();
    expect(parseConversion('open firefox in a new window')).toBeUndefined();
  });
});

describe('formatting', () => {
  it('rounds measured values to three significant digits but keeps the integer part', () => {
    expect(formatRounded(8.04672)).toBe('8.05');
    expect(formatRounded(1234.56)).toBe('1235');
    expect(formatRounded(86400)).toBe('86,400');
    expect(formatExact(1 / 3)).toBe('0.333333333333');
  });
});

describe('the fast evaluator agrees with mathjs', () => {
  it.each(['1 + 2 * 3', '(1 + 2) * 3', '2 ^ 3 ^ 2', '-2 ^ 2', '10 / 4', '17 mod 5', '10 % 3', '(15 / 100) * 240', '5!', 'sqrt(144) + cbrt(27)', 'log10(1000)', '2 * pi', '1e3 / 8', '.5 + .25', '50%', '3 - -2'])('%s', async (expr) => {
    const { evaluateArithmetic } = await import('./arith.js');
    const { calculator } = await import('./math.js');
    const fast = evaluateArithmetic(expr);
    expect(fast).toBeDefined();
    expect(fast).toBeCloseTo((await calculator()).evaluate(expr) as number, 10);
  });

  it('leaves what it does not know to mathjs', async () => {
    const { evaluateArithmetic } = await import('./arith.js');
    expect(evaluateArithmetic('5 inch to cm')).toBeUndefined();
    expect(evaluateArithmetic('2(3)')).toBeUndefined();
    expect(evaluateArithmetic('import(1)')).toBeUndefined();
    expect(evaluateArithmetic('2 ** 10')).toBe(1024);
  });
});
