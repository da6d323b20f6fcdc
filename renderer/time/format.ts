/**
 * How the portal writes times: clock times ("18:00" or "6:00 PM"), days, due times ("tomorrow at
 * 18:00 (in 10 min)"), lengths and countdowns, in the user's locale and clock. The kernel words its
 * answers and the CLI the same way (kernel/sdk/time-format.ts); the renderer cannot bundle kernel
 * code, so the kernel resolves the user's settings (ui.locale, ui.timeFormat, and its environment's
 * locale when none is set) and sends the result with the settings (settings.get's `time`); this
 * module only applies it with the browser's Intl. Pure: every function gets the preferences.
 */
import type { SettingsView } from '../bridge/contracts.js';

export interface TimePrefs {
  /** A BCP 47 tag. */
  locale: string;
  hour12: boolean;
}

/** Before the settings arrive, or where nothing names a locale: 24-hour, day before month. */
export const DEFAULT_PREFS: TimePrefs = { locale: 'en-GB', hour12: false };

const canonical = (tag: unknown): string | undefined => {
  if (typeof tag !== 'string' || !tag) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
};

/** A locale's own clock: true where it writes "6:00 PM". */
export const localeUses12h = (locale: string): boolean => /^h1[12]$/.test(new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle ?? '');

/**
 * The preferences the settings give: the kernel's resolved ones when it sends them, else the
 * settings' own values (a 12h/24h choice wins; auto follows a set locale, else 24-hour).
 */
export function timePrefsFrom(settings: Pick<SettingsView, 'values' | 'time'> | null | undefined): TimePrefs {
  if (!settings) return DEFAULT_PREFS;
  const resolved = settings.time && canonical(settings.time.locale);
  if (settings.time && resolved) return { locale: resolved, hour12: settings.time.hour12 };
  const named = canonical(settings.values['ui.locale']);
  const clock = settings.values['ui.timeFormat'];
  const locale = named ?? DEFAULT_PREFS.locale;
  return { locale, hour12: clock === '12h' ? true : clock === '24h' ? false : named ? localeUses12h(named) : false };
}

const cache = new Map<string, Intl.DateTimeFormat>();
/** Intl formatters are costly to build and countdowns render every second: one per distinct option set. */
function intl(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(`${locale}-u-nu-latn`, options);
    cache.set(key, f);
  }
  return f;
}

const spaces = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');
const zone = (timeZone: string | undefined): Intl.DateTimeFormatOptions => (timeZone ? { timeZone } : {});

export interface TimeOptions {
  /** An IANA zone (a rule's schedule); absent: the browser's. */
  timeZone?: string;
}

/** "18:00", "6:00 PM"; with seconds "18:00:30". */
export function formatClock(date: Date, prefs: TimePrefs, options: TimeOptions & { seconds?: boolean } = {}): string {
  const parts: Intl.DateTimeFormatOptions = { hour: prefs.hour12 ? 'numeric' : '2-digit', minute: '2-digit', hourCycle: prefs.hour12 ? 'h12' : 'h23', ...zone(options.timeZone) };
  return spaces(intl(prefs.locale, options.seconds ? { ...parts, second: '2-digit' } : parts).format(date));
}

/** "2026-12-05": a calendar day, sortable and the same in every locale (as the CLI writes it). */
export function formatDay(date: Date, options: TimeOptions = {}): string {
  return intl('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', ...zone(options.timeZone) }).format(date);
}

/** "2026-12-05 18:00": when something happened (activity, files, history). */
export function formatDateTime(date: Date, prefs: TimePrefs, options: TimeOptions = {}): string {
  return `${formatDay(date, options)} ${formatClock(date, prefs, options)}`;
}

/** "Fri 12 Dec": the words around it are English, so are the names (in the locale's order where it is English). */
export function formatWeekday(date: Date, prefs: TimePrefs, options: TimeOptions = {}): string {
  return spaces(intl(/^en\b/.test(prefs.locale) ? prefs.locale : 'en-GB', { weekday: 'short', day: 'numeric', month: 'short', ...zone(options.timeZone) }).format(date));
}

