import { describe, expect, it } from 'vitest';
import { findDurations, parseDuration } from './duration.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('parseDuration: a phrase that is only a length', () => {
  it.each([
    ['10 minutes', 10 * MIN],
    ['for 10 minutes', 10 * MIN],
    ['in 2 days', 2 * 24 * HOUR],
    ['an hour and a half', 1.5 * HOUR],
    ['an hour and a quarter', 1.25 * HOUR],
    ['1h30m', 1.5 * HOUR],
    ['1h30', 1.5 * HOUR],
    ['5m30s', 5.5 * MIN],
    ['2 hours 15 minutes', 2.25 * HOUR],
    ['2 hours, 15 minutes', 2.25 * HOUR],
    ['2 hours and 15 minutes', 2.25 * HOUR],
    ['half an hour', 0.5 * HOUR],
    ['half a day', 12 * HOUR],
    ['a quarter of an hour', 15 * MIN],
    ['three quarters of an hour', 45 * MIN],
    ['two and a half hours', 2.5 * HOUR],
    ['twenty five minutes', 25 * MIN],
    ['twenty-five minutes', 25 * MIN],
    ['a couple of days', 2 * 24 * HOUR],
    ['a few seconds', 3000],
    ['1.5 hours', 1.5 * HOUR],
    ['90 s', 90_000],
    ['100ms', 100],
    ['2 wks', 14 * 24 * HOUR],
    ['1,000 seconds', 1_000_000],
    ['hour', HOUR],
    ['0 minutes', 0],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['buy milk', '', 'minutes of fun', '1 hour 30', '10 minutes.', 'at 5pm', 'five six minutes', 'tomorrow'])('%j is not a length', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('findDurations: lengths inside a request', () => {
  it.each([
    ['set a timer for 3 minutes', 3 * MIN, '3 minutes'],
    ['start a 10 minute timer', 10 * MIN, '10 minute'],
    ['start a 10-minute timer', 10 * MIN, '10-minute'],
    ['set a timer for an hour and a half', 1.5 * HOUR, 'an hour and a half'],
    ['start a timer for 1 hour 30 minutes', 1.5 * HOUR, '1 hour 30 minutes'],
    ['set a timer of half an hour', 0.5 * HOUR, 'half an hour'],
    ['1h 30m timer', 1.5 * HOUR, '1h 30m'],
    ['wait 1h30 then go', 1.5 * HOUR, '1h30'],
    ['set a timer for twenty five minutes for the pasta', 25 * MIN, 'twenty five minutes'],
    ['remind me in a couple of hours', 2 * HOUR, 'a couple of hours'],
  ])('%s', (text, ms, words) => {
    const [first] = findDurations(text);
    expect(first).toMatchObject({ ms, text: words });
    expect(text.slice(first!.start, first!.end)).toBe(words);
  });

  it('finds each length apart when words stand between them', () => {
    expect(findDurations('a 5 minute break every 2 hours').map((d) => d.ms)).toEqual([5 * MIN, 2 * HOUR]);
  });

  it('needs a count before the unit and a word boundary before the count', () => {
    expect(findDurations('wait a second')).toEqual([{ ms: 1000, text: 'a second', start: 5, end: 13 }]);
    expect(findDurations('the second time, in minutes')).toEqual([]);
    expect(findDurations('mp3s at 5 a.m. or 5pm')).toEqual([]);
  });
});
