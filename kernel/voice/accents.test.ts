import { describe, expect, it } from 'vitest';
import { britishVariant } from './accents.js';

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
