/**
 * Unit conversion requests ("convert 5 miles to km", "100 f in c", "how many MB in 3 GB") parsed
 * into an amount, a source unit and a target unit that mathjs knows. Spoken and plural unit names
 * map to mathjs names here; anything else is tried as mathjs spells it.
 */
import { wordsToDigits } from '../../kernel/sdk/index.js';

/** Spoken and written unit names (lower case) → mathjs unit. The manifest's unit slots list the same names (a test keeps them in step). */
export const ALIASES: Record<string, string> = {
  // length
  mile: 'mile', miles: 'mile', mi: 'mile', km: 'km', kms: 'km', kilometer: 'km', kilometers: 'km', kilometre: 'km', kilometres: 'km',
  m: 'm', meter: 'm', meters: 'm', metre: 'm', metres: 'm', cm: 'cm', centimeter: 'cm', centimeters: 'cm', centimetre: 'cm', centimetres: 'cm',
  mm: 'mm', millimeter: 'mm', millimeters: 'mm', millimetre: 'mm', millimetres: 'mm', ft: 'ft', foot: 'ft', feet: 'ft',
  inch: 'inch', inches: 'inch', yd: 'yard', yard: 'yard', yards: 'yard', nmi: 'nmi', 'nautical mile': 'nmi', 'nautical miles': 'nmi',
  // mass
  kg: 'kg', kgs: 'kg', kilo: 'kg', kilos: 'kg', kilogram: 'kg', kilograms: 'kg', g: 'g', gram: 'g', grams: 'g', mg: 'mg', milligram: 'mg', milligrams: 'mg',
  lb: 'lb', lbs: 'lb', pound: 'lb', pounds: 'lb', oz: 'oz', ounce: 'oz', ounces: 'oz', stone: 'stone', stones: 'stone', st: 'stone',
  ton: 'tonne', tons: 'tonne', tonne: 'tonne', tonnes: 'tonne', t: 'tonne',
  // temperature
  c: 'degC', '°c': 'degC', celsius: 'degC', centigrade: 'degC', degc: 'degC', 'degrees celsius': 'degC', 'degrees c': 'degC',
  f: 'degF', '°f': 'degF', fahrenheit: 'degF', degf: 'degF', 'degrees fahrenheit': 'degF', 'degrees f': 'degF',
  k: 'K', kelvin: 'K', kelvins: 'K',
  // volume
  l: 'l', liter: 'l', liters: 'l', litre: 'l', litres: 'l', ml: 'ml', milliliter: 'ml', milliliters: 'ml', millilitre: 'ml', millilitres: 'ml',
  gallon: 'gallon', gallons: 'gallon', gal: 'gallon', quart: 'quart', quarts: 'quart', pint: 'pint', pints: 'pint', cup: 'cup', cups: 'cup',
  'fl oz': 'floz', floz: 'floz', 'fluid ounce': 'floz', 'fluid ounces': 'floz', tablespoon: 'tablespoon', tablespoons: 'tablespoon', tbsp: 'tablespoon',
  teaspoon: 'teaspoon', teaspoons: 'teaspoon', tsp: 'teaspoon', 'cubic meter': 'm3', 'cubic meters': 'm3', m3: 'm3',
  // data sizes (decimal prefixes as on drives; binary ones with "i")
  b: 'B', byte: 'B', bytes: 'B', bit: 'b', bits: 'b', kb: 'kB', kilobyte: 'kB', kilobytes: 'kB', mb: 'MB', megabyte: 'MB', megabytes: 'MB',
  gb: 'GB', gigabyte: 'GB', gigabytes: 'GB', tb: 'TB', terabyte: 'TB', terabytes: 'TB', pb: 'PB', petabyte: 'PB', petabytes: 'PB',
  kib: 'KiB', kibibyte: 'KiB', kibibytes: 'KiB', mib: 'MiB', mebibyte: 'MiB', mebibytes: 'MiB', gib: 'GiB', gibibyte: 'GiB', gibibytes: 'GiB', tib: 'TiB',
  kbit: 'kb', mbit: 'Mb', gbit: 'Gb', megabit: 'Mb', megabits: 'Mb', gigabit: 'Gb', gigabits: 'Gb',
  // time
  s: 's', sec: 's', secs: 's', second: 's', seconds: 's', ms: 'ms', millisecond: 'ms', milliseconds: 'ms', min: 'minute', mins: 'minute',
  minute: 'minute', minutes: 'minute', h: 'hour', hr: 'hour', hrs: 'hour', hour: 'hour', hours: 'hour', day: 'day', days: 'day',
  week: 'week', weeks: 'week', month: 'month', months: 'month', year: 'year', years: 'year', yr: 'year', yrs: 'year',
  // speed and area, often asked alongside
  mph: 'mi/h', 'miles per hour': 'mi/h', kph: 'km/h', 'km/h': 'km/h', kmh: 'km/h', 'kilometers per hour': 'km/h', 'kilometres per hour': 'km/h',
  'm/s': 'm/s', 'meters per second': 'm/s', 'metres per second': 'm/s', acre: 'acre', acres: 'acre', hectare: 'hectare', hectares: 'hectare', ha: 'hectare',
  'square feet': 'sqft', 'square foot': 'sqft', 'sq ft': 'sqft', sqft: 'sqft', 'square meters': 'm2', 'square metres': 'm2', 'square meter': 'm2', 'sq m': 'm2', m2: 'm2',
  'square kilometers': 'km2', 'square kilometres': 'km2', km2: 'km2', 'square miles': 'sqmi', 'square mile': 'sqmi', 'square inches': 'sqin', 'square yards': 'sqyd',
  // pressure, energy and power, asked less often
  psi: 'psi', bar: 'bar', atm: 'atm', atmosphere: 'atm', atmospheres: 'atm', pa: 'Pa', pascal: 'Pa', pascals: 'Pa', kpa: 'kPa',
  joule: 'J', joules: 'J', kj: 'kJ', kilojoule: 'kJ', kilojoules: 'kJ', kwh: 'kWh', 'kilowatt hour': 'kWh', 'kilowatt hours': 'kWh', btu: 'BTU',
  w: 'W', watt: 'W', watts: 'W', kw: 'kW', kilowatt: 'kW', kilowatts: 'kW', hp: 'hp', horsepower: 'hp',
};

