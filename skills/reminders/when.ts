/**
 * Reading times out of requests: "in 10 minutes", "at 5pm", "tomorrow at 9", "on friday" (dates
 * through chrono-node, always forward from now), and saying them back ("tomorrow at 09:00 (in
 * 18 h 30 min)"). Timer lengths ("3 minutes", "an hour and a half") are read by kernel/sdk.
 */
// English only: the package's main entry loads every locale (about 4× the start-up cost).
import * as chrono from 'chrono-node/en';

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
