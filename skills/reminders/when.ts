/**
 * Reading times out of requests: "in 10 minutes", "at 5pm", "tomorrow at 9", "on friday" (dates
 * through chrono-node, always forward from now), and timer lengths such as "3 minutes",
 * "an hour and a half" or "1h 30m".
 */
import * as chrono from 'chrono-node';

const WORD_NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, 'twenty-five': 25,
  thirty: 30, forty: 40, 'forty-five': 45, fifty: 50, sixty: 60, ninety: 90, couple: 2, few: 3,
};
const UNIT_MS: [RegExp, number][] = [
  [/^(?:s|secs?|seconds?)$/, 1000],
  [/^(?:m|mins?|minutes?)$/, 60_000],
  [/^(?:h|hrs?|hours?)$/, 3_600_000],
  [/^(?:d|days?)$/, 86_400_000],
  [/^(?:w|weeks?)$/, 604_800_000],
];

const unitMs = (u: string) => UNIT_MS.find(([re]) => re.test(u))?.[1];

/** A length of time in milliseconds, or undefined when the text names none. */
export function parseDuration(text: string): { ms: number; text: string } | undefined {
  const t = text.toLowerCase().replace(/(\d)([a-z])/g, '$1 $2');
  const re = /(?:(\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:-five)?|thirty|forty(?:-five)?|fifty|sixty|ninety|couple(?:\s+of)?|few)\s+(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w)\b(\s+and\s+a\s+half)?|half\s+an?\s+(hour|minute|day))/g;
  let ms = 0;
  let first = -1;
  let last = -1;
  for (const m of t.matchAll(re)) {
    if (m[4]) ms += unitMs(m[4])! / 2;
    else {
      const raw = m[1]!.replace(/\s+of$/, '');
      const n = /^\d/.test(raw) ? Number(raw) : WORD_NUMBERS[raw];
      const unit = unitMs(m[2]!);
      if (n === undefined || unit === undefined) continue;
      ms += n * unit + (m[3] ? unit / 2 : 0);
    }
    if (first < 0) first = m.index;
    last = m.index + m[0].length;
  }
  if (ms <= 0) return undefined;
  return { ms: Math.round(ms), text: t.slice(first, last) };
}

/** "1 h 30 min", "3 min", "45 s": how a length is shown. */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let s = Math.round(ms / 1000);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (d) parts.push(`${d} d`);
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (s || parts.length === 0) parts.push(`${s} s`);
  return parts.join(' ');
}

export interface WhenMatch {
  due: Date;
  /** The words that said when ("tomorrow at 9"). */
  text: string;
  index: number;
}

/** The first time expression in `text`, in the future of `now`. A date without a time means 9:00 that day. */
export function parseWhen(text: string, now: Date): WhenMatch | undefined {
  const results = chrono.parse(text, now, { forwardDate: true });
  const r = results[0];
  if (!r) return undefined;
  const due = r.start.date();
  if (!r.start.isCertain('hour')) due.setHours(9, 0, 0, 0);
  if (due.getTime() <= now.getTime() && !r.start.isCertain('day')) due.setDate(due.getDate() + 1);
  return { due, text: r.text, index: r.index };
}

/** "in 10 minutes" / "at 17:00" / "tomorrow at 09:00": a due time described relative to now. */
export function describeDue(due: Date, now: Date, timeZone?: string): string {
  const ms = due.getTime() - now.getTime();
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', ...(ms < 120_000 ? { second: '2-digit' } : {}), ...(timeZone ? { timeZone } : {}) }).format(due);
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { ...(timeZone ? { timeZone } : {}) }).format(d);
  const tomorrow = new Date(now.getTime() + 86_400_000);
  // Seconds matter for a short wait; beyond two minutes they are noise.
  const rounded = ms < 120_000 ? Math.max(1000, Math.round(ms / 1000) * 1000) : Math.round(ms / 60_000) * 60_000;
  const rel = ms < 0 ? 'overdue' : `in ${formatDuration(rounded)}`;
  if (day(due) === day(now)) return `at ${time} (${rel})`;
  if (day(due) === day(tomorrow)) return `tomorrow at ${time} (${rel})`;
  const date = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', ...(timeZone ? { timeZone } : {}) }).format(due);
  return `on ${date} at ${time}`;
}
