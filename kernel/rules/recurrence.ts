/**
 * The recurrence grammar of rules: "every day at 6pm", "every weekday at 9", "on mondays and
 * thursdays at 7:30", "every 2 hours", "in the first week of each month", "on the last friday of
 * every month at 4pm", "every year on march 3" — found anywhere in a sentence and turned into a
 * cron pattern in the user's time zone (croner evaluates it, DST included). The words it used are
 * returned as spans, so what is left of the sentence is the rule's action.
 */
import { Cron } from 'croner';

export interface Recurrence {
  /** Seconds-first cron pattern, as croner reads it. */
  cron: string;
  timezone: string;
  /** "every weekday at 09:00". */
  description: string;
  /** The parts of the sentence it was read from. */
  spans: [number, number][];
}

/** A recurrence the sentence clearly asks for but the grammar cannot express (said back to the user). */
export class RecurrenceError extends Error {}

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const DAY_RE = String.raw`(?:sun|mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?)(?:day)?s?`;
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_RE = String.raw`(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*`;
const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, 'forty-five': 45, 'forty five': 45 };
const ORDINALS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5 };
const EVERY = String.raw`(?:every|each)`;
/** When a day is named without a time: the part of the day, or nine in the morning. */
const PARTS: Record<string, [number, number]> = { morning: [8, 0], noon: [12, 0], midday: [12, 0], afternoon: [14, 0], evening: [18, 0], night: [21, 0], midnight: [0, 0] };
const DEFAULT_TIME: [number, number] = [9, 0];

const dayIndex = (word: string) => DAYS.findIndex((d) => d.startsWith(word.toLowerCase().replace(/s$/, '').slice(0, 3)));
const monthIndex = (word: string) => MONTHS.findIndex((m) => m.startsWith(word.toLowerCase().slice(0, 3)));
const count = (word: string | undefined) => (word === undefined ? 1 : /^\d+$/.test(word) ? Number(word) : (NUMBER_WORDS[word.toLowerCase()] ?? NaN));
const ordinal = (word: string) => ORDINALS[word.toLowerCase()] ?? Number.parseInt(word, 10);
const pad = (n: number) => String(n).padStart(2, '0');

interface Found {
  dom: string;
  month: string;
  dow: string;
  /** Minutes and hours fields, when the recurrence itself fixes them ("every 2 hours"). */
  fixed?: { minute: string; hour: string };
  what: string;
  /** A part of the day it named ("every morning"). */
  part?: [number, number];
  span: [number, number];
}

type Rule = [RegExp, (m: RegExpExecArray, now: DateParts) => Omit<Found, 'span'>];

interface DateParts {
  dow: number;
  dom: number;
  month: number;
}

const dayList = (text: string) => [...new Set((text.match(new RegExp(DAY_RE, 'gi')) ?? []).map(dayIndex).filter((d) => d >= 0))].sort((a, b) => a - b);
const dayNames = (days: number[]) => days.map((d) => DAYS[d]![0]!.toUpperCase() + DAYS[d]!.slice(1)).join(days.length > 2 ? ', ' : ' and ');

