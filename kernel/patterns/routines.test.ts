/** Habits that could become automations: routines at a time of day, and follow-ups of a change. */
import { describe, expect, it } from 'vitest';
import { alwaysRule, findRoutines } from './routines.js';
import type { WorkflowEvent } from './sessions.js';

const at = (iso: string) => Date.parse(iso);
const event = (iso: string, text = 'list my reminders', intent = 'reminder.list', slots: Record<string, unknown> = {}): WorkflowEvent => ({ at: at(iso), text, skill: 'reminders', intent, slots });

describe('routines', () => {
  it('finds a request done on several weekdays at about the same time, in the given time zone', () => {
    // 2026-11-30 is a Monday. 08:55–09:20 in Berlin (UTC+1) on four weekdays; once at 15:00 too.
    const events = ['2026-11-30T07:58:00Z', '2026-12-01T08:05:00Z', '2026-12-02T08:20:00Z', '2026-12-03T07:55:00Z', '2026-12-03T14:00:00Z'].map((t) => event(t));
    const [r] = findRoutines(events, { timezone: 'Europe/Berlin' });
    expect(r).toMatchObject({ days: 'every weekday', time: '09:05', daysSeen: 4, sentence: 'from now on, every weekday at 09:05, list my reminders' });
  });

  it('tells every day, weekends and one day of the week apart, and needs enough days in one window', () => {
    const daily = ['2026-11-28T18:00:00Z', '2026-11-29T18:10:00Z', '2026-11-30T18:05:00Z'].map((t) => event(t, 'show my notes', 'notes.list'));
    expect(findRoutines(daily, { timezone: 'UTC' })[0]).toMatchObject({ days: 'every day', time: '18:05' });
    const weekend = ['2026-11-28T10:00:00Z', '2026-11-29T10:00:00Z', '2026-12-05T10:30:00Z'].map((t) => event(t));
    expect(findRoutines(weekend, { timezone: 'UTC' })[0]?.days).toBe('every weekend');
    const mondays = ['2026-11-16T09:00:00Z', '2026-11-23T09:00:00Z', '2026-11-30T09:10:00Z'].map((t) => event(t));
    expect(findRoutines(mondays, { timezone: 'UTC' })[0]?.days).toBe('every monday');
    // Three days, but hours apart: no routine.
    const scattered = ['2026-11-28T08:00:00Z', '2026-11-29T13:00:00Z', '2026-11-30T19:00:00Z'].map((t) => event(t));
    expect(findRoutines(scattered, { timezone: 'UTC' })).toEqual([]);
    // Several times on one day count once.
    const oneDay = ['2026-11-28T08:00:00Z', '2026-11-28T08:10:00Z', '2026-11-28T08:20:00Z'].map((t) => event(t));
    expect(findRoutines(oneDay, { timezone: 'UTC' })).toEqual([]);
  });

  it('keeps requests with different slots apart', () => {
    const a = ['2026-11-28T08:00:00Z', '2026-11-29T08:00:00Z'].map((t) => event(t, 'add a note water plants', 'notes.add', { text: 'water plants' }));
    const b = ['2026-11-30T08:00:00Z'].map((t) => event(t, 'add a note buy milk', 'notes.add', { text: 'buy milk' }));
    expect(findRoutines([...a, ...b], { timezone: 'UTC' })).toEqual([]);
  });

  it('proposes the routine for a suggested step, else a follow-up rule after a change, else nothing', () => {
    const routines = findRoutines(['2026-11-28T18:00:00Z', '2026-11-29T18:00:00Z', '2026-11-30T18:00:00Z'].map((t) => event(t)), { timezone: 'UTC' });
    const next = { request: 'list my reminders', after: 'add a note buy milk', skill: 'reminders', intent: 'reminder.list' };
    expect(alwaysRule(next, routines, true)).toBe('from now on, every day at 18:00, list my reminders');
    expect(alwaysRule({ ...next, request: 'list my notes', intent: 'notes.list' }, routines, true)).toBe('whenever I add a note buy milk, list my notes');
    expect(alwaysRule({ ...next, request: 'list my notes', intent: 'notes.list' }, routines, false)).toBeUndefined();
  });
});
