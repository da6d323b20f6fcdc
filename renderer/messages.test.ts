import { describe, expect, it } from 'vitest';
import { sentence, stepFailure } from './messages';
import { selectLastAnswer } from './stores/slices/chat/selectors';
import type { AppState } from './stores/state';

describe('messages the user sees', () => {
  it('are sentences: a capital first, a stop last', () => {
    expect(sentence('say which note, e.g. "delete note 3"')).toBe('Say which note, e.g. "delete note 3".');
    expect(sentence('stopped: timeout')).toBe('Stopped: timeout.');
    expect(sentence('Done!')).toBe('Done!');
    expect(sentence('It said “no.”')).toBe('It said “no.”');
    expect(sentence('  ')).toBe('');
  });

  it('say what a failed step did and what to do', () => {
    expect(stepFailure('notes', 'say which note, e.g. "delete note 3"', 'error')).toEqual({ message: 'The notes skill could not do that. Say which note, e.g. "delete note 3".' });
    expect(stepFailure('files', undefined, 'error')).toMatchObject({ message: 'The files skill could not do that.', fix: expect.stringMatching(/^Send the request again/) });
    expect(stepFailure('files', undefined, 'denied')).toMatchObject({ message: 'The files skill was not allowed to do that.', fix: expect.stringMatching(/Permissions/) });
  });
});

describe('the reply spoken after a voice request', () => {
  const state = (entries: unknown[]) => ({ entries }) as unknown as AppState;
  it("is the kernel's spoken sentence, never the card's lines", () => {
    const response = { status: 'served', text: 'Found 2 notes:\n– buy oat milk\n– call Bob', spoken: 'Found 2 notes.', steps: [] };
    expect(selectLastAnswer(state([{ role: 'agent', status: 'done', text: response.text, response }]))).toBe('Found 2 notes.');
  });
  it("is the answer's first line where the kernel sent none", () => {
    expect(selectLastAnswer(state([{ role: 'agent', status: 'done', text: 'Found 2 notes:\n– buy oat milk' }, { role: 'user', status: 'done', text: 'x' }]))).toBe('Found 2 notes:');
    expect(selectLastAnswer(state([{ role: 'agent', status: 'pending', text: '' }]))).toBeUndefined();
  });
});