// Longest and most specific forms first: the first form that matches is the recurrence.
const RULES: Rule[] = [
  [
    new RegExp(String.raw`\b(?:in|during)\s+the\s+(first|second|third|fourth)\s+week\s+of\s+(?:each|every|the)\s+month\b`, 'i'),
    (m) => {
      const n = ordinal(m[1]!);
      return { dom: `${(n - 1) * 7 + 1}-${n * 7}`, month: '*', dow: '*', what: `every day of the ${m[1]!.toLowerCase()} week of each month` };
    },
  ],
  [
    new RegExp(String.raw`\b(?:on\s+)?the\s+(first|second|third|fourth|fifth|last|\d{1,2}(?:st|nd|rd|th)?)\s+(${DAY_RE}|day)\s+of\s+(?:each|every|the)\s+month\b`, 'i'),
    (m) => {
      const day = m[2]!.toLowerCase();
      const last = m[1]!.toLowerCase() === 'last';
      if (day === 'day') return last ? { dom: 'L', month: '*', dow: '*', what: 'on the last day of each month' } : { dom: String(ordinal(m[1]!)), month: '*', dow: '*', what: `on day ${ordinal(m[1]!)} of each month` };
      const d = dayIndex(day);
      return { dom: '*', month: '*', dow: last ? `${d}#L` : `${d}#${ordinal(m[1]!)}`, what: `on the ${m[1]!.toLowerCase()} ${dayNames([d])} of each month` };
    },
  ],
  [
    new RegExp(String.raw`\b(?:(?:${EVERY}\s+month|monthly)\s+on\s+the\s+(\d{1,2})(?:st|nd|rd|th)?|on\s+the\s+(\d{1,2})(?:st|nd|rd|th)?\s+of\s+(?:each|every|the)\s+month)\b`, 'i'),
    (m) => ({ dom: String(Number(m[1] ?? m[2])), month: '*', dow: '*', what: `on day ${Number(m[1] ?? m[2])} of each month` }),
  ],
  [
    new RegExp(String.raw`\b(?:(?:${EVERY}\s+year|yearly|annually)\s+on\s+(${MONTH_RE})\s+(\d{1,2})(?:st|nd|rd|th)?|${EVERY}\s+(${MONTH_RE})\s+(\d{1,2})(?:st|nd|rd|th)?)\b`, 'i'),
    (m) => {
      const month = monthIndex(m[1] ?? m[3]!);
      const day = Number(m[2] ?? m[4]);
      if (month < 0) throw new RecurrenceError(`"${m[0]}" does not name a month I know.`);
      return { dom: String(day), month: String(month + 1), dow: '*', what: `every year on ${MONTHS[month]![0]!.toUpperCase()}${MONTHS[month]!.slice(1)} ${day}` };
    },
  ],
  [
    new RegExp(String.raw`\b${EVERY}\s+(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty[- ]five|other|a|an)?\s*(minute|min|hour|hr|day|week|month|year)s?\b`, 'i'),
    (m, now) => {
      const raw = m[1]?.toLowerCase();
      const unit = m[2]!.toLowerCase().replace(/^min$/, 'minute').replace(/^hr$/, 'hour');
      const n = raw === 'other' ? 2 : count(raw);
      if (!Number.isInteger(n) || n < 1) throw new RecurrenceError(`"${m[0]}" is not a length of time I can repeat.`);
      if (unit === 'minute') {
        if (n < 5 || 60 % n !== 0) throw new RecurrenceError(`A rule can repeat every 5, 10, 15, 20 or 30 minutes (or every hour), not "${m[0]}".`);
        return { dom: '*', month: '*', dow: '*', fixed: { minute: `*/${n}`, hour: '*' }, what: `every ${n} minutes` };
      }
      if (unit === 'hour') {
        if (n > 12 || 24 % n !== 0) throw new RecurrenceError(`A rule can repeat every 1, 2, 3, 4, 6, 8 or 12 hours, not "${m[0]}": for other times, name them ("every day at 9am and 5pm").`);
        return { dom: '*', month: '*', dow: '*', fixed: { minute: '0', hour: n === 1 ? '*' : `*/${n}` }, what: n === 1 ? 'every hour' : `every ${n} hours` };
      }
      if (n !== 1) throw new RecurrenceError(`"${m[0]}" is not a repetition I can keep yet: name the days instead ("every monday and thursday", "on the 1st of each month").`);
      if (unit === 'day') return { dom: '*', month: '*', dow: '*', what: 'every day' };
      if (unit === 'week') return { dom: '*', month: '*', dow: String(now.dow), what: `every week on ${dayNames([now.dow])}` };
      if (unit === 'month') return { dom: String(now.dom), month: '*', dow: '*', what: `on day ${now.dom} of each month` };
      return { dom: String(now.dom), month: String(now.month), dow: '*', what: `every year on ${MONTHS[now.month - 1]} ${now.dom}` };
    },
  ],
  [/\b(?:hourly)\b/i, () => ({ dom: '*', month: '*', dow: '*', fixed: { minute: '0', hour: '*' }, what: 'every hour' })],
  [new RegExp(String.raw`\b${EVERY}\s+half\s+(?:an\s+)?hour\b`, 'i'), () => ({ dom: '*', month: '*', dow: '*', fixed: { minute: '*/30', hour: '*' }, what: 'every 30 minutes' })],
  [
    new RegExp(String.raw`\b(?:(?:${EVERY}|on)\s+(?:week\s*days?|work\s*days?|business\s+days?)|weekdays)\b`, 'i'),
    () => ({ dom: '*', month: '*', dow: '1-5', what: 'every weekday (Monday to Friday)' }),
  ],
  [new RegExp(String.raw`\b(?:(?:${EVERY}|on)\s+(?:the\s+)?weekends?|weekends)\b`, 'i'), () => ({ dom: '*', month: '*', dow: '0,6', what: 'every weekend day (Saturday and Sunday)' })],
  [
    // "every monday", "each tuesday and friday", "on mondays and thursdays", "mondays" (a plural names a habit)
    new RegExp(String.raw`\b(?:(?:${EVERY}|on)\s+${DAY_RE}(?:\s*(?:,|and|&|or)\s*${DAY_RE})*|(?:sun|mon|tues|wednes|thurs|fri|satur)days(?:\s*(?:,|and|&|or)\s*${DAY_RE})*)\b`, 'i'),
    (m) => {
      const days = dayList(m[0].replace(/^(?:every|each|on)\s+/i, ''));
      // "on monday" (one day, singular, no "every") is a date, not a habit
      if (/^on\s/i.test(m[0]) && days.length === 1 && !/days\b/i.test(m[0])) return { dom: '', month: '', dow: '', what: '' };
      return { dom: '*', month: '*', dow: days.join(','), what: `every ${dayNames(days)}` };
    },
  ],
  [
    new RegExp(String.raw`\b(?:${EVERY}\s+(?:single\s+)?(day|morning|afternoon|evening|night)|daily|(?:in\s+the\s+)?(mornings|afternoons|evenings)|nightly)\b`, 'i'),
    (m) => {
      const part = (m[1] ?? m[2]?.replace(/s$/, '') ?? (/nightly/i.test(m[0]) ? 'night' : 'day')).toLowerCase();
      return { dom: '*', month: '*', dow: '*', what: 'every day', ...(PARTS[part] ? { part: PARTS[part] } : {}) };
    },
  ],
];

