import { describe, expect, it } from 'vitest';
import { scriptedBridge } from '../../test-bridge';
import { openQuestion } from './selectors';

const served = (input: unknown) => ({ requestId: (input as { id: string }).id, sessionId: 's', status: 'served', text: 'ok: ' + (input as { text: string }).text, steps: [], suggestions: [], durationMs: 1, kernelMs: 1 });

describe('chat slice', () => {
  it('shows the request at once, then the answer, sending from the portal with an id', async () => {
    const { store, calls } = scriptedBridge({ 'kernel.handle': served });
    const pending = store.getState().send('what is 2 + 2');
    expect(store.getState().entries.map((e) => [e.role, e.status])).toEqual([['user', 'done'], ['agent', 'pending']]);
    await pending;
    expect(store.getState().entries[1]).toMatchObject({ status: 'done', text: 'ok: what is 2 + 2' });
    expect(calls[0]![1]).toMatchObject({ text: 'what is 2 + 2', source: 'ui', id: expect.stringMatching(/^ui[0-9a-f]{16}$/) });
  });

  it('walks the input history with ↑ and ↓ and back to an empty draft', async () => {
    const { store } = scriptedBridge({ 'kernel.handle': served });
    await store.getState().send('first');
    await store.getState().send('second');
    const s = () => store.getState();
    s().historyPrev();
    expect(s().draft).toBe('second');
    s().historyPrev();
    s().historyPrev();
    expect(s().draft).toBe('first');
    s().historyNext();
    expect(s().draft).toBe('second');
    s().historyNext();
    expect(s().draft).toBe('');
  });

  it('answers a clarification with replyTo and marks the question answered', async () => {
    const { store, calls } = scriptedBridge({
      'kernel.handle': (input) =>
        (input as { replyTo?: string }).replyTo ? served(input) : { ...served(input), status: 'clarify', text: 'Which?', clarification: { id: 'q1', question: 'Which?', choices: [{ label: 'A', value: '1' }] } },
    });
    await store.getState().send('ambiguous');
    const asked = openQuestion(store.getState().entries)!;
    expect(asked.response?.clarification?.id).toBe('q1');
    await store.getState().send('1', { replyTo: 'q1', answering: asked.id });
    expect(calls[1]![1]).toMatchObject({ text: '1', replyTo: 'q1' });
    expect(store.getState().entries.find((e) => e.id === asked.id)?.answered).toBe('1');
    expect(openQuestion(store.getState().entries)).toBeUndefined();
  });

  it('sends a clicked choice as its value while the bubble shows its label, outside the typed history', async () => {
    const { store, calls } = scriptedBridge({ 'kernel.handle': served });
    await store.getState().send('typed first');
    await store.getState().send('2', { replyTo: 'q1', shown: 'Add a note' });
    expect(calls.filter(([m]) => m === 'kernel.handle')[1]![1]).toMatchObject({ text: '2', replyTo: 'q1' });
    expect(store.getState().entries.filter((e) => e.role === 'user').map((e) => e.text)).toEqual(['typed first', 'Add a note']);
    expect(store.getState().inputHistory).toEqual(['typed first']);
  });

  it('sends every request of a conversation in one session, and a new conversation in a new one', async () => {
    const { store, calls } = scriptedBridge({ 'kernel.handle': served });
    await store.getState().send('start a timer for 8 minutes');
    await store.getState().send('change it to 12 minutes');
    await store.getState().send('in 40 minutes', { replyTo: 'q9' });
    const handled = () => calls.filter(([m]) => m === 'kernel.handle').map(([, input]) => (input as { sessionId: string }).sessionId);
    const sessions = handled();
    expect(new Set(sessions).size).toBe(1);
    expect(sessions[0]).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    store.getState().clearChat();
    await store.getState().send('what can you do');
    expect(handled().at(-1)).not.toBe(sessions[0]);
  });

  it('shows a bridge failure with its message and fix, and ignores blank input', async () => {
    const { store, calls } = scriptedBridge({ 'kernel.handle': () => Promise.reject({ code: 'unavailable', message: 'Lost the connection', fix: 'reload' }) });
    expect(await store.getState().send('   ')).toBeUndefined();
    expect(calls).toHaveLength(0);
    await store.getState().send('hi');
    expect(store.getState().entries[1]).toMatchObject({ status: 'failed', error: { message: 'Lost the connection', fix: 'reload' } });
  });

  it('applies progress only to the pending request it belongs to', async () => {
    let release: (v: unknown) => void = () => undefined;
    const { store } = scriptedBridge({ 'kernel.handle': (input) => new Promise((r) => (release = () => r(served(input)))) });
    const p = store.getState().send('long job');
    const id = store.getState().entries[1]!.id;
    store.getState().applyProgress(id, 0.5, 'half');
    store.getState().applyProgress('other', 0.9);
    expect(store.getState().entries[1]!.progress).toEqual({ fraction: 0.5, message: 'half' });
    release(undefined);
    await p;
  });

  it("keeps one progress line per reporting skill: a skill's newer message replaces its line, another skill adds one", async () => {
    let release: (v: unknown) => void = () => undefined;
    const { store } = scriptedBridge({ 'kernel.handle': (input) => new Promise((r) => (release = () => r(served(input)))) });
    const p = store.getState().send('look up the dentist and remind me');
    const id = store.getState().entries[1]!.id;
    const lines = () => store.getState().entries[1]!.progressLines;
    store.getState().applyProgress(id, 0.1, 'Model step 1: notes/notes.search', 'notes');
    store.getState().applyProgress(id, 0.1, '✓ Found 1 note', 'notes');
    expect(lines()).toEqual([{ skill: 'notes', message: '✓ Found 1 note' }]);
    store.getState().applyProgress(id, 0.2, 'Model step 2: reminders/reminder.add', 'reminders');
    store.getState().applyProgress(id, 0.2, undefined, 'files');
    expect(lines()).toEqual([
      { skill: 'notes', message: '✓ Found 1 note' },
      { skill: 'reminders', message: 'Model step 2: reminders/reminder.add' },
    ]);
    for (let i = 0; i < 10; i++) store.getState().applyProgress(id, 0.3, `job ${i}`, `skill${i}`);
    expect(lines()!.map((l) => l.message)).toEqual(['job 4', 'job 5', 'job 6', 'job 7', 'job 8', 'job 9']);
    release(undefined);
    await p;
  });

  it('sends a Yes to a spoken read-back through voice.answer with the transcript as corrected, never as a typed request', async () => {
    const { store, calls } = scriptedBridge({ 'voice.answer': (input) => ({ ...served({ id: 'k1', text: (input as { edited: string }).edited }), sessionId: 'ui1' }) });
    const r = await store.getState().send(' add a note call the dentist ', { readBack: 'heard-7' });
    expect(calls.filter(([m]) => m === 'voice.answer' || m === 'kernel.handle')).toEqual([['voice.answer', { id: 'heard-7', answer: 'yes', edited: 'add a note call the dentist' }]]);
    expect(r?.text).toBe('ok: add a note call the dentist');
    expect(store.getState().entries.map((e) => [e.role, e.text])).toEqual([
      ['user', 'add a note call the dentist'],
      ['agent', 'ok: add a note call the dentist'],
    ]);
  });
});
