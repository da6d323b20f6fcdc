import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SkillContext, SkillManifest } from '../../kernel/contracts/index.js';
import { convertText, evaluateText } from './index.js';
import { wordsToDigits } from '../../kernel/sdk/index.js';
import { formatExact, formatRounded } from './format.js';
import { ALIASES, parseConversion, unitName } from './units.js';
import calc from './index.js';

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
    ["what's nine minus four", 5],
    ['multiply 23 by 4', 92],
    ['3 cubed', 27],
    ['take 15 percent off 200', 170],
    ["what's a 20% tip on 45", 9],
    ['add 5 to 12', 17],
    ['the product of 3, 4 and 5', 60],
  ])('%s → %d', async (text, expected) => {
    const got = await answer(text);
    expect(got?.value).toBeCloseTo(expected, 9);
  });

  it('answers with the number in the text', async () => {
    expect((await evaluateText('what is 15% of 240'))?.text).toMatch(/= 36$/);
  });

  it('refuses text that is not arithmetic, and code that tries to reach mathjs internals', async () => {
    expect(await evaluateText('what is the weather')).toBeUndefined();
    expect(await evaluateText('what is import(1)')).toBeUndefined();
    expect(await evaluateText('what is evaluate("1+1")')).toBeUndefined();
  });
});

describe('answers the kernel can pass on', () => {
  it('gives the total beside a tip, and the value as a number', async () => {
    const r = await evaluateText("what's a 20% tip on 45");
    expect(r?.text).toBe('a 20% tip on 45 = 9 (total 54)');
    expect(r?.data).toMatchObject({ value: 9, total: 54 });
    expect((await evaluateText('a 15% discount on 80'))?.text).toBe('a 15% discount on 80 = 12 (leaves 68)');
  });

  it('marks percentages as such', async () => {
    expect((await evaluateText('30 is what percent of 120'))?.text).toBe('30 is what percent of 120 = 25%');
  });

  it('evaluates the symbols an expression slot holds', async () => {
    const run = (slots: Record<string, unknown>, text: string) => calc['calc.evaluate'](slots, { text } as SkillContext);
    expect((await run({ expression: '23 * 4' }, 'hmm, multiply twenty-three by four for me thanks'))?.data).toMatchObject({ value: 92 });
  });
});

describe('out of scope', () => {
  it.each(['call a taxi to the airport', "what's the score of the game", 'set a timer for 5 minutes'])('declines "%s" instead of failing', async (text) => {
    for (const intent of ['calc.evaluate', 'calc.percent', 'calc.convert'] as const) {
      const r = await calc[intent]({}, { text } as SkillContext);
      expect(r?.declined, intent).toBe(true);
    }
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
    ['how many pounds is 5 kilos', 11.0, 'lb'],
    ['how many inches is 30 centimeters', 11.8, 'inch'],
    ['5 kilos is how many pounds', 11.0, 'lb'],
    ['how many pounds does 5 kilos make', 11.0, 'lb'],
    ["what's 30 cm in inches", 11.8, 'inch'],
    ['how far is 10 km in miles', 6.21, 'mile'],
    ['how many grams in half a kilo', 500, 'g'],
    ['convert 1000 square feet to square meters', 92.9, 'm2'],
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

  it('completes a conversion from its slots when the text left the unit to ask ("convert 12 to km" → "miles")', async () => {
    const r = await calc['calc.convert']({ amount: 12, unit: 'miles', target: 'kilometers' }, { text: 'convert 12 to kilometers' } as SkillContext);
    expect(r?.text).toMatch(/^12 mi ≈ 19\.3 km/);
    expect(r?.data).toMatchObject({ amount: 12, from: 'mile', to: 'km' });
    const asked = await calc['calc.convert']({ amount: 3, unit: 'miles', target: 'to km' }, { text: 'convert 3 miles' } as SkillContext);
    expect(asked?.text).toMatch(/^3 mi ≈ 4\.83 km/);
  });

  it('lists in the manifest exactly the unit names it reads', () => {
    const manifest = JSON.parse(fs.readFileSync(new URL('./skill.json', import.meta.url), 'utf8')) as SkillManifest;
    const convert = manifest.intents.find((i) => i.id === 'calc.convert')!;
    for (const slot of ['unit', 'target']) {
      const spec = convert.slots[slot]!;
      const forms = 'values' in spec ? spec.values.flatMap((v) => (typeof v === 'string' ? [v] : [v.value, ...v.synonyms])) : [];
      expect(new Set(forms), slot).toEqual(new Set(Object.keys(ALIASES)));
      for (const v of 'values' in spec ? spec.values : []) if (typeof v !== 'string') for (const f of v.synonyms) expect(unitName(f)).toBe(unitName(v.value));
    }
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