const TIME_RE = /\b(?:at\s+)?(?:(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)(?=\W|$)|(\d{1,2}):(\d{2})\b|(noon|midday|midnight))|\bat\s+(\d{1,2})\b(?!\s*(?:%|minutes?|hours?|days?|st|nd|rd|th))/gi;
const TIME_LIST_RE = /^\s*(?:,|and|&)\s*/i;
const PART_RE = /\b(?:in\s+the\s+(morning|afternoon|evening)|at\s+night|tonight)\b/i;

/** Every "at 6pm", "9:30", "noon" of the sentence outside `avoid`, as [hour, minute] and the span. */
function timesIn(text: string, avoid: [number, number][]): { times: [number, number][]; spans: [number, number][] } {
  const times: [number, number][] = [];
  const spans: [number, number][] = [];
  for (const m of text.matchAll(TIME_RE)) {
    const start = m.index;
    const end = start + m[0].length;
    if (avoid.some(([s, e]) => start < e && end > s)) continue;
    let hour: number;
    let minute = 0;
    if (m[6]) [hour, minute] = PARTS[m[6].toLowerCase()]!;
    else if (m[7]) hour = Number(m[7]);
    else if (m[4]) [hour, minute] = [Number(m[4]), Number(m[5])];
    else {
      hour = Number(m[1]);
      minute = m[2] ? Number(m[2]) : 0;
      const pm = /^p/i.test(m[3]!);
      if (hour < 1 || hour > 12) continue;
      hour = (hour % 12) + (pm ? 12 : 0);
    }
    if (hour > 23 || minute > 59) continue;
    // "… and 5pm": a list of times joins its first
    const prev = spans.at(-1);
    if (prev && TIME_LIST_RE.test(text.slice(prev[1], start)) && text.slice(prev[1], start).length < 6) prev[1] = end;
    else spans.push([start, end]);
    times.push([hour, minute]);
  }
  return { times, spans };
}

/** An IANA zone the sentence names ("Europe/Paris", "UTC", "new york time"), with its span. */
function zoneIn(text: string): { zone: string; span: [number, number] } | undefined {
  const iana = /\b(?:in\s+|\()?([A-Z][A-Za-z]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?)\)?(?:\s+time)?/.exec(text);
  if (iana && validZone(iana[1]!)) return { zone: iana[1]!, span: [iana.index, iana.index + iana[0].length] };
  const utc = /\b(?:in\s+)?(utc|gmt)\b(?:\s+time)?/i.exec(text);
  if (utc) return { zone: 'UTC', span: [utc.index, utc.index + utc[0].length] };
  for (const m of text.matchAll(/\b(?:in\s+)?((?:[a-z]+\s+){0,2}[a-z]+)\s+time\b/gi)) {
    const words = m[1]!.toLowerCase().split(/\s+/);
    // the longest tail of the words that names a zone's city: "9am new york time" → America/New_York
    for (let i = 0; i < words.length; i++) {
      const city = words.slice(i).join('_');
      const zone = zones().find((z) => z.toLowerCase().split('/').at(-1) === city);
      if (zone) {
        const start = m.index + m[0].toLowerCase().indexOf(words[i]!);
        return { zone, span: [/^in\s/i.test(m[0]) && i === 0 ? m.index : start, m.index + m[0].length] };
      }
    }
  }
  return undefined;
}

