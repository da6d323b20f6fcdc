/**
 * Typed slot values: turning the words a user said into normalised values — numbers (digits or
 * words), ordinals, durations (ms), dates and times (ISO, with chrono-node), paths, URLs, e-mail
 * addresses. Each parser returns undefined when the words are not a value of that type, so a
 * template whose slot does not parse simply does not match.
 */
import * as chrono from 'chrono-node';
import type { SlotType } from '../contracts/index.js';

const UNITS: Record<string, number> = {
  zero: 0, oh: 0, one: 1, a: 1, an: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  couple: 2, few: 3, half: 0.5, dozen: 12,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9 };
const ORDINALS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11,
  twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19,
  twentieth: 20, thirtieth: 30, last: -1,
};
export const NUMBER_WORDS = [...Object.keys(UNITS), ...Object.keys(SCALES), 'and'];

/** "12", "-3.5", "1,200", "twelve", "twenty one", "a hundred and five", "two and a half". */
export function parseNumber(raw: string): number | undefined {
  const s = raw.trim().toLowerCase().replace(/(\d),(\d{3})\b/g, '$1$2');
  if (/^[-+]?\d+(\.\d+)?$/.test(s)) return Number(s);
  if (/^[-+]?\d+,\d+$/.test(s)) return Number(s.replace(',', '.'));
  const words = s.split(/[\s-]+/).filter(Boolean);
  if (words.length === 0) return undefined;
  let total = 0;
  let current = 0;
  let seen = false;
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    if (w === 'and') continue;
    if (w === 'a' || w === 'an') {
      // "a hundred", "an hour" → 1; "and a half" handled by half.
      if (words[k + 1] === 'half') continue;
      current += 1;
      seen = true;
      continue;
    }
    if (w === 'half') {
      current += 0.5;
      seen = true;
      continue;
    }
    if (w in UNITS) {
      current += UNITS[w]!;
      seen = true;
    } else if (w in SCALES) {
      current = (current || 1) * SCALES[w]!;
      if (SCALES[w]! >= 1000) {
        total += current;
        current = 0;
      }
      seen = true;
    } else if (/^\d+(\.\d+)?$/.test(w)) {
      current += Number(w);
      seen = true;
    } else return undefined;
  }
  return seen ? total + current : undefined;
}

/** "3rd", "first", "the second", "last" (→ -1). */
export function parseOrdinal(raw: string): number | undefined {
  const s = raw.trim().toLowerCase().replace(/^the\s+/, '').replace(/\s+(one|item)$/, '');
  const m = /^(\d+)(st|nd|rd|th)?$/.exec(s);
  if (m) return Number(m[1]);
  if (s in ORDINALS) return ORDINALS[s];
  const parts = s.split(/[\s-]+/);
  if (parts.length === 2 && parts[0]! in UNITS && parts[1]! in ORDINALS) return UNITS[parts[0]!]! + ORDINALS[parts[1]!]!;
  return undefined;
}

const UNIT_MS: [RegExp, number][] = [
  [/^(ms|millis(econd)?s?|milliseconds?)$/, 1],
  [/^(s|secs?|seconds?)$/, 1000],
  [/^(m|mins?|minutes?)$/, 60_000],
  [/^(h|hrs?|hours?)$/, 3_600_000],
  [/^(d|days?)$/, 86_400_000],
  [/^(w|wks?|weeks?)$/, 604_800_000],
];
const unitMs = (u: string) => UNIT_MS.find(([re]) => re.test(u))?.[1];

