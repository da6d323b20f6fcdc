/** Spoken/written text forms, WER, template expansion and the ARPA model: the pieces of the command model. */
import { describe, expect, it } from 'vitest';
import { toSpoken, toWritten, numberToWords, wordErrorRate } from '../../kernel/voice/index.js';
import { expandTemplate } from '../../kernel/voice/template-expand.js';
import { buildArpa } from '../../kernel/voice/arpa.js';
import { britishVariant } from '../../kernel/voice/accents.js';

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
});

describe('word error rate', () => {
  it('counts substitutions, deletions and insertions', () => {
    expect(wordErrorRate('what is the time', 'what is the time')).toMatchObject({ errors: 0, words: 4 });
    expect(wordErrorRate('what is the time', 'what was time now')).toMatchObject({ errors: 3, words: 4 });
  });
});

describe('template expansion', () => {
  it('expands alternatives, optional parts, rules and keeps slots', () => {
    const out = expandTemplate('(add|make) [a] note {text}', {}, 100).map((p) => p.map((x) => (typeof x === 'string' ? x : `{${x.slot}}`)).join(' '));
    expect(out.sort()).toEqual(['add a note {text}', 'add note {text}', 'make a note {text}', 'make note {text}']);
    const ruled = expandTemplate('<what> {x}', { what: "(what is|what's)" }, 100).map((p) => p.filter((x) => typeof x === 'string').join(' '));
    expect(ruled.sort()).toEqual(['what is', "what's"]);
  });
});

describe('ARPA model', () => {
  it('is a normalised back-off trigram model', () => {
    const { arpa, stats } = buildArpa([['set', 'a', 'timer'], ['set', 'a', 'reminder'], ['cancel', 'the', 'timer']]);
    expect(stats.unigrams).toBe(8); // 6 words + </s> + <s>
    expect(arpa).toMatch(/\\data\\\nngram 1=8\nngram 2=\d+\nngram 3=\d+/);
    // Unigram probabilities (without <s>) sum to 1.
    const uni = arpa.split('\\1-grams:')[1]!.split('\\2-grams:')[0]!.trim().split('\n').map((l) => l.split('\t'));
    const sum = uni.filter((f) => f[1] !== '<s>').reduce((a, f) => a + 10 ** Number(f[0]), 0);
    expect(sum).toBeCloseTo(1, 2);
  });
});

describe('accent variants of the pronunciation dictionary', () => {
  it('adds a British-style pronunciation: schwa-led goat vowel, open trap vowel, no final r', () => {
    expect(britishVariant('N OW T')).toBe('N AH OW T');
    expect(britishVariant('AE D')).toBe('AA D');
    expect(britishVariant('F OW L D ER')).toBe('F AH OW L D AH');
    expect(britishVariant('K AA R D')).toBe('K AA D');
    expect(britishVariant('R EH D')).toBeUndefined();
    expect(britishVariant('T W EH L V')).toBeUndefined();
  });
});
