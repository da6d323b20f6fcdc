/**
 * Written ↔ spoken forms of text. `toSpoken` turns a skill's example ("what is 15% of 240") into
 * the words a user would say ("what is fifteen percent of two hundred forty") for the recogniser's
 * language model; `toWritten` turns a recogniser's words back into the written form the intent
 * engine and the skills were written for ("twelve times eleven" → "12 times 11").
 */
import { numberToWords, ordinalToWords, wordsToDigits } from '../sdk/index.js';
import { isLocator, joinLocators, locatorToSpoken } from './locators.js';

export { numberToWords };

/** Unit abbreviations as said aloud ("5 km" → "five kilometers"). */
const UNITS: Record<string, string> = { km: 'kilometers', cm: 'centimeters', mm: 'millimeters', m: 'meters', kg: 'kilograms', mg: 'milligrams', g: 'grams', lb: 'pounds', lbs: 'pounds', oz: 'ounces', ml: 'milliliters', l: 'liters', kb: 'kilobytes', mb: 'megabytes', gb: 'gigabytes', tb: 'terabytes', mph: 'miles per hour', kph: 'kilometers per hour', h: 'hours', s: 'seconds' };

/** Written text → lower-case words as spoken, letters and apostrophes only. */
export function toSpoken(text: string): string {
  // Paths, file names and URLs are said symbol by symbol (locators.ts); the rest as prose.
  const out: string[] = [];
  let prose: string[] = [];
  for (const token of text.split(/\s+/)) {
    const bare = token.replace(/[,;!?)]+$|(?<=[a-z0-9/])\.$/i, '');
    if (!isLocator(bare)) {
      prose.push(token);
      continue;
    }
    out.push(proseToSpoken(prose.join(' ')), locatorToSpoken(bare));
    prose = [];
  }
  out.push(proseToSpoken(prose.join(' ')));
  return out.filter(Boolean).join(' ');
}

function proseToSpoken(text: string): string {
  let t = ` ${text.toLowerCase()} `;
  t = t.replace(/(\d+)(st|nd|rd|th)\b/g, (_, d: string) => ` ${ordinalToWords(Number(d))} `);
  t = t.replace(/\b(\d{1,2}):(\d{2})\b/g, (_, h: string, m: string) => ` ${numberToWords(h)} ${m === '00' ? '' : Number(m) < 10 ? `oh ${numberToWords(Number(m))}` : numberToWords(m)} `);
  t = t.replace(/(\d)\s*(am|pm)\b/g, (_, d: string, ap: string) => `${d} ${ap[0]} m`);
  t = t.replace(/(\d)\s*%/g, '$1 percent').replace(/%/g, ' percent ');
  t = t.replace(/\b(\d+(?:\.\d+)?)\s*([a-z]{1,3})\b/g, (m, d: string, u: string) => (UNITS[u] ? `${d} ${UNITS[u]}` : m));
  t = t.replace(/\b(km|cm|mm|kg|mg|lbs?|oz|ml|kb|mb|gb|tb|mph|kph)\b/g, (u: string) => UNITS[u]!);
  t = t.replace(/([\d)])\s*([+*x×/÷^-])\s*(?=\(?\d)/g, (_, d: string, op: string) => `${d} ${({ '+': 'plus', '*': 'times', x: 'times', '×': 'times', '/': 'divided by', '÷': 'divided by', '^': 'to the power of', '-': 'minus' } as Record<string, string>)[op]} `);
  t = t.replace(/\$(\d[\d,.]*)/g, '$1 dollars');
  t = t.replace(/\b(\d+(?:,\d{3})*(?:\.\d+)?)\b/g, (m) => ` ${numberToWords(m.replace(/,/g, ''))} `);
  t = t.replace(/&/g, ' and ').replace(/@/g, ' at ').replace(/\+/g, ' plus ').replace(/=/g, ' equals ');
  t = t.replace(/[^a-z' ]+/g, ' ').replace(/(^| )'+|'+( |$)/g, ' ');
  return t.replace(/\s+/g, ' ').trim();
}

/** Spoken number words → digits, "percent" → "%", "five p m" → "5pm", "tilde slash notes" → "~/notes". Other words stay. */
export function toWritten(text: string): string {
  const words = wordsToDigits(text.trim().split(/\s+/).filter(Boolean).join(' ')).split(' ').filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const prev = out[out.length - 1];
    if (w === 'percent' && prev !== undefined && /^\d/.test(prev)) out[out.length - 1] = `${prev}%`;
    else if ((w === 'p' || w === 'a') && words[i + 1] === 'm' && prev !== undefined && /^\d+$/.test(prev)) {
      out[out.length - 1] = `${prev}${w}m`;
      i++;
    } else out.push(w);
  }
  return joinLocators(out).join(' ');
}