/** "10 minutes", "an hour and a half", "1h30m", "2 hours 15 minutes", "half an hour", "90 s" → milliseconds. */
export function parseDuration(raw: string): number | undefined {
  let s = raw.trim().toLowerCase().replace(/^(for|in|after)\s+/, '');
  s = s.replace(/\bhalf an? (hour|minute)\b/g, '0.5 $1').replace(/\ba quarter of an hour\b/g, '15 minutes');
  s = s.replace(/(\d)([a-z])/g, '$1 $2').replace(/([a-z])(\d)/g, '$1 $2');
  const tokens = s.split(/[\s,]+/).filter((t) => t && t !== 'and');
  let total = 0;
  let pending: string[] = [];
  let lastUnit = 0;
  let any = false;
  for (const t of tokens) {
    const ms = unitMs(t);
    if (ms !== undefined) {
      const n = pending.length ? parseNumber(pending.join(' ')) : 1;
      if (n === undefined) return undefined;
      total += n * ms;
      lastUnit = ms;
      pending = [];
      any = true;
    } else if (t === 'half' && any && pending.length === 0) {
      total += 0.5 * lastUnit;
    } else if (t === 'a' && pending.length === 0 && any) {
      // "an hour and a half"
    } else pending.push(t);
  }
  if (!any || pending.length) return undefined;
  return Math.round(total);
}

/** Minutes east of UTC of an IANA zone at an instant (chrono wants an offset). */
export function zoneOffsetMinutes(timezone: string | undefined, at: Date): number | undefined {
  if (!timezone) return undefined;
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(at);
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
    return Math.round((local - at.getTime()) / 60_000);
  } catch {
    return undefined;
  }
}

export interface DateHit {
  value: string;
  index: number;
  text: string;
}

/** Dates and times in free text, relative to `now` (next occurrence; "at 5" at noon means 17:00). */
export function findDates(text: string, now: Date, timezone?: string): DateHit[] {
  const offset = zoneOffsetMinutes(timezone, now);
  const results = chrono.parse(text, { instant: now, ...(offset !== undefined ? { timezone: offset } : {}) }, { forwardDate: true });
  return results.map((r) => {
    let d = r.start.date();
    const known = r.start;
    if (known.isCertain('hour') && !known.isCertain('meridiem')) {
      const h = known.get('hour') ?? 0;
      if (h >= 1 && h <= 11) {
        if (!known.isCertain('day') && !known.isCertain('weekday')) {
          // An hour with no am/pm and no day: the next such time (at noon, "at 5" is 17:00 today, not 05:00 tomorrow).
          const pm = new Date(d.getTime() - 12 * 3_600_000);
          if (pm > now) d = pm;
        } else if (h <= 6) d = new Date(d.getTime() + 12 * 3_600_000); // "tomorrow at 5" → 17:00
      }
    }
    return { value: d.toISOString(), index: r.index, text: r.text };
  });
}

export function parseDateTime(raw: string, now: Date, timezone?: string): string | undefined {
  // A bare hour ("at {when}" with "5") is a time of day.
  if (/^\d{1,2}(:\d{2})?$/.test(raw.trim())) raw = `at ${raw.trim()}`;
  const hits = findDates(raw, now, timezone);
  const hit = hits[0];
  if (!hit) return undefined;
  // The date words must be most of the slot: "buy milk tomorrow" is not a date.
  const rest = raw.replace(hit.text, '').replace(/\b(on|at|by|for|the|in)\b/gi, '').trim();
  return rest.length <= 2 ? hit.value : undefined;
}

