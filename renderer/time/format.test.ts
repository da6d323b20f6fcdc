import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFS, formatClock, formatCountdown, formatDateTime, formatDue, formatLength, formatRelative, localeUses12h, timeFormatter, timePrefsFrom } from './format';
import { formatTick } from '../components/cards/plot-scale';

const tz = { timeZone: 'Europe/Berlin' };
const at = (iso: string) => new Date(iso);
const view = (values: Record<string, unknown>, time?: { locale: string; hour12: boolean }) => ({ values, ...(time ? { time } : {}) });

describe('the portal time format', () => {
  it('takes the locale and clock the kernel resolved, else the settings, else 24-hour', () => {
    expect(timePrefsFrom(view({ 'ui.locale': '' }, { locale: 'en-US', hour12: true }))).toEqual({ locale: 'en-US', hour12: true });
    expect(timePrefsFrom(view({ 'ui.locale': 'en-US', 'ui.timeFormat': 'auto' }))).toEqual({ locale: 'en-US', hour12: true });
    expect(timePrefsFrom(view({ 'ui.locale': 'en-US', 'ui.timeFormat': '24h' }))).toEqual({ locale: 'en-US', hour12: false });
    expect(timePrefsFrom(view({ 'ui.locale': 'de-DE', 'ui.timeFormat': '12h' }))).toEqual({ locale: 'de-DE', hour12: true });
    expect(timePrefsFrom(view({ 'ui.locale': '', 'ui.timeFormat': 'auto' }))).toEqual(DEFAULT_PREFS);
    expect(timePrefsFrom(view({ 'ui.locale': 'not a locale!' }))).toEqual(DEFAULT_PREFS);
    expect(timePrefsFrom(null)).toEqual({ locale: 'en-GB', hour12: false });
    expect([localeUses12h('en-US'), localeUses12h('en-GB'), localeUses12h('de')]).toEqual([true, false, false]);
  });

  it('writes clock times in the chosen clock, whatever the browser prefers', () => {
    const six = at('2026-12-05T17:00:00Z');
    expect(formatClock(six, { locale: 'en-GB', hour12: false }, tz)).toBe('18:00');
    expect(formatClock(six, { locale: 'en-US', hour12: true }, tz)).toBe('6:00 PM');
    expect(formatClock(six, { locale: 'en-US', hour12: false }, tz)).toBe('18:00');
    expect(formatClock(six, { locale: 'de-DE', hour12: false }, { ...tz, seconds: true })).toBe('18:00:00');
    expect(formatDateTime(six, { locale: 'en-US', hour12: true }, tz)).toBe('2026-12-05 6:00 PM');
  });

  it('says lengths and relative times as the kernel does', () => {
    expect(formatLength(90 * 60_000)).toBe('1 h 30 min');
    expect(formatLength(45_000)).toBe('45 s');
    expect(formatLength(0)).toBe('0 s');
    expect(formatLength(2 * 86_400_000 + 3_600_000)).toBe('2 d 1 h');
    const now = at('2026-12-05T12:00:00Z');
    expect(formatRelative(at('2026-12-05T12:10:00Z'), now)).toBe('in 10 min');
    expect(formatRelative(at('2026-12-05T11:55:00Z'), now)).toBe('5 min ago');
    expect(formatRelative(at('2026-12-05T12:00:30Z'), now)).toBe('in 30 s');
    expect(formatRelative(now, now)).toBe('now');
  });

  it('says when something is due relative to today', () => {
    const now = at('2026-12-05T11:00:00Z'); // 12:00 in Berlin
    const gb = { locale: 'en-GB', hour12: false };
    const us = { locale: 'en-US', hour12: true };
    expect(formatDue(at('2026-12-05T11:10:00Z'), now, gb, tz)).toBe('at 12:10 (in 10 min)');
    expect(formatDue(at('2026-12-06T17:00:00Z'), now, gb, tz)).toBe('tomorrow at 18:00 (in 1 d 6 h)');
    expect(formatDue(at('2026-12-06T17:00:00Z'), now, us, tz)).toBe('tomorrow at 6:00 PM (in 1 d 6 h)');
    expect(formatDue(at('2026-12-12T08:00:00Z'), now, gb, tz)).toBe('on Sat 12 Dec at 09:00');
    expect(formatDue(at('2026-12-12T08:00:00Z'), now, us, tz)).toBe('on Sat, Dec 12 at 9:00 AM');
    expect(formatDue(at('2026-12-04T17:00:00Z'), now, gb, tz)).toBe('yesterday at 18:00');
    expect(formatDue(at('2026-12-05T11:00:30Z'), now, gb, tz)).toBe('at 12:00:30 (in 30 s)');
    expect(timeFormatter(gb).due(at('2026-12-05T10:00:00Z'), now, tz)).toBe('at 11:00 (1 h ago)');
  });

  it('counts down', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    const left = (ms: number) => formatCountdown(new Date(now + ms).toISOString(), now);
    expect([left(65_000), left(3_723_000), left(2 * 86_400_000 + 3_600_000), left(-5), formatCountdown('garbage', now)]).toEqual(['1:05', '1:02:03', '2 d 1 h', 'now', '—']);
  });
  it('writes numbers in the same locale as times', () => {
    expect(timeFormatter({ locale: 'de-DE', hour12: false }).number(1234.5)).toBe('1.234,5');
    expect(timeFormatter({ locale: 'en-GB', hour12: false }).number(1234.5)).toBe('1,234.5');
    expect(formatTick(2500, 'de-DE')).toBe('2.500');
  });
});
