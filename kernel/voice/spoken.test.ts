/** Written ↔ spoken forms: what the recogniser's language model is built from, and how its words are read back. */
import { describe, expect, it } from 'vitest';
import { numberToWords, toSpoken, toWritten } from './spoken.js';

describe('spoken and written forms', () => {
  it('says numbers, percentages, operators and units as words', () => {
    expect(toSpoken('what is 15% of 240')).toBe('what is fifteen percent of two hundred forty');
    expect(toSpoken('what is 12 * (3 + 4)')).toBe('what is twelve times three plus four');
    expect(toSpoken('convert 5 km to miles')).toBe('convert five kilometers to miles');
    expect(toSpoken('remind me at 5pm')).toBe('remind me at five p m');
    expect(numberToWords(1250)).toBe('one thousand two hundred fifty');
    expect(numberToWords('2.05')).toBe('two point zero five');
  });

  it('writes spoken numbers back as digits', () => {
    expect(toWritten('what is twelve times eleven')).toBe('what is 12 times 11');
    expect(toWritten('fifteen percent of two hundred and forty')).toBe('15% of 240');
    expect(toWritten('one thousand two hundred fifty divided by eight')).toBe('1250 divided by 8');
    expect(toWritten('two point five')).toBe('2.5');
    expect(toWritten('remind me at five p m')).toBe('remind me at 5pm');
    expect(toWritten('add a note remember the blue folder')).toBe('add a note remember the blue folder');
  });

  it('reads numbers by the grammar the intent engine and the skills use (kernel/sdk)', () => {
    expect(toWritten('set a timer for a hundred and ten seconds')).toBe('set a timer for 110 seconds');
    expect(toWritten('what is one thousand and five minus two and a half')).toBe('what is 1005 minus 2.5');
    expect(toWritten('five six seven')).toBe('5 6 7');
  });
});