const URL_RE = /^(?:https?:\/\/[^\s]+|www\.[^\s]+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|dev|ai|edu|gov|co|uk|de|fr|app|info)(?:[/:?#][^\s]*)?)$/i;
const EMAIL_RE = /^[^\s@<>]+@[^\s@<>]+\.[a-z]{2,}$/i;
const PATH_RE = /^(?:~|\.{1,2}|[a-z]:)?[\\/][^\0]*$|^[^\s\\/]+(?:[\\/][^\s\\/]+)+[\\/]?$|^[^\s\\/]+\.[a-z0-9]{1,6}$/i;

export const TYPE_SAMPLES: Record<SlotType, string[]> = {
  number: ['5', 'twelve', '3.5', '100'],
  integer: ['3', 'ten', '42'],
  ordinal: ['first', '2nd', 'third'],
  duration: ['10 minutes', '2 hours', '30 seconds', 'an hour and a half'],
  datetime: ['tomorrow at 9', '5pm', 'next monday', 'in 2 hours'],
  date: ['tomorrow', 'friday', 'june 3'],
  time: ['5pm', '9:30', 'noon'],
  path: ['~/notes.txt', '/tmp/report.pdf', 'docs/plan.md'],
  url: ['example.com', 'https://news.ycombinator.com'],
  email: ['alice@example.com'],
  word: ['report', 'budget', 'alice'],
  text: ['buy milk', 'the quarterly report', 'call mom', 'stretch'],
};

/** The normalised value of `raw` as `type`, or undefined when it is not one. */
export function parseTyped(type: SlotType, raw: string, now: Date, timezone?: string): unknown {
  const s = raw.trim().replace(/^["'“]|["'”]$/g, '');
  if (!s) return undefined;
  switch (type) {
    case 'number':
      return parseNumber(s);
    case 'integer': {
      const n = parseNumber(s);
      return n !== undefined && Number.isInteger(n) ? n : undefined;
    }
    case 'ordinal':
      return parseOrdinal(s);
    case 'duration':
      return parseDuration(s);
    case 'datetime':
    case 'date':
    case 'time': {
      const iso = parseDateTime(s, now, timezone);
      if (!iso || type === 'datetime') return iso;
      return type === 'date' ? iso.slice(0, 10) : iso.slice(11, 16);
    }
    case 'url':
      return URL_RE.test(s) ? (/^https?:\/\//i.test(s) ? s : `https://${s}`) : undefined;
    case 'email':
      return EMAIL_RE.test(s) ? s.toLowerCase() : undefined;
    case 'path':
      return PATH_RE.test(s) && !/\s(and|then)\s/i.test(s) ? s : undefined;
    case 'word':
      return /^\S+$/.test(s) ? s : undefined;
    case 'text':
      return s;
  }
}

/** Candidate spans of a type in free text, for slots the classifier's intent needs but no template captured. */
export function findTyped(type: SlotType, text: string, now: Date, timezone?: string): { value: unknown; start: number; end: number }[] {
  const out: { value: unknown; start: number; end: number }[] = [];
  if (type === 'datetime' || type === 'date' || type === 'time') {
    for (const d of findDates(text, now, timezone)) {
      const value = type === 'datetime' ? d.value : type === 'date' ? d.value.slice(0, 10) : d.value.slice(11, 16);
      out.push({ value, start: d.index, end: d.index + d.text.length });
    }
    return out;
  }
  const patterns: Partial<Record<SlotType, RegExp>> = {
    url: /\b(?:https?:\/\/[^\s]+|www\.[^\s]+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|dev|ai|edu|gov|co|uk|de|fr|app|info)(?:\/[^\s]*)?)/gi,
    email: /[^\s@<>]+@[^\s@<>]+\.[a-z]{2,}/gi,
    path: /(?:~|\.{1,2})?\/[^\s]+|\b[\w.-]+\.(?:txt|md|pdf|docx?|xlsx?|csv|json|png|jpe?g|ts|js|py|log|zip)\b/gi,
    duration: new RegExp(`\\b(?:(?:\\d+(?:\\.\\d+)?|${NUMBER_WORDS.join('|')})[\\s-]*)+(?:ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|days?|weeks?)\\b(?:\\s+and\\s+a\\s+half)?`, 'gi'),
    number: new RegExp(`-?\\b\\d+(?:[.,]\\d+)?\\b|\\b(?:${Object.keys(UNITS).filter((w) => !['a', 'an', 'half', 'couple', 'few', 'oh'].includes(w)).join('|')})(?:[\\s-]+(?:${NUMBER_WORDS.filter((w) => w !== 'a' && w !== 'an').join('|')}))*\\b`, 'gi'),
    ordinal: /\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)\b/gi,
  };
  const re = patterns[type === 'integer' ? 'number' : type];
  if (!re) return out;
  for (const m of text.matchAll(re)) {
    const value = parseTyped(type, m[0], now, timezone);
    if (value !== undefined) out.push({ value, start: m.index, end: m.index + m[0].length });
  }
  return out;
}
