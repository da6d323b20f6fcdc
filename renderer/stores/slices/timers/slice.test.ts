import { describe, expect, it } from 'vitest';
import { scriptedBridge } from '../../test-bridge';
import { applyKernelEvent } from '../../events';
import { formatCountdown } from './selectors';

describe('timers slice', () => {
  it('formats live countdowns', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    const at = (ms: number) => new Date(now + ms).toISOString();
    expect(formatCountdown(at(65_000), now)).toBe('1:05');
    expect(formatCountdown(at(3_723_000), now)).toBe('1:02:03');
    expect(formatCountdown(at(2 * 86_400_000 + 3_600_000), now)).toBe('2 d 1 h');
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

  it('re-reads the timers when the kernel says they changed, not when an answer merely looks like a reminder list', async () => {
    const { store, calls } = scriptedBridge({ 'timers.list': () => [{ id: 't9', kind: 'timer', title: 'eggs', dueAt: '2030-01-01T00:00:00Z', skill: 'reminders', status: 'pending', createdAt: '' }] });
    const card = { type: 'list', items: [{ title: 'tea', dueAt: '2030-01-01T00:00:00Z' }] };
    applyKernelEvent(store, {
      type: 'request.completed',
      text: 'list my reminders',
      at: '',
      response: { requestId: 'r', sessionId: 's', status: 'served', text: '', steps: [{ stepId: '1', skill: 'notes', intent: 'x', status: 'ok', result: { text: '', card } }], suggestions: [], durationMs: 1, kernelMs: 1 },
    } as never);
    expect(calls).toHaveLength(0);
    applyKernelEvent(store, { type: 'timers.changed' });
    expect(calls).toEqual([['timers.list', { includeDone: false }]]);
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().timers.map((t) => t.id)).toEqual(['t9']);
  });
});
