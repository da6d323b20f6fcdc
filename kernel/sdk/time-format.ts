/**
 * One way of saying times everywhere: skills' answers, the CLI and spoken replies all format clock
 * times ("18:00" or "6:00 PM"), due times ("tomorrow at 18:00 (in 18 h)") and lengths ("in 10 min")
 * here, with the user's locale and clock (settings `ui.locale` and `ui.timeFormat`). The kernel sets
 * the preferences for its process (`setTimePreferences`); a call may pass its own.
 */

export type TimeFormat = 'auto' | '12h' | '24h';

export interface TimePreferences {
  /** A BCP 47 tag ("en-GB", "de"); empty or absent: the locale the environment names (LC_ALL, LC_TIME, LANG). */
  locale?: string;
  /** 12-hour or 24-hour clock; auto: the locale's own (24-hour where the environment names no locale). */
  timeFormat?: TimeFormat;
}

export interface TimeOptions extends TimePreferences {
  /** An IANA time zone ("Europe/Paris"); absent: this process's. */
  timeZone?: string;
}

let current: TimePreferences = {};

/** Sets the preferences every later call uses unless it passes its own (the kernel does, from its settings). */
export function setTimePreferences(prefs: TimePreferences): void {
  current = { ...(prefs.locale ? { locale: prefs.locale } : {}), ...(prefs.timeFormat ? { timeFormat: prefs.timeFormat } : {}) };
}

export function timePreferences(): Readonly<TimePreferences> {
  return current;
}

/** The locale the environment names ("en_US.UTF-8" → "en-US"), or undefined for C, POSIX or none. */
export function environmentLocale(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env.LC_ALL || env.LC_TIME || env.LANG || '';
  const tag = raw.split(/[.@]/)[0]!.replace(/_/g, '-');
  if (!tag || /^(?:C|POSIX)$/i.test(tag)) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/** The locale and clock a call formats with: its own options, then the process's, then the environment. */
export function resolveTime(options: TimeOptions = {}, env: NodeJS.ProcessEnv = process.env): { locale: string; hour12: boolean; timeZone?: string } {
  const named = options.locale || current.locale || environmentLocale(env);
  let locale = 'en-GB';
  if (named) {
    try {
      locale = Intl.getCanonicalLocales(named)[0] ?? locale;
    } catch {
      // An unknown tag keeps the default rather than failing an answer.
    }
  }
  const format = options.timeFormat && options.timeFormat !== 'auto' ? options.timeFormat : current.timeFormat && current.timeFormat !== 'auto' ? current.timeFormat : 'auto';
  // Without a named locale the clock is 24-hour: "C.UTF-8" says nothing about the user's habits.
  const localeClock = named ? /^h1[12]$/.test(new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle ?? '') : false;
  const hour12 = format === '12h' ? true : format === '24h' ? false : localeClock;
  return { locale, hour12, ...(options.timeZone ? { timeZone: options.timeZone } : {}) };
}

function formatter(options: TimeOptions, parts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const { locale, hour12, timeZone } = resolveTime(options);
  const clock: Intl.DateTimeFormatOptions = 'hour' in parts ? { hourCycle: hour12 ? 'h12' : 'h23', hour: hour12 ? 'numeric' : '2-digit' } : {};
  return new Intl.DateTimeFormat(`${locale}-u-nu-latn`, { ...parts, ...clock, ...(timeZone ? { timeZone } : {}) });
}

/** A clock time: "18:00" or "6:00 PM"; with seconds for short waits ("18:00:30"). */
export function formatClock(date: Date, options: TimeOptions & { seconds?: boolean } = {}): string {
  return formatter(options, { hour: 'numeric', minute: '2-digit', ...(options.seconds ? { second: '2-digit' } : {}) })
    .format(date)
    .replace(/\u202f|\u00a0/g, ' ');
}

/** A calendar day: "2026-12-05" (sortable, the same in every locale). */
export function formatDay(date: Date, options: TimeOptions = {}): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', ...(options.timeZone ? { timeZone: options.timeZone } : {}) }).format(date);
}

/** A day and a time: "2026-12-05 18:00" or "2026-12-05 6:00 PM" (file times, history). */
export function formatDateTime(date: Date, options: TimeOptions = {}): string {
  return `${formatDay(date, options)} ${formatClock(date, options)}`;
}

/** "1 h 30 min", "3 min", "45 s": how a length of time is written. */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let s = Math.round(Math.abs(ms) / 1000);
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

/** A length as said aloud: "1 h 30 min" → "1 hour 30 minutes". */
export function spokenDuration(text: string): string {
  const unit: Record<string, [string, string]> = { d: ['day', 'days'], h: ['hour', 'hours'], min: ['minute', 'minutes'], s: ['second', 'seconds'] };
  return text.replace(/\b(\d+) (d|h|min|s)\b/g, (_m, n: string, u: string) => `${n} ${unit[u]![n === '1' ? 0 : 1]}`);
}

/** How far `then` is from `now`: "in 10 min", "5 min ago", "just now". Seconds count only under two minutes. */
export function formatRelative(then: Date, now: Date): string {
  const ms = then.getTime() - now.getTime();
  const abs = Math.abs(ms);
  if (abs < 1000) return 'now';
  const rounded = abs < 120_000 ? Math.round(abs / 1000) * 1000 : Math.round(abs / 60_000) * 60_000;
  return ms > 0 ? `in ${formatDuration(rounded)}` : `${formatDuration(rounded)} ago`;
}

/**
 * When something is due, said relative to now: "at 18:00 (in 10 min)", "tomorrow at 6:00 PM (in
 * 18 h)", "on Fri 12 Dec at 09:00". `spoken` is the same without the parenthesis, for replies read aloud.
 */
export function describeDue(due: Date, now: Date, options: TimeOptions = {}): { text: string; spoken: string } {
  const ms = due.getTime() - now.getTime();
  const time = formatClock(due, { ...options, seconds: ms >= 0 && ms < 120_000 });
  const day = (d: Date) => formatDay(d, options);
  const tomorrow = new Date(now.getTime() + 86_400_000);
  const rel = ms < 0 ? 'overdue' : ms < 1000 ? 'now' : formatRelative(new Date(now.getTime() + Math.max(1000, ms)), now);
  if (day(due) === day(now)) return { text: `at ${time} (${rel})`, spoken: `at ${time}` };
  if (day(due) === day(tomorrow)) return { text: `tomorrow at ${time} (${rel})`, spoken: `tomorrow at ${time}` };
  const { locale, timeZone } = resolveTime(options);
  // The words around it are English, so are the day's and month's names (in the locale's order where it is English).
  const date = new Intl.DateTimeFormat(/^en\b/.test(locale) ? `${locale}-u-nu-latn` : 'en-GB', { weekday: 'short', day: 'numeric', month: 'short', ...(timeZone ? { timeZone } : {}) }).format(due);
  return { text: `on ${date} at ${time}`, spoken: `on ${date} at ${time}` };
}
