/** espeak-ng's spelling-to-sound rules as CMUdict pronunciations for words CMUdict lacks. */
import { describe, expect, it } from 'vitest';
import { espeakProgram, espeakToArpabet, pronounce } from './g2p.js';

describe('pronunciations from espeak-ng', () => {
  it('maps espeak-ng phoneme mnemonics to ARPAbet', () => {
    expect(espeakToArpabet("'V_p_t_aI_m")).toBe('AH P T AY M');
    expect(espeakToArpabet("m_'a_t_m_V_l")).toBe('M AE T M AH L');
    expect(espeakToArpabet("tS_'3:_tS")).toBe('CH ER CH');
    expect(espeakToArpabet('Q_Q')).toBeUndefined();
  });

  it.skipIf(!espeakProgram())('pronounces words and letter strings the way espeak-ng reads them', () => {
    const got = pronounce(['uptime', 'xlsx', 'sqlite', 'fts5']);
    expect(got.get('uptime')).toBe('AH P T AY M');
    // A token without vowels is read letter by letter: "ex el es ex".
    expect(got.get('xlsx')).toBe('EH K S EH L EH S EH K S');
    expect(got.get('sqlite')?.split(' ').slice(0, 3)).toEqual(['EH', 'S', 'K']);
    // "fts5" comes back as two groups ("fts five"): joined into one pronunciation.
    expect(got.get('fts5')?.endsWith('F AY V')).toBe(true);
  });

  it('gives nothing without espeak-ng', () => {
    expect(pronounce(['uptime'], null).size).toBe(0);
  });
});
