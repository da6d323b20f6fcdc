import { describe, expect, it } from 'vitest';
import { wordErrorRate } from './wer.js';

describe('word error rate', () => {
  it('counts substitutions, deletions and insertions', () => {
    expect(wordErrorRate('what is the time', 'what is the time')).toMatchObject({ errors: 0, words: 4 });
    expect(wordErrorRate('what is the time', 'what was time now')).toMatchObject({ errors: 3, words: 4 });
  });
});
