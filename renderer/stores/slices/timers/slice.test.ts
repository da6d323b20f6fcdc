import { describe, expect, it } from 'vitest';
import { scriptedBridge } from '../../test-bridge';
import { formatCountdown } from './selectors';

describe('timers slice', () => {
  it('formats live countdowns', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    const at = (ms: number) => new Date(now + ms).toISOString();
    expect(formatCountdown(at(65_000), now)).toBe('1:05');
    expect(formatCountdown(at(3_723_000), now)).toBe('1:02:03');
    expect(formatCountdown(at(2 * 86_400_000 + 3_600_000), now)).toBe('2d 1h');
    expect(formatCountdown(at(-5), now)).toBe('now');
    expect(formatCountdown('garbage', now)).toBe('—');
  });

  it('schedules from the portal, then moves a fired timer to "recently fired"', async () => {
    const { store, calls } = scriptedBridge({ 'timers.schedule': (i) => ({ id: 't1', skill: 'portal', status: 'pending', createdAt: '', ...(i as object) }) });
    await store.getState().scheduleTimer({ kind: 'reminder', title: 'tea', inMs: 60_000 });
    expect(calls[0]![1]).toMatchObject({ kind: 'reminder', title: 'tea' });
    expect(store.getState().timers.map((t) => t.id)).toEqual(['t1']);
    store.getState().timerFired({ type: 'timer.fired', timer: { id: 't1', kind: 'reminder', title: 'tea', dueAt: new Date().toISOString() }, missed: false });
    expect(store.getState().timers).toEqual([]);
    expect(store.getState().fired[0]).toMatchObject({ id: 't1', missed: false });
  });

  it('reports a cancel of a timer that already fired', async () => {
    const { store } = scriptedBridge({ 'timers.cancel': () => ({ ok: false }), 'timers.list': () => [] });
    await store.getState().cancelTimer('x');
    expect(store.getState().timersError?.message).toMatch(/already fired/);
  });
});
