import { describe, expect, it } from 'vitest';
import { scriptedBridge } from '../../test-bridge';
import { applyKernelEvent } from '../../events';
import { MAX_TOASTS } from './slice';
import { resolveTheme } from './selectors';

describe('ui slice', () => {
  it('keeps at most a few toasts, newest last, and dismisses by id', () => {
    const { store } = scriptedBridge({});
    for (let i = 0; i < MAX_TOASTS + 2; i++) store.getState().pushToast({ kind: 'info', title: `t${i}` });
    const toasts = store.getState().toasts;
    expect(toasts).toHaveLength(MAX_TOASTS);
    expect(toasts.at(-1)!.title).toBe(`t${MAX_TOASTS + 1}`);
    store.getState().dismissToast(toasts[0]!.id);
    expect(store.getState().toasts).toHaveLength(MAX_TOASTS - 1);
  });

  it('persists the theme in the profile and resolves "system"', () => {
    const { store, calls } = scriptedBridge({ 'settings.set': () => ({}) });
    store.getState().setTheme('dark');
    expect(calls[0]).toEqual(['settings.set', { key: 'ui.theme', value: 'dark' }]);
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('light', true)).toBe('light');
  });

  it('turns a fired reminder into a notification that stays, and a restart into a warning', () => {
    const { store } = scriptedBridge({ 'skills.list': () => [], 'timers.list': () => [] });
    applyKernelEvent(store, { type: 'timer.fired', timer: { id: 'a', kind: 'reminder', title: 'stretch', dueAt: new Date().toISOString() }, missed: true });
    expect(store.getState().toasts[0]).toMatchObject({ kind: 'reminder', title: 'Reminder: stretch', body: expect.stringMatching(/Missed/) });
    applyKernelEvent(store, { type: 'kernel.restarted', reason: 'It crashed.' });
    expect(store.getState().toasts[1]).toMatchObject({ kind: 'warning', title: 'The kernel restarted' });
  });
});