const UNITS: readonly [unit: string, seconds: number][] = [
  ['d', 86_400],
  ['h', 3600],
  ['min', 60],
  ['s', 1],
];

/** "1 h 30 min", "45 s": a length of time, in the units the kernel's answers use. */
export function formatLength(ms: number): string {
  let left = Math.round(Math.abs(ms) / 1000);
  const said = UNITS.flatMap(([unit, size]) => {
    const n = Math.floor(left / size);
    left %= size;
    return n > 0 ? [`${n} ${unit}`] : [];
  });
  return said.length > 0 ? said.join(' ') : '0 s';
}

/** A length rounded as people say it: to the second under two minutes, to the minute after. */
const roundedLength = (ms: number) => formatLength(Math.abs(ms) < 120_000 ? Math.round(ms / 1000) * 1000 : Math.round(ms / 60_000) * 60_000);

/** "in 10 min", "5 min ago", "now". */
export function formatRelative(then: Date, now: Date): string {
  const ms = then.getTime() - now.getTime();
  if (Math.abs(ms) < 1000) return 'now';
  return ms > 0 ? `in ${roundedLength(ms)}` : `${roundedLength(ms)} ago`;
}

/** "at 18:00 (in 10 min)", "tomorrow at 6:00 PM (in 18 h)", "on Fri 12 Dec at 09:00"; a past time "at 17:00 (5 min ago)". */
export function formatDue(due: Date, now: Date, prefs: TimePrefs, options: TimeOptions = {}): string {
  const ms = due.getTime() - now.getTime();
  const time = formatClock(due, prefs, { ...options, seconds: ms >= 0 && ms < 120_000 });
  const day = formatDay(due, options);
  if (day === formatDay(now, options)) return `at ${time} (${formatRelative(due, now)})`;
  if (ms > 0 && day === formatDay(new Date(now.getTime() + 86_400_000), options)) return `tomorrow at ${time} (${formatRelative(due, now)})`;
  if (ms < 0 && day === formatDay(new Date(now.getTime() - 86_400_000), options)) return `yesterday at ${time}`;
  return `on ${formatWeekday(due, prefs, options)} at ${time}`;
}

/** A live countdown: "2:05", "1:02:03", "3 d 4 h", "now" once due, "—" for a time that does not parse. */
export function formatCountdown(dueAt: string, now: number): string {
  const ms = Date.parse(dueAt) - now;
  if (!Number.isFinite(ms)) return '—';
  if (ms <= 0) return 'now';
  const total = Math.ceil(ms / 1000);
  if (total >= 86_400) return formatLength(Math.floor(total / 3600) * 3_600_000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** The functions above bound to one set of preferences, as components and toasts use them. */
export interface TimeFormatter {
  prefs: TimePrefs;
  clock(date: Date, options?: TimeOptions & { seconds?: boolean }): string;
  dateTime(date: Date, options?: TimeOptions): string;
  weekday(date: Date, options?: TimeOptions): string;
  due(date: Date, now: Date, options?: TimeOptions): string;
  /** A number in the same locale (ui.locale), e.g. a table cell or a plot's tick: 1,234.5 or 1.234,5. */
  number(value: number): string;
}

export function timeFormatter(prefs: TimePrefs): TimeFormatter {
  return {
    prefs,
    clock: (date, options) => formatClock(date, prefs, options),
    dateTime: (date, options) => formatDateTime(date, prefs, options),
    weekday: (date, options) => formatWeekday(date, prefs, options),
    due: (date, now, options) => formatDue(date, now, prefs, options),
    number: (value) => value.toLocaleString(prefs.locale),
  };
}

export const DEFAULT_TIME = timeFormatter(DEFAULT_PREFS);