let zoneList: string[] | undefined;
const zones = () => (zoneList ??= Intl.supportedValuesOf('timeZone'));

export function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Weekday, day of month and month of `now` in `timezone` (for "every week", "every month"). */
function partsIn(now: Date, timezone: string): DateParts {
  const f = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'long', day: 'numeric', month: 'numeric' });
  const p = Object.fromEntries(f.formatToParts(now).map((x) => [x.type, x.value]));
  return { dow: DAYS.indexOf(p.weekday!.toLowerCase() as (typeof DAYS)[number]), dom: Number(p.day), month: Number(p.month) };
}

/**
 * The recurrence of a sentence, or undefined when it names none. Throws a RecurrenceError when it
 * names one the grammar cannot keep ("every 7 minutes"), with what it can do instead.
 */
export function findRecurrence(text: string, options: { timezone: string; now: Date }): Recurrence | undefined {
  let found: Found | undefined;
  const zone = zoneIn(text);
  const timezone = zone?.zone ?? options.timezone;
  for (const [re, read] of RULES) {
    const m = re.exec(text);
    if (!m) continue;
    const f = read(m, partsIn(options.now, timezone));
    if (!f.what) continue;
    found = { ...f, span: [m.index, m.index + m[0].length] };
    // "every monday morning", "weekdays at night": a part of the day right after the days
    const after = /^\s+(?:in\s+the\s+|at\s+)?(morning|afternoon|evening|night)s?\b/i.exec(text.slice(found.span[1]));
    if (after && !found.fixed) {
      found.part = PARTS[after[1]!.toLowerCase()];
      found.span = [found.span[0], found.span[1] + after[0].length];
    }
    break;
  }
  if (!found) return undefined;
  const avoid = [found.span, ...(zone ? [zone.span] : [])];
  const { times, spans } = timesIn(text, avoid);
  const part = PART_RE.exec(text);
  const partSpan: [number, number][] = part && !times.length && !avoid.some(([s, e]) => part.index < e && part.index + part[0].length > s) ? [[part.index, part.index + part[0].length]] : [];
  let minute: string;
  let hour: string;
  let when: string;
  if (found.fixed) {
    ({ minute, hour } = found.fixed);
    when = '';
  } else {
    const named = times.length ? times : partSpan.length ? [PARTS[part![1]?.toLowerCase() ?? (/tonight|night/i.test(part![0]) ? 'night' : 'evening')]!] : [found.part ?? DEFAULT_TIME];
    const minutes = [...new Set(named.map(([, mi]) => mi))];
    if (minutes.length > 1) throw new RecurrenceError(`The times ${named.map(([h, mi]) => `${pad(h)}:${pad(mi)}`).join(' and ')} need separate rules (one rule can only use the same minutes past each hour).`);
    minute = String(minutes[0]);
    hour = [...new Set(named.map(([h]) => h))].sort((a, b) => a - b).join(',');
    when = ` at ${named.map(([h, mi]) => `${pad(h)}:${pad(mi)}`).join(' and ')}`;
  }
  const cron = `0 ${minute} ${hour} ${found.dom} ${found.month} ${found.dow}`;
  checkCron(cron, timezone);
  return { cron, timezone, description: `${found.what}${when}`, spans: [...avoid, ...(found.fixed ? [] : spans), ...partSpan] };
}

function checkCron(cron: string, timezone: string): void {
  try {
    new Cron(cron, { timezone, paused: true, domAndDow: true });
  } catch (error) {
    throw new RecurrenceError(`That schedule could not be kept (${(error as Error).message}).`);
  }
}

/** The next times a schedule fires after `after`, in order (croner: time zone and DST aware). */
export function nextRuns(cron: string, timezone: string, after: Date, n = 1): Date[] {
  return new Cron(cron, { timezone, paused: true, domAndDow: true }).nextRuns(n, after);
}

/** The fire times in (after, until], at most `limit` of them. */
export function runsBetween(cron: string, timezone: string, after: Date, until: Date, limit = 1000): Date[] {
  const out: Date[] = [];
  const job = new Cron(cron, { timezone, paused: true, domAndDow: true });
  let at = after;
  while (out.length < limit) {
    const next = job.nextRun(at);
    if (!next || next > until) break;
    out.push(next);
    at = next;
  }
  return out;
}
