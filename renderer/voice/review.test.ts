import { describe, expect, it } from 'vitest';
import { reviewFor, textToRun } from './review';

describe('push-to-talk review', () => {
  const readBack = { transcript: 'add a note for all the dentist', response: { status: 'confirm', text: 'I heard: "add a note for all the dentist" — do it?' } };

  it('asks before running a read-back, even in auto-run mode', () => {
    for (const autoRun of [true, false]) {
      expect(reviewFor(readBack, autoRun)).toEqual({ kind: 'confirm', transcript: 'add a note for all the dentist', question: 'I heard: "add a note for all the dentist" — do it?' });
    }
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
