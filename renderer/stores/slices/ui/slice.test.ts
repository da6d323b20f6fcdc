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
    applyKernelEvent(store, { type: 'timer.fired', timer: { id: 'a', kind: 'reminder', title: 'stretch', dueAt: '2025-01-01T18:00:00Z' }, missed: false });
    expect(store.getState().toasts[0]).toMatchObject({ kind: 'reminder', title: 'Reminder: stretch', body: expect.stringMatching(/^It was due at \d\d:\d\d\.$/) });
    applyKernelEvent(store, { type: 'kernel.restarted', reason: 'it crashed' });
    expect(store.getState().toasts[1]).toMatchObject({ kind: 'warning', title: 'The kernel restarted', body: expect.stringMatching(/^It crashed\. /) });
  });

  it('sums up reminders missed while AgentOS was closed in one toast', () => {
    const { store } = scriptedBridge({});
    for (const title of ['stretch', 'water the plants', 'call mum']) applyKernelEvent(store, { type: 'timer.fired', timer: { id: title, kind: 'reminder', title, dueAt: '2025-01-01T09:00:00Z' }, missed: true });
    const toasts = store.getState().toasts;
    expect(toasts).toHaveLength(1);
    expect(toasts[0]).toMatchObject({ kind: 'reminder', title: '3 reminders went off while AgentOS was closed', items: [expect.stringMatching(/^stretch, due /), expect.stringMatching(/^water the plants/), expect.stringMatching(/^call mum/)] });
    expect(store.getState().fired.map((f) => f.title)).toEqual(['call mum', 'water the plants', 'stretch']);
  });

  it('says what an action in the open view did in that view, and as a toast elsewhere', () => {
    const { store } = scriptedBridge({});
    store.getState().setView('rules');
    store.getState().pushToast({ kind: 'success', title: 'Rule paused', view: 'rules' });
    expect(store.getState().toasts).toEqual([]);
    expect(store.getState().notice).toMatchObject({ title: 'Rule paused' });
    store.getState().setView('chat');
    expect(store.getState().notice).toBeNull();
    store.getState().pushToast({ kind: 'success', title: 'Rule resumed', view: 'rules' });
    expect(store.getState().toasts.map((t) => t.title)).toEqual(['Rule resumed']);
  });

  it('dismisses every toast at once', () => {
    const { store } = scriptedBridge({});
    store.getState().pushToast({ kind: 'info', title: 'a' });
    store.getState().pushToast({ kind: 'reminder', title: 'b' });
    store.getState().dismissAllToasts();
    expect(store.getState().toasts).toEqual([]);
  });

  it('keeps reminders when older toasts make room', () => {
    const { store } = scriptedBridge({});
    store.getState().pushToast({ kind: 'reminder', title: 'stretch' });
    for (let i = 0; i < MAX_TOASTS; i++) store.getState().pushToast({ kind: 'info', title: `t${i}` });
    expect(store.getState().toasts.map((t) => t.title)).toEqual(['stretch', ...Array.from({ length: MAX_TOASTS - 1 }, (_, i) => `t${i + 1}`)]);
  });

  it('does not repeat as a toast a skill error that the answer in the conversation shows', async () => {
    let finish: (r: unknown) => void = () => undefined;
    const answer = (skill: string, error: string) => ({ requestId: 'r', sessionId: 's', status: 'partial', text: '', steps: [{ stepId: '1', skill, intent: 'x', slots: {}, status: 'error', error, durationMs: 1 }], suggestions: [], durationMs: 1, kernelMs: 1 });
    const { store } = scriptedBridge({ 'kernel.handle': () => new Promise((r) => (finish = r)) });
    const sent = store.getState().send('search my notes');
    applyKernelEvent(store, { type: 'skill.error', skill: 'notes', message: 'the index is locked' });
    applyKernelEvent(store, { type: 'skill.error', skill: 'weather', message: 'stopped: timeout' });
    expect(store.getState().toasts).toEqual([]);
    finish(answer('notes', 'the index is locked'));
    await sent;
    // The notes error is in the answer; the weather one (another request's) is not, so it becomes a toast.
    expect(store.getState().toasts.map((t) => [t.title, t.body])).toEqual([['The weather skill failed', expect.stringMatching(/^Stopped: timeout\. Try again/)]]);
    // Reported after the answer came back: the answer shows it already.
    applyKernelEvent(store, { type: 'skill.error', skill: 'notes', message: 'the index is locked' });
    expect(store.getState().toasts).toHaveLength(1);
  });
});
