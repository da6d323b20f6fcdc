/**
 * Calculator and units: arithmetic and percentages in plain words ("what is 15% of 240"),
 * and unit conversion for length, mass, temperature, volume, data sizes and time
 * ("convert 5 miles to km"). Handlers read the request text themselves (the arithmetic grammar is
 * kernel/sdk/arithmetic.ts, shared with the intent engine's `math` slots), so they work whatever
 * the intent engine extracted as slots; a request that is neither is declined, never an error.
 */
import { defineSkill, type SkillContext, type SkillResult, type Slots } from '../../kernel/contracts/index.js';
import { parseArithmetic } from '../../kernel/sdk/index.js';
import { formatExact, formatRounded, isRounded } from './format.js';
import { evaluateArithmetic } from './arith.js';
import { calculator } from './math.js';
import { parseConversion, showUnit, unitName } from './units.js';

/** The texts to work on: the request first, then the slots (an expression slot already holds symbols). */
const candidates = (slots: Slots, ctx: SkillContext, ...names: string[]) => [ctx.text, ...names.map((n) => slots[n]).filter((v): v is string => typeof v === 'string' && v.length > 0)];

/** The number an expression comes to; undefined when neither the fast evaluator nor mathjs gives one. */
async function valueOf(expression: string): Promise<number | undefined> {
  const fast = evaluateArithmetic(expression);
  if (fast !== undefined) return fast;
  try {
    const value: unknown = (await calculator()).evaluate(expression);
    return typeof value === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}

export async function evaluateText(text: string): Promise<SkillResult | undefined> {
  const parsed = parseArithmetic(text);
  if (!parsed) return undefined;
  const value = await valueOf(parsed.expression);
  if (value === undefined) return undefined;
  const shown = formatExact(value);
  const answer = parsed.percent ? `${shown}%` : shown;
  // "a 20% tip on 45" is the tip; the bill with it is what people want next.
  const total = parsed.total ? await valueOf(parsed.total.expression) : undefined;
  const beside = total === undefined ? '' : parsed.total!.label === 'total' ? ` (total ${formatExact(total)})` : ` (leaves ${formatExact(total)})`;
  return {
    text: `${parsed.shown} = ${answer}${beside}`,
    speak: `${answer}${beside}`,
    // One line says it all: no card repeats it.
    data: { expression: parsed.expression, value, ...(total !== undefined ? { total } : {}) },
  };
}

export async function convertText(text: string): Promise<SkillResult | undefined> {
  const req = parseConversion(text);
  if (!req) return undefined;
  const { unit } = await calculator();
  let value: number;
  try {
    value = unit(req.amount, req.from).toNumber(req.to);
  } catch (error) {
    const msg = (error as Error).message;
    if (/do not match|not match/i.test(msg)) throw new Error(`${req.fromText} cannot be converted to ${req.toText}: they measure different things. Convert between units of one kind, e.g. "5 miles to km".`);
    return undefined;
  }
  const approx = isRounded(value);
  const rounded = formatRounded(value);
  const from = `${formatExact(req.amount)} ${showUnit(req.from)}`;
  const to = `${rounded} ${showUnit(req.to)}`;
  const precise = approx ? ` (${formatExact(Number(value.toPrecision(6)))} ${showUnit(req.to)})` : '';
  return {
    text: `${from} ${approx ? '≈' : '='} ${to}${precise}`,
    speak: `${from} is ${approx ? 'about ' : ''}${to}`,
    data: { amount: req.amount, from: req.from, to: req.to, value, rounded: Number(rounded.replace(/,/g, '')) },
  };
}

/** Not arithmetic and no conversion: the kernel answers "not understood" (the request may belong to no skill). */
const declined = (text: string): SkillResult => ({
  text: `I could not read "${text}" as arithmetic or a unit conversion. Try for example "what is 12 * (3 + 4)", "a 20% tip on 45" or "convert 5 miles to km".`,
  declined: true,
});

export default defineSkill({
  'calc.evaluate': async (slots, ctx) => {
    for (const t of candidates(slots, ctx, 'expression')) {
      const result = (await evaluateText(t)) ?? (await convertText(t));
      if (result) return result;
    }
    return declined(ctx.text);
  },
  'calc.percent': async (slots, ctx) => {
    for (const t of candidates(slots, ctx, 'expression')) {
      const result = await evaluateText(t);
      if (result) return result;
    }
    return declined(ctx.text);
  },
  'calc.convert': async (slots, ctx) => {
    const texts = candidates(slots, ctx);
    const amount = typeof slots.amount === 'number' ? slots.amount : undefined;
    // An answer to "which unit?" may keep its preposition ("to km", "from miles").
    const unitOf = (v: unknown) => (typeof v === 'string' ? v.replace(/^(?:to|into|in|from)\s+(?:the\s+)?/i, '') : undefined);
    const [unit, target] = [unitOf(slots.unit), unitOf(slots.target)];
    // The slots alone make a request when the text left something to ask ("convert 12 to km" → "miles").
    if (amount !== undefined && unit && target) texts.push(`${amount} ${unit} to ${target}`);
    for (const t of texts) {
      const result = (await convertText(t)) ?? (await evaluateText(t));
      if (result) return result;
    }
    if (target && !unitName(target)) throw new Error(`I do not know the unit "${target}". Try units such as km, miles, kg, lb, °C, °F, liters, GB or hours.`);
    return declined(ctx.text);
  },
});
