/**
 * Habits that could become automations (issue 17, item 5). Two kinds, both phrased as the sentence
 * a user would say to create the rule, so accepting one goes through the rules' own parser and
 * confirmation:
 * - a routine: the same request on at least `minDays` different days at about the same time of day
 *   ("from now on, every weekday at 09:00, list my reminders"), on every day, weekdays, weekends or one day of the
 *   week, depending on the days it was seen on;
 * - a follow-up: "after X you usually Y" where X changes something (events are changes a skill
 *   makes) → "whenever I X, Y".
 */
import type { WorkflowEvent } from './sessions.js';

export interface Routine {
  request: string;
  skill: string;
  intent: string;
  /** "every day", "every weekday", "every weekend", "every monday". */
  days: string;
  /** Local time, HH:MM (rounded to 5 minutes). */
  time: string;
  /** Distinct days it was seen on around that time. */
  daysSeen: number;
  /** The rule, as the user would say it. */
  sentence: string;
}

export interface RoutineOptions {
  /** IANA time zone the times are read in (default: this machine's). */
  timezone?: string;
  /** Different days needed (default 3). */
  minDays?: number;
  /** How far apart the times of day may be (default 60 minutes). */
  windowMinutes?: number;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** Local day, weekday and minute of a time in one zone (one formatter per call of findRoutines: building one is the costly part). */
function localTime(timezone: string): (at: number) => { day: string; weekday: number; minute: number } {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'long', hourCycle: 'h23' });
  return (at) => {
    const parts = Object.fromEntries(format.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
    return { day: `${parts.year}-${parts.month}-${parts.day}`, weekday: WEEKDAYS.indexOf(String(parts.weekday).toLowerCase()), minute: Number(parts.hour) * 60 + Number(parts.minute) };
  };
}

/** Each event's local time, kept with the event: the history grows by one per request, so only new ones are formatted. */
const seen = new WeakMap<WorkflowEvent, { timezone: string; day: string; weekday: number; minute: number }>();

/** Requests done at about the same time of day on several days, as schedule sentences. */
export function findRoutines(events: WorkflowEvent[], options: RoutineOptions = {}): Routine[] {
  const timezone = options.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const minDays = options.minDays ?? 3;
  const window = options.windowMinutes ?? 60;
  const local = localTime(timezone);
  // The same request: same intent and same words (slots decide what it does).
  const groups = new Map<string, WorkflowEvent[]>();
  for (const e of events) {
    const key = `${e.skill}\u0000${e.intent}\u0000${JSON.stringify(e.slots)}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const out: Routine[] = [];
  for (const list of groups.values()) {
    // First time each day: a request repeated within a day is one habit, not several.
    const byDay = new Map<string, { weekday: number; minute: number }>();
    for (const e of list) {
      let l = seen.get(e);
      if (l?.timezone !== timezone) seen.set(e, (l = { timezone, ...local(e.at) }));
      if (!byDay.has(l.day) || byDay.get(l.day)!.minute > l.minute) byDay.set(l.day, { weekday: l.weekday, minute: l.minute });
    }
    if (byDay.size < minDays) continue;
    const days = [...byDay.values()].sort((a, b) => a.minute - b.minute);
    // The time window holding the most days.
    let best: typeof days = [];
    for (let i = 0, j = 0; i < days.length; i++) {
      while (days[i]!.minute - days[j]!.minute > window) j++;
      if (i - j + 1 > best.length) best = days.slice(j, i + 1);
    }
    if (best.length < minDays) continue;
    const median = best[Math.floor(best.length / 2)]!.minute;
    const rounded = Math.round(median / 5) * 5;
    const time = `${String(Math.floor(rounded / 60) % 24).padStart(2, '0')}:${String(rounded % 60).padStart(2, '0')}`;
    const weekdays = new Set(best.map((d) => d.weekday));
    const workdays = [...weekdays].every((d) => d >= 1 && d <= 5);
    const weekend = [...weekdays].every((d) => d === 0 || d === 6);
    const dayWords = weekdays.size === 1 && best.length >= minDays ? `every ${WEEKDAYS[[...weekdays][0]!]}` : workdays ? 'every weekday' : weekend ? 'every weekend' : 'every day';
    const last = list[list.length - 1]!;
    out.push({ request: last.text, skill: last.skill, intent: last.intent, days: dayWords, time, daysSeen: best.length, sentence: `from now on, ${dayWords} at ${time}, ${last.text}` });
  }
  return out.sort((a, b) => b.daysSeen - a.daysSeen);
}

/**
 * The rule that would do a suggested next step from now on: the routine of that request when it
 * has one, else "whenever I <what came before>, <it>" when what came before changes something.
 */
export function alwaysRule(suggestion: { request: string; after: string; skill: string; intent: string }, routines: Routine[], afterChanges: boolean): string | undefined {
  const routine = routines.find((r) => r.skill === suggestion.skill && r.intent === suggestion.intent && r.request === suggestion.request);
  if (routine) return routine.sentence;
  return afterChanges && suggestion.after ? `whenever I ${suggestion.after}, ${suggestion.request}` : undefined;
}
