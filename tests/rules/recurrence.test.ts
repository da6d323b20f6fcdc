// The recurrence grammar and its evaluation by croner: many phrasings, time zones and DST.
import { describe, expect, it } from 'vitest';
import { findRecurrence, nextRuns, RecurrenceError, runsBetween } from '../../kernel/rules/index.js';

// A Wednesday, at noon UTC.
const now = new Date('2025-03-05T12:00:00Z');
const read = (text: string, timezone = 'UTC') => findRecurrence(text, { timezone, now });

describe('the recurrence grammar', () => {
  it.each([
    ['every day at 6pm remind me to stretch', '0 0 18 * * *'],
    ['remind me to stretch every day at 6pm', '0 0 18 * * *'],
    ['daily at 7:45 show my notes', '0 45 7 * * *'],
    ['each day at noon list my reminders', '0 0 12 * * *'],
    ['every monday at 9 show my notes', '0 0 9 * * 1'],
    ['every weekday at 9, show my reminders', '0 0 9 * * 1-5'],
    ['on weekdays at 8:30am show my reminders', '0 30 8 * * 1-5'],
    ['every weekend at 10am show my notes', '0 0 10 * * 0,6'],
    ['on mondays and thursdays at 7:30am show my reminders', '0 30 7 * * 1,4'],
    ['every tuesday, thursday and saturday at 6 pm show my notes', '0 0 18 * * 2,4,6'],
    ['every monday morning show my notes', '0 0 8 * * 1'],
    ['every evening show my reminders', '0 0 18 * * *'],
    ['every day at 9am and 5pm remind me to drink water', '0 0 9,17 * * *'],
    ['every 2 hours remind me to drink water', '0 0 */2 * * *'],
    ['every hour show my reminders', '0 0 * * * *'],
    ['every 15 minutes show my reminders', '0 */15 * * * *'],
    ['in the first week of each month remind me to pay the rent', '0 0 9 1-7 * *'],
    ['in the second week of every month show my notes', '0 0 9 8-14 * *'],
    ['on the first monday of every month at 10 show my notes', '0 0 10 * * 1#1'],
    ['on the last friday of each month at 4pm show my notes', '0 0 16 * * 5#L'],
    ['on the last day of the month show my notes', '0 0 9 L * *'],
    ['on the 15th of each month at 8am remind me to pay the bill', '0 0 8 15 * *'],
    ['every month on the 1st remind me to pay rent', '0 0 9 1 * *'],
    ['every year on march 3 remind me about the anniversary', '0 0 9 3 3 *'],
    ['every week show my notes', '0 0 9 * * 3'],
  ])('"%s" → %s', (text, cron) => {
    expect(read(text)?.cron).toBe(cron);
  });

  it('leaves the action words out of the spans', () => {
    const r = read('every weekday at 9, show my reminders')!;
    const left = r.spans.reduce((t, [s, e]) => t.slice(0, s) + ' '.repeat(e - s) + t.slice(e), 'every weekday at 9, show my reminders');
    expect(left.replace(/[\s,]+/g, ' ').trim()).toBe('show my reminders');
  });

  it('finds no recurrence in one-off requests', () => {
    for (const text of ['remind me to stretch at 6pm', 'erase every note', 'remove every reminder', 'on monday at 9 remind me to call mom', 'what is 2 + 2', 'open my documents']) expect(read(text)).toBeUndefined();
  });

  it('says what it cannot keep instead of guessing', () => {
    expect(() => read('every 7 minutes show my notes')).toThrow(RecurrenceError);
    expect(() => read('every other day remind me to water the plants')).toThrow(/name the days/);
    expect(() => read('every 5 hours show my notes')).toThrow(/every 1, 2, 3, 4, 6, 8 or 12 hours/);
  });

  it('reads a named time zone, by IANA name, UTC or a city', () => {
    expect(read('every day at 9am new york time, show my notes', 'Europe/Berlin')?.timezone).toBe('America/New_York');
    expect(read('every day at 9am Europe/Paris show my notes')?.timezone).toBe('Europe/Paris');
    expect(read('every day at 9am UTC show my notes', 'Asia/Tokyo')?.timezone).toBe('UTC');
    expect(read('every day at 9am show my notes', 'Asia/Tokyo')?.timezone).toBe('Asia/Tokyo');
  });
});

describe('schedules in a time zone (croner)', () => {
  it('keeps 18:00 local across the autumn DST change', () => {
    const runs = nextRuns('0 0 18 * * *', 'America/New_York', new Date('2025-11-01T12:00:00Z'), 3).map((d) => d.toISOString());
    expect(runs).toEqual(['2025-11-01T22:00:00.000Z', '2025-11-02T23:00:00.000Z', '2025-11-03T23:00:00.000Z']);
  });

  it('fires a time the spring change skips at the first time that exists', () => {
    const [first] = nextRuns('0 30 2 * * *', 'Europe/Berlin', new Date('2025-03-29T12:00:00Z'), 1);
    expect(first!.toISOString()).toBe('2025-03-30T01:00:00.000Z'); // 03:00 CEST
  });

  it('counts the runs between two times (what a host that was down missed)', () => {
    expect(runsBetween('0 0 9 * * 1-5', 'UTC', new Date('2025-03-03T00:00:00Z'), new Date('2025-03-10T00:00:00Z'))).toHaveLength(5);
  });
});
