import { describe, expect, it } from 'vitest';
import { reminderTask } from './index.js';
import { findDurations } from '../../kernel/sdk/index.js';
import { describeDue, formatDuration, parseWhen } from './when.js';

// A fixed Monday afternoon, local time.
const now = new Date(2025, 2, 10, 14, 30, 0);

describe('when', () => {
  it.each([
    ['remind me to stretch in 10 minutes', new Date(2025, 2, 10, 14, 40), 'stretch'],
    ['remind me to call mom at 5pm', new Date(2025, 2, 10, 17, 0), 'call mom'],
    ['remind me tomorrow at 9 to water the plants', new Date(2025, 2, 11, 9, 0), 'water the plants'],
    ['remind me in an hour to check the oven', new Date(2025, 2, 10, 15, 30), 'check the oven'],
    ['set a reminder to pay rent on friday', new Date(2025, 2, 14, 9, 0), 'pay rent'],
    ['at 1pm remind me to eat', new Date(2025, 2, 11, 13, 0), 'eat'],
    ['remind me about the dentist appointment tomorrow at 8am', new Date(2025, 2, 11, 8, 0), 'the dentist appointment'],
  ])('%s', (text, due, task) => {
    const when = parseWhen(text, now);
    expect(when?.due.getTime()).toBe(due.getTime());
    expect(reminderTask(text, when?.text)).toBe(task);
  });

  it('finds no time where there is none', () => {
    expect(parseWhen('remind me to stretch', now)).toBeUndefined();
  });

  it('describes a due time relative to now', () => {
    expect(describeDue(new Date(2025, 2, 10, 14, 40), now)).toBe('at 14:40 (in 10 min)');
    expect(describeDue(new Date(2025, 2, 11, 9, 0), now)).toBe('tomorrow at 09:00 (in 18 h 30 min)');
  });
});

describe('durations', () => {
  it.each([
    ['set a timer for 3 minutes', 180_000],
    ['start a 10 minute timer', 600_000],
    ['set a timer for an hour and a half', 5_400_000],
    ['make a 45 second timer', 45_000],
    ['start a timer for 1 hour 30 minutes', 5_400_000],
    ['set a timer of half an hour', 1_800_000],
    ['1h 30m timer', 5_400_000],
    ['set a timer for ten minutes', 600_000],
  ])('%s', (text, ms) => {
    expect(findDurations(text)[0]?.ms).toBe(ms);
  });

  it('formats lengths', () => {
    expect(formatDuration(5_400_000)).toBe('1 h 30 min');
    expect(formatDuration(45_000)).toBe('45 s');
  });
});
