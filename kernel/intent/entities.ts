/**
 * Typed slot values: turning the words a user said into normalised values — numbers (digits or
 * words), ordinals, durations (ms) through the shared grammar of kernel/sdk, dates and times (ISO,
 * with chrono-node), paths, URLs, e-mail addresses. Each parser returns undefined when the words
 * are not a value of that type, so a template whose slot does not parse simply does not match.
 */
// English only: the package's main entry loads every locale (about 4× the start-up cost).
import * as chrono from 'chrono-node/en';
import type { SlotType } from '../contracts/index.js';
import { findArithmetic, findDurations, findNumbers, parseArithmetic, parseDuration, parseNumber, parseOrdinal } from '../sdk/index.js';
import { filePath, findAddresses, webAddress } from '../sdk/address.js';

// Numbers and durations are read by the shared grammar in kernel/sdk; these names stay the intent
// engine's public API (and NUMBER_WORDS feeds the compiler's number pattern).
export { NUMBER_WORDS, parseDuration, parseNumber, parseOrdinal } from '../sdk/index.js';

/** Minutes east of UTC of an IANA zone at an instant (chrono wants an offset). */
function zoneOffsetMinutes(timezone: string | undefined, at: Date): number | undefined {
  if (!timezone) return undefined;
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(at);
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
    // Against the instant truncated to the minute, as `local` is: seconds past the minute would
    // otherwise round into a one-minute offset, and "at 8pm" would become 20:01.
    return Math.round((local - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
  } catch {
    return undefined;
  }
}

interface DateHit {
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

function parseDateTime(raw: string, now: Date, timezone?: string): string | undefined {
  // A bare hour ("at {when}" with "5") is a time of day.
  if (/^\d{1,2}(:\d{2})?$/.test(raw.trim())) raw = `at ${raw.trim()}`;
  const hits = findDates(raw, now, timezone);
  const hit = hits[0];
  if (!hit) return undefined;
  // The date words must be most of the slot: "buy milk tomorrow" is not a date.
  const rest = raw.replace(hit.text, '').replace(/\b(on|at|by|for|the|in)\b/gi, '').trim();
  return rest.length <= 2 ? hit.value : undefined;
}

const EMAIL_RE = /^[^\s@<>]+@[^\s@<>]+\.[a-z]{2,}$/i;

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
  math: ['7 plus 8', '3 cubed', '12 * (3 + 4)', 'nine minus four'],
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
      // A web address, not a file name: "wikipedia.org" yes, "notes.md" no (kernel/sdk/address.ts).
      return webAddress(s);
    case 'email':
      return EMAIL_RE.test(s) ? s.toLowerCase() : undefined;
    case 'path':
      return filePath(s);
    case 'word':
      return /^\S+$/.test(s) ? s : undefined;
    case 'text':
      return s;
    case 'math':
      return parseArithmetic(s)?.expression;
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
  if (type === 'number' || type === 'integer') {
    for (const n of findNumbers(text)) if (type === 'number' || Number.isInteger(n.value)) out.push({ value: n.value, start: n.start, end: n.end });
    return out;
  }
  if (type === 'duration') return findDurations(text).map((d) => ({ value: d.ms, start: d.start, end: d.end }));
  if (type === 'math') {
    const hit = findArithmetic(text);
    return hit ? [{ value: hit.value.expression, start: hit.start, end: hit.end }] : [];
  }
  if (type === 'url' || type === 'path') return findAddresses(text).filter((h) => h.kind === type).map((h) => ({ value: h.value, start: h.start, end: h.end }));
  const patterns: Partial<Record<SlotType, RegExp>> = {
    email: /[^\s@<>]+@[^\s@<>]+\.[a-z]{2,}/gi,
    ordinal: /\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)\b/gi,
  };
  const re = patterns[type];
  if (!re) return out;
  for (const m of text.matchAll(re)) {
    const value = parseTyped(type, m[0], now, timezone);
    if (value !== undefined) out.push({ value, start: m.index, end: m.index + m[0].length });
  }
  return out;
}
