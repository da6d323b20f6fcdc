import { describe, expect, it } from 'vitest';
import { parseTyped } from './entities.js';

describe('dates and times', () => {
  it('keeps a time of day exact, whatever the seconds of now', () => {
    for (const seconds of [0, 29, 31, 59]) {
      const now = new Date(Date.UTC(2026, 2, 10, 1, 43, seconds, 750));
      for (const zone of ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata']) {
        const iso = parseTyped('datetime', 'at 8pm', now, zone) as string;
        const local = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
        expect(local, `${zone} :${seconds}`).toBe('20:00');
      }
    }
  });
});
