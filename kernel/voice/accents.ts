/**
 * Accent variants for the command model's pronunciation dictionary. CMUdict spells General
 * American; a British (RP-like) speaker — espeak-ng's default `en` voice among them — says the
 * goat vowel as a diphthong from schwa, the trap vowel more open, and drops an "r" that no vowel
 * follows. Without these variants PocketSphinx heard "add a note" as "about" or "find a note".
 * One extra pronunciation per word (all rules applied at once) keeps the dictionary small.
 */

const VOWEL = /^(AA|AE|AH|AO|AW|AY|EH|ER|EY|IH|IY|OW|OY|UH|UW)\d?$/;

/** The British-style variant of one CMUdict pronunciation ("F OW L D ER" → "F AH OW L D AH"), or undefined when it is the same. */
export function britishVariant(pron: string): string | undefined {
  const phones = pron.trim().split(/\s+/);
  const out: string[] = [];
  for (let i = 0; i < phones.length; i++) {
    const p = phones[i]!;
    const next = phones[i + 1];
    if (p === 'OW') out.push('AH', 'OW');
    else if (p === 'AE') out.push('AA');
    else if (p === 'ER') out.push('AH');
    else if (p === 'R' && i > 0 && VOWEL.test(phones[i - 1]!) && (next === undefined || !VOWEL.test(next))) continue;
    else out.push(p);
  }
  const variant = out.join(' ');
  return variant === phones.join(' ') ? undefined : variant;
}
