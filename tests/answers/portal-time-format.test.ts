/**
 * The portal writes times as the kernel's answers do. The portal's bundle carries no kernel code
 * (tests/architecture: the renderer imports kernel/contracts as types only), so renderer/time/format.ts
 * is its own copy of kernel/sdk/time-format.ts for what the portal shows; this test keeps the two in step.
 */
import { describe, expect, it } from 'vitest';
import * as kernel from '../../kernel/sdk/time-format.js';
import * as portal from '../../renderer/time/format.js';

const now = new Date('2026-12-05T12:00:00Z');
const lengths = [0, 999, 1000, 45_000, 119_400, 120_000, 5_400_000, 90_061_000, 3 * 86_400_000 + 7_200_000];
const offsets = [0, 500, 30_000, 600_000, -300_000, 5_400_000, -86_400_000, 30 * 3_600_000];
const settings = [
  { locale: 'en-GB', hour12: false },
  { locale: 'en-US', hour12: true },
  { locale: 'de-DE', hour12: false },
  { locale: 'de-DE', hour12: true },
];

describe('the portal and the kernel write times the same way', () => {
  it('lengths and relative times', () => {
    for (const ms of lengths) expect([ms, portal.formatLength(ms)]).toEqual([ms, kernel.formatDuration(ms)]);
    for (const d of offsets) expect([d, portal.formatRelative(new Date(now.getTime() + d), now)]).toEqual([d, kernel.formatRelative(new Date(now.getTime() + d), now)]);
  });

  it('clock times, days and date-times in every locale and clock', () => {
    for (const prefs of settings) {
      const options = { locale: prefs.locale, timeFormat: prefs.hour12 ? '12h' : '24h', timeZone: 'Europe/Berlin' } as const;
      for (const d of offsets) {
        const at = new Date(now.getTime() + d);
        expect(portal.formatClock(at, prefs, { timeZone: 'Europe/Berlin' })).toBe(kernel.formatClock(at, options));
        expect(portal.formatDay(at, { timeZone: 'Europe/Berlin' })).toBe(kernel.formatDay(at, options));
        expect(portal.formatDateTime(at, prefs, { timeZone: 'Europe/Berlin' })).toBe(kernel.formatDateTime(at, options));
      }
    }
  });
});