/** How a mathjs unit is shown in answers. */
const SHOWN: Record<string, string> = {
  degC: '°C', degF: '°F', K: 'K', mile: 'mi', inch: 'in', gallon: 'gal', floz: 'fl oz', 'mi/h': 'mph', tonne: 't', minute: 'min', hour: 'h', m3: 'm³',
  m2: 'm²', km2: 'km²', sqft: 'sq ft', sqmi: 'sq mi', sqin: 'sq in', sqyd: 'sq yd',
};

export function showUnit(unit: string): string {
  return SHOWN[unit] ?? unit.replace(/\^2\b/g, '²').replace(/\^3\b/g, '³');
}

export interface ConversionRequest {
  amount: number;
  from: string;
  to: string;
  /** The units as the user wrote them. */
  fromText: string;
  toText: string;
}

/** The mathjs name of a unit phrase, or the phrase itself when it looks like a mathjs unit ("kN", "psi"). */
export function unitName(phrase: string): string | undefined {
  const p = phrase
    .trim()
    .replace(/^(?:an?|the|one)\s+/i, '')
    .replace(/^(?:degrees?|deg)\s+/i, '')
    .replace(/\s+/g, ' ');
  const lower = p.toLowerCase();
  if (ALIASES[lower]) return ALIASES[lower];
  const sq = /^(?:square|sq)\s+(.+)$/.exec(lower);
  if (sq) {
    const base = unitName(sq[1]!);
    return base ? `${base}^2` : undefined;
  }
  const cubic = /^(?:cubic|cu)\s+(.+)$/.exec(lower);
  if (cubic) {
    const base = unitName(cubic[1]!);
    return base ? `${base}^3` : undefined;
  }
  if (/^[A-Za-z][A-Za-z0-9/^]{0,12}$/.test(p)) return p;
  return undefined;
}

const AMOUNT = String.raw`(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?|half\s+an?(?=\s)|an?(?=\s)|one(?=\s))`;
const UNIT = String.raw`([a-z°/][a-z°/ 0-9^]*?)`;
/** Request phrasing before the amount ("convert", "what's", "how far is", "can you change"). */
const LEAD =
  /^(?:(?:hey|ok|okay|please|so|quickly|can\s+you|could\s+you|would\s+you|tell\s+me|do\s+you\s+know)\s+)*(?:(?:convert|change|turn|express|translate)(?:\s+from)?|what(?:'s|\s+is|\s+are)|whats|how\s+(?:much|far|long|heavy|big|hot|cold|warm|tall|fast)\s+(?:is|are)|is)\s+/i;
/** Between the amount with its unit and the unit wanted: "to", "in", "is how many", "converted into". */
const TO = String.raw`(?:(?:converted|changed|turned)\s+)?(?:to|in|into|as|in\s+to)|(?:is|are|equals?|makes?|=|in)\s+how\s+many|=`;
/** Between the unit wanted and the amount: "how many pounds [are there] in / is / make 5 kilos". */
const FROM = String.raw`(?:(?:are|is)\s+there\s+)?(?:(?:are|is)\s+)?(?:in|per|to)|is|are|makes?|equals?|(?:is\s+)?equal\s+to|do\s+you\s+get\s+(?:in|from|for)|(?:do|does|will|would)`;
const BACK_TAIL = String.raw`(?:\s+(?:make|makes|equal|equals|have|has|contain|contains|weigh|be|is|are))?`;

const forwardRe = new RegExp(String.raw`^${AMOUNT}\s*${UNIT}\s+(?:${TO})\s+(?:the\s+)?${UNIT}$`, 'i');
const backwardRe = new RegExp(String.raw`^how\s+many\s+${UNIT}\s+(?:${FROM})\s+${AMOUNT}\s*${UNIT}${BACK_TAIL}$`, 'i');

/**
 * Finds "AMOUNT UNIT (to|in|into|as|is how many) UNIT" or "how many UNIT (are in|is|make) AMOUNT
 * UNIT" in a request; both units must be units ("5 things in boxes" is no conversion).
 */
export function parseConversion(text: string): ConversionRequest | undefined {
  const t = wordsToDigits(text.trim())
    .replace(/[?!.]+$/, '')
    .replace(/(\d),(?=\d{3}\b)/g, '$1')
    .replace(/\s+/g, ' ')
    .replace(LEAD, '')
    .replace(/\s+(?:please|for me|thanks|exactly|again)$/i, '')
    .trim();
  const amount = (s: string) => (/^half/i.test(s) ? 0.5 : /^(?:an?|one)$/i.test(s) ? 1 : Number(s));
  const forward = forwardRe.exec(t);
  const backward = backwardRe.exec(t);
  let parts: [string, string, string] | undefined;
  if (forward) parts = [forward[1]!, forward[2]!, forward[3]!];
  else if (backward) parts = [backward[2]!, backward[3]!, backward[1]!];
  if (!parts) return undefined;
  const from = unitName(parts[1]);
  const to = unitName(parts[2]);
  if (!from || !to) return undefined;
  const n = amount(parts[0]);
  if (!Number.isFinite(n)) return undefined;
  return { amount: n, from, to, fromText: parts[1].trim(), toText: parts[2].trim() };
}
