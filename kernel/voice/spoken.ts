/**
 * Written ↔ spoken forms of text. `toSpoken` turns a skill's example ("what is 15% of 240") into
 * the words a user would say ("what is fifteen percent of two hundred forty") for the recogniser's
 * language model; `toWritten` turns a recogniser's words back into the written form the intent
 * engine and the skills were written for ("twelve times eleven" → "12 times 11").
 */
const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES: [number, string][] = [[1e9, 'billion'], [1e6, 'million'], [1e3, 'thousand']];
/** Unit abbreviations as said aloud ("5 km" → "five kilometers"). */
const UNITS: Record<string, string> = { km: 'kilometers', cm: 'centimeters', mm: 'millimeters', m: 'meters', kg: 'kilograms', mg: 'milligrams', g: 'grams', lb: 'pounds', lbs: 'pounds', oz: 'ounces', ml: 'milliliters', l: 'liters', kb: 'kilobytes', mb: 'megabytes', gb: 'gigabytes', tb: 'terabytes', mph: 'miles per hour', kph: 'kilometers per hour', h: 'hours', s: 'seconds' };
const ORDINALS: Record<string, string> = { one: 'first', two: 'second', three: 'third', five: 'fifth', eight: 'eighth', nine: 'ninth', twelve: 'twelfth' };

function below1000(n: number): string[] {
  const out: string[] = [];
  if (n >= 100) {
    out.push(ONES[Math.floor(n / 100)]!, 'hundred');
    n %= 100;
  }
  if (n >= 20) {
    out.push(TENS[Math.floor(n / 10)]!);
    n %= 10;
    if (n > 0) out.push(ONES[n]!);
  } else if (n > 0 || out.length === 0) out.push(ONES[n]!);
  return out;
}

/** 1234 → "one thousand two hundred thirty four"; 2.5 → "two point five". */
export function numberToWords(value: string | number): string {
  const s = String(value);
  const [intPart = '0', frac] = s.replace(/^-/, '').split('.');
  let n = Number(intPart);
  if (!Number.isFinite(n) || n >= 1e12) return s.split('').map((d) => ONES[Number(d)] ?? d).join(' ');
  const words: string[] = s.startsWith('-') ? ['minus'] : [];
  if (n === 0) words.push('zero');
  for (const [scale, name] of SCALES) {
    if (n >= scale) {
      words.push(...below1000(Math.floor(n / scale)), name);
      n %= scale;
    }
  }
  if (n > 0) words.push(...below1000(n));
  if (frac) words.push('point', ...frac.split('').map((d) => ONES[Number(d)]!));
  return words.join(' ');
}

function ordinalToWords(n: number): string {
  const words = numberToWords(n).split(' ');
  const last = words.pop()!;
  const ord = ORDINALS[last] ?? (last.endsWith('y') ? `${last.slice(0, -1)}ieth` : `${last}th`);
  return [...words, ord].join(' ');
}

/** Written text → lower-case words as spoken, letters and apostrophes only. */
export function toSpoken(text: string): string {
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
  t = t.replace(/\b([a-z0-9-]+)\.(com|org|net|io|dev|de|uk)\b/g, '$1 dot $2');
  t = t.replace(/&/g, ' and ').replace(/@/g, ' at ').replace(/\+/g, ' plus ').replace(/=/g, ' equals ');
  t = t.replace(/[^a-z' ]+/g, ' ').replace(/(^| )'+|'+( |$)/g, ' ');
  return t.replace(/\s+/g, ' ').trim();
}

const UNIT_VALUE = new Map(ONES.map((w, i) => [w, i]));
const TEN_VALUE = new Map(TENS.map((w, i) => [w, i * 10]).filter(([w]) => w) as [string, number][]);
const SCALE_VALUE = new Map([['thousand', 1e3], ['million', 1e6], ['billion', 1e9]]);

type Kind = 'unit' | 'teen' | 'tens' | 'hundred' | 'scale';

/** Spoken number words → digits, "percent" → "%", "five p m" → "5pm". Other words stay. */
export function toWritten(text: string): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let total = 0;
  let current = 0;
  let last: Kind | undefined;
  let frac: string | undefined;
  const flush = () => {
    if (last === undefined) return;
    out.push(`${total + current}${frac ? `.${frac}` : ''}`);
    total = current = 0;
    last = frac = undefined;
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const unit = UNIT_VALUE.get(w);
    const ten = TEN_VALUE.get(w);
    const scale = SCALE_VALUE.get(w);
    if (frac !== undefined) {
      if (unit !== undefined && unit < 10) {
        frac += String(unit);
        continue;
      }
      flush();
    }
    if (unit !== undefined) {
      const kind: Kind = unit < 10 ? 'unit' : 'teen';
      const continues = last === undefined || last === 'hundred' || last === 'scale' || (last === 'tens' && kind === 'unit');
      if (!continues) flush();
      current += unit;
      last = kind;
    } else if (ten !== undefined) {
      if (!(last === undefined || last === 'hundred' || last === 'scale')) flush();
      current += ten;
      last = 'tens';
    } else if (w === 'hundred' && (last === 'unit' || last === 'teen' || last === 'tens') && current < 100) {
      current *= 100;
      last = 'hundred';
    } else if (scale !== undefined && last !== undefined && last !== 'scale') {
      total += current * scale;
      current = 0;
      last = 'scale';
    } else if (w === 'and' && last === 'hundred' && (UNIT_VALUE.has(words[i + 1] ?? '') || TEN_VALUE.has(words[i + 1] ?? ''))) {
      continue;
    } else if (w === 'point' && last !== undefined && UNIT_VALUE.has(words[i + 1] ?? '')) {
      frac = '';
    } else {
      flush();
      const prev = out[out.length - 1];
      if (w === 'percent' && prev !== undefined && /^\d/.test(prev)) out[out.length - 1] = `${prev}%`;
      else if ((w === 'p' || w === 'a') && words[i + 1] === 'm' && prev !== undefined && /^\d+$/.test(prev)) {
        out[out.length - 1] = `${prev}${w}m`;
        i++;
      } else out.push(w);
    }
  }
  flush();
  return out.join(' ');
}
