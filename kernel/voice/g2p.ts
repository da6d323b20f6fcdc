/**
 * Pronunciations for words CMUdict lacks ("uptime", "matmul", "sqlite", "xlsx", "localhost"), so
 * the command model can hear every word the installed skills use instead of leaving them out.
 * espeak-ng (already needed for spoken replies) has English spelling-to-sound rules and decides
 * itself whether a token is a word or letters ("xlsx" → "ex el es ex"); its phoneme mnemonics
 * (`-x --sep=_`, US English voice) are mapped to CMUdict's ARPAbet here. Without espeak-ng, short
 * tokens are spelled letter by letter and longer ones stay out of the model, as before.
 */
import { execFileSync } from 'node:child_process';
import { which } from './process.js';

/** espeak-ng's English phoneme mnemonics → ARPAbet (stress marks are stripped first). */
const PHONES: Record<string, string> = {
  // vowels
  '@': 'AH', '@2': 'AH', '@5': 'AH', '@L': 'AH L', '3': 'ER', '3:': 'ER', 'a': 'AE', 'aa': 'AE', 'a#': 'AH', 'a2': 'AH',
  'A:': 'AA', 'A@': 'AA R', 'A#': 'AA', '0': 'AA', '0#': 'AA', 'O:': 'AO', 'O': 'AO', 'O@': 'AO R', 'o@': 'AO R', 'O2': 'AO',
  'V': 'AH', 'E': 'EH', 'E2': 'EH', 'E#': 'EH', 'e@': 'EH R', 'I': 'IH', 'I2': 'IH', 'I#': 'IH', 'i': 'IY', 'i:': 'IY',
  'i@': 'IY AH', 'i@3': 'IY R', 'I@': 'IH R', 'U': 'UH', 'U@': 'UH R', 'u:': 'UW', 'u': 'UW', 'aI': 'AY', 'aI@': 'AY ER',
  'aI3': 'AY ER', 'aU': 'AW', 'aU@': 'AW ER', 'eI': 'EY', 'OI': 'OY', 'oU': 'OW', '@U': 'OW', 'o': 'OW', 'e': 'EH',
  // consonants
  'p': 'P', 'b': 'B', 't': 'T', 't#': 'T', 't2': 'T', 'd': 'D', 'd#': 'D', 'k': 'K', 'g': 'G', 'f': 'F', 'v': 'V',
  'T': 'TH', 'D': 'DH', 's': 'S', 'z': 'Z', 'S': 'SH', 'Z': 'ZH', 'h': 'HH', 'm': 'M', 'n': 'N', 'n-': 'N', 'N': 'NG',
  'l': 'L', 'l-': 'L', 'r': 'R', 'r-': 'R', 'j': 'Y', 'w': 'W', 'W': 'W', 'tS': 'CH', 'dZ': 'JH', 'x': 'K', 'z#': 'Z',
  'm-': 'M',
};

/** One espeak-ng word (`'V_p_t_aI_m`) → ARPAbet ("AH P T AY M"), or undefined when a phoneme is unknown. */
export function espeakToArpabet(word: string): string | undefined {
  const out: string[] = [];
  for (const raw of word.split('_')) {
    // Stress (' ,), syllable and length marks carry nothing ARPAbet without stress digits keeps;
    // ';' marks palatalisation, '?' a glottal stop.
    const p = raw.replace(/[',%=;|?]/g, '');
    if (!p) continue;
    const mapped = PHONES[p] ?? PHONES[p.replace(/[#0-9]$/, '')];
    if (!mapped) return undefined;
    out.push(mapped);
  }
  return out.length ? out.join(' ') : undefined;
}

/** The espeak-ng program, when installed. */
export function espeakProgram(): string | undefined {
  return which('espeak-ng') ?? which('espeak');
}

/**
 * Pronunciations for `words` (lower-case tokens) from espeak-ng: a map word → ARPAbet. Words it
 * cannot say, or when espeak-ng is missing, are absent. One process per 200 words: input lines are
 * separate clauses, so each word comes back as its own space-separated group; a batch whose count
 * does not match (a token espeak splits, "fts5" → "fts five") is redone word by word. `program`:
 * null when there is none.
 */
export function pronounce(words: string[], program: string | null = espeakProgram() ?? null): Map<string, string> {
  const out = new Map<string, string>();
  if (!program || words.length === 0) return out;
  const run = (text: string): string[] => {
    try {
      const stdout = execFileSync(program, ['-q', '-x', '--sep=_', '-v', 'en-us', text], { encoding: 'utf8', timeout: 30_000 });
      return stdout.trim().split(/\s+/).filter(Boolean);
    } catch {
      return [];
    }
  };
  for (let i = 0; i < words.length; i += 200) {
    const batch = words.slice(i, i + 200);
    const groups = run(batch.join('\n'));
    const pairs: [string, string[]][] = groups.length === batch.length ? batch.map((w, k) => [w, [groups[k]!]]) : batch.map((w) => [w, run(w)]);
    for (const [w, parts] of pairs) {
      const prons = parts.map(espeakToArpabet);
      if (prons.length && prons.every((p) => p !== undefined)) out.set(w, prons.join(' '));
    }
  }
  return out;
}
