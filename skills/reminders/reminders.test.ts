import { describe, expect, it } from 'vitest';
import { fits, isReminderPhrasing, reminderTask } from './index.js';
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
    ['nudge me in 45 minutes to move the car', new Date(2025, 2, 10, 15, 15), 'move the car'],
    ['ping me at 5pm about the invoice', new Date(2025, 2, 10, 17, 0), 'the invoice'],
    ['at 9pm remind me to lock the back door', new Date(2025, 2, 10, 21, 0), 'lock the back door'],
    ['tomorrow morning at 8 remind me to bring lunch', new Date(2025, 2, 11, 8, 0), 'bring lunch'],
    ['could you please set me a reminder for 6pm to call Sam', new Date(2025, 2, 10, 18, 0), 'call Sam'],
    ['I need a reminder to call the bank at 3pm', new Date(2025, 2, 10, 15, 0), 'call the bank'],
    ['wake me up at 7am', new Date(2025, 2, 11, 7, 0), 'wake up'],
  ])('%s', (text, due, task) => {
    const when = parseWhen(text, now);
    expect(when?.due.getTime()).toBe(due.getTime());
    expect(reminderTask(text, when?.text)).toBe(task);
  });

  it('tells a reminder request from a follow-up that only changes its time', () => {
    expect(isReminderPhrasing('nudge me in 45 minutes to move the car', 'in 45 minutes')).toBe(true);
    expect(isReminderPhrasing('remind me to feed the cat', undefined)).toBe(true);
    expect(isReminderPhrasing('I need a reminder to call the bank', undefined)).toBe(true);
    expect(isReminderPhrasing('push that back to 30 minutes', '30 minutes')).toBe(false);
    expect(isReminderPhrasing('change it to 12 minutes', '12 minutes')).toBe(false);
  });

  it('finds a reminder by words of its title, whatever their ending', () => {
    expect(fits('water the plants', ['plants'])).toBe(true);
    expect(fits('water the plants', ['plant'])).toBe(true);
    expect(fits('water the plants', ['watering'])).toBe(true);
    expect(fits('water the plants', ['car'])).toBe(false);
    expect(fits('call mom', ['call', 'mom'])).toBe(true);
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
