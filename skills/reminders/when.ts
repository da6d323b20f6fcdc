/**
 * Reading times out of requests: "in 10 minutes", "at 5pm", "tomorrow at 9", "on friday" (dates
 * through chrono-node, always forward from now), and saying them back ("tomorrow at 09:00 (in
 * 18 h 30 min)", in the user's clock). Timer lengths ("3 minutes", "an hour and a half") are read,
 * and all times written, by kernel/sdk.
 */
// English only: the package's main entry loads every locale (about 4× the start-up cost).
import * as chrono from 'chrono-node/en';
import { describeDue as describe, formatDuration } from '../../kernel/sdk/index.js';

export { formatDuration };

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

/** "at 17:00 (in 10 min)" / "tomorrow at 9:00 AM (in 18 h)": a due time relative to now, in the user's clock (kernel/sdk). */
export function describeDue(due: Date, now: Date, timeZone?: string): string {
  return describe(due, now, timeZone ? { timeZone } : {}).text;
}

/** The same, as said aloud: without the parenthesis. */
export function spokenDue(due: Date, now: Date, timeZone?: string): string {
  return describe(due, now, timeZone ? { timeZone } : {}).spoken;
}
