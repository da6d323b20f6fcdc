/**
 * Calculator and units: arithmetic and percentages in plain words ("what is 15% of 240"),
 * and unit conversion for length, mass, temperature, volume, data sizes and time
 * ("convert 5 miles to km"). Handlers read the request text themselves, so they work whatever
 * the intent engine extracted as slots.
 */
import { defineSkill, type SkillContext, type SkillResult, type Slots } from '../../kernel/contracts/index.js';
import { toExpression } from './expression.js';
import { formatExact, formatRounded, isRounded } from './format.js';
import { evaluateArithmetic } from './arith.js';
import { calculator } from './math.js';
import { parseConversion, showUnit, unitName } from './units.js';

/** The text to work on: the request, or the slot when the request text does not parse. */
const candidates = (slots: Slots, ctx: SkillContext, ...names: string[]) => [ctx.text, ...names.map((n) => slots[n]).filter((v): v is string => typeof v === 'string' && v.length > 0)];

export async function evaluateText(text: string): Promise<SkillResult | undefined> {
  const parsed = toExpression(text);
  if (!parsed) return undefined;
  let value: unknown = evaluateArithmetic(parsed.expression);
  if (value === undefined) {
    const { evaluate } = await calculator();
    try {
      value = evaluate(parsed.expression);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'number') {
    if (value && typeof value === 'object' && 'toNumber' in value && 'units' in value) {
      const v = value as { toString(): string };
      return { text: `${parsed.shown} = ${v.toString()}`, data: { expression: parsed.expression, value: v.toString() } };
    }
    return undefined;
  }
  const shown = formatExact(value);
  const isPercentQuestion = /what\s*(?:%|percent)/i.test(parsed.shown);
  const answer = isPercentQuestion ? `${shown}%` : shown;
  return {
    text: `${parsed.shown} = ${answer}`,
    speak: `${answer}`,
    data: { expression: parsed.expression, value },
    card: { type: 'kv', title: 'Calculator', entries: [{ key: parsed.shown, value: answer }] },
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
    if (/do not match|not match/i.test(msg)) throw new Error(`${req.fromText} cannot be converted to ${req.toText}: they measure different things`);
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
    card: { type: 'kv', title: 'Conversion', entries: [{ key: from, value: `${to}${precise}` }] },
  };
}

const notUnderstood = (text: string, kind: string) =>
  new Error(`I could not read "${text}" as ${kind}. Try for example "what is 12 * (3 + 4)", "15% of 240" or "convert 5 miles to km".`);

export default defineSkill({
  'calc.evaluate': async (slots, ctx) => {
    for (const t of candidates(slots, ctx, 'expression')) {
      const result = (await evaluateText(t)) ?? (await convertText(t));
      if (result) return result;
    }
    throw notUnderstood(ctx.text, 'arithmetic');
  },
  'calc.percent': async (slots, ctx) => {
    for (const t of candidates(slots, ctx, 'expression')) {
      const result = await evaluateText(t);
      if (result) return result;
    }
    throw notUnderstood(ctx.text, 'a percentage');
  },
  'calc.convert': async (slots, ctx) => {
    const texts = candidates(slots, ctx);
    if (typeof slots.amount === 'number' || typeof slots.amount === 'string') {
      if (typeof slots.unit === 'string' && typeof slots.target === 'string') texts.push(`${String(slots.amount)} ${slots.unit} to ${slots.target}`);
    }
    for (const t of texts) {
      const result = (await convertText(t)) ?? (await evaluateText(t));
      if (result) return result;
    }
    const target = typeof slots.target === 'string' ? slots.target : '';
    if (target && !unitName(target)) throw new Error(`I do not know the unit "${target}". Try units such as km, miles, kg, lb, °C, °F, liters, GB or hours.`);
    throw notUnderstood(ctx.text, 'a unit conversion');
  },
});
