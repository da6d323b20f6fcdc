import { describe, expect, it } from 'vitest';
import { reviewFor, textToRun } from './review';

describe('push-to-talk review', () => {
  const question = 'I heard: "add a note for all the dentist" — do it?';
  const readBack = { transcript: 'add a note for all the dentist', response: { status: 'confirm', text: question, clarification: { id: 'heard-1' } } };

  it('asks before running a read-back, even in auto-run mode, keeping the id its answer goes back with', () => {
    for (const autoRun of [true, false]) {
      expect(reviewFor(readBack, autoRun)).toEqual({ kind: 'confirm', id: 'heard-1', transcript: 'add a note for all the dentist', question });
    }
  });

  it('runs nothing for a question it could not answer (no id)', () => {
    const review = reviewFor({ transcript: 'add a note for all the dentist', response: { status: 'confirm', text: question } }, true);
    expect(review).toMatchObject({ kind: 'rejected', note: expect.stringMatching(/Nothing was done/) });
  });

  it('runs nothing for speech that was not a command', () => {
    expect(reviewFor({ transcript: 'list my notes', response: { status: 'not_understood', text: "I didn't catch a command." } }, true)).toEqual({ kind: 'rejected', note: "I didn't catch a command." });
  });

  it('runs a clear request at once in auto-run mode, else shows it for editing', () => {
    expect(reviewFor({ transcript: 'list my notes' }, true)).toEqual({ kind: 'run', transcript: 'list my notes' });
    expect(reviewFor({ transcript: 'list my notes' }, false)).toEqual({ kind: 'edit', transcript: 'list my notes' });
  });

  it('sends the edited transcript after Yes, and nothing when it was emptied', () => {
    expect(textToRun('  add a note call the dentist ')).toBe('add a note call the dentist');
    expect(textToRun('   ')).toBeUndefined();
  });
});
