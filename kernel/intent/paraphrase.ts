/**
 * Paraphrase normalisation: words of a request that no installed skill uses are mapped through
 * WordNet (lexicon.ts) to a word the skills do use, so the skills' own templates and classifier
 * can read the request: "show me spreadsheets" (lemma), "erase the vet note" (synonym), "5
 * kilos" (synonym of "kilogram"). Every change is recorded so slot values can be read back from
 * the words the user actually typed.
 */
import type { IntentSpec, SlotMatch } from '../contracts/index.js';
import { STOP_WORDS } from './features.js';
import type { WordNet } from './lexicon.js';

export interface Change {
  /** Span of the replaced word in the original text. */
  start: number;
  end: number;
  from: string;
  to: string;
}

export interface Rewrite {
  /** The request with replaced words (same casing elsewhere). */
  text: string;
  changes: Change[];
}

/**
 * A synonym counts only through a sense that is common for both words: WordNet lists senses most
 * frequent first, and a late sense is a rare reading ("jazz" and "know" share one, "car" and
 * "machine" another). Both sense ranks (0-based) at most MAX_SENSE, their sum at most MAX_SENSE_SUM.
 */
const MAX_SENSE = 2;
const MAX_SENSE_SUM = 3;
const TOKEN = /[\p{L}][\p{L}'’-]*/gu;

/** The form of `lemma` that the vocabulary holds ("spreadsheet" → "spreadsheets" when only that is known). */
export function knownForm(lemma: string, known: (w: string) => boolean): string | undefined {
  if (known(lemma)) return lemma;
  const forms = [`${lemma}s`, `${lemma}es`, `${lemma}ed`, `${lemma}d`, `${lemma}ing`];
  if (lemma.endsWith('y')) forms.push(`${lemma.slice(0, -1)}ies`, `${lemma.slice(0, -1)}ied`);
  if (lemma.endsWith('e')) forms.push(`${lemma.slice(0, -1)}ing`);
  return forms.find(known);
}

/**
 * The known word an unknown one most likely stands for: one of its own lemmas, else a synonym
 * from its most frequent senses (earlier senses first, nouns before verbs at the same rank).
 */
export function knownEquivalent(word: string, known: (w: string) => boolean, wn: WordNet): string | undefined {
  const readings = wn.readings(word);
  // An inflected word maps to a known form of its lemma ("spreadsheets" → "spreadsheet"); a base
  // form is not bent into an inflection ("move" ↛ "moved"), which would not read any better.
  if (!readings.some((r) => r.lemma === word)) {
    for (const r of readings) {
      const form = knownForm(r.lemma, known);
      if (form && form !== word) return form;
    }
  }
  let best: { form: string; rank: number } | undefined;
  for (const [k, r] of readings.entries()) {
    const senses = wn.senses(r.lemma, r.pos) ?? [];
    senses.slice(0, MAX_SENSE + 1).forEach((offset, sense) => {
      for (const w of wn.synset(r.pos, offset).words) {
        if (w === r.lemma || w.includes(' ')) continue;
        const form = knownForm(w, known);
        if (!form || form === word) continue;
        const theirs = (wn.senses(w, r.pos) ?? []).indexOf(offset);
        if (theirs < 0 || theirs > MAX_SENSE || sense + theirs > MAX_SENSE_SUM) continue;
        const rank = (sense + theirs) * 10 + k;
        if (!best || rank < best.rank) best = { form, rank };
      }
    });
  }
  return best?.form;
}

/**
 * The request with every unknown content word replaced by its known equivalent; undefined when
 * nothing changed. Capitalised words inside the sentence are names and stay as they are.
 */
export function rewriteUnknown(text: string, known: (w: string) => boolean, wn: WordNet): Rewrite | undefined {
  const changes: Change[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const word = m[0].toLowerCase().replace(/’/g, "'");
    if (word.length < 3 || STOP_WORDS.has(word) || known(word) || word.includes("'")) continue;
    if (m.index > 0 && /^\p{Lu}/u.test(m[0])) continue;
    const to = knownEquivalent(word, known, wn);
    if (to) changes.push({ start: m.index, end: m.index + m[0].length, from: m[0], to });
  }
  if (changes.length === 0) return undefined;
  let out = '';
  let at = 0;
  for (const c of changes) {
    out += text.slice(at, c.start) + c.to;
    at = c.end;
  }
  return { text: out + text.slice(at), changes };
}

/** A position in the rewritten text → the same position in the original. */
function toOriginal(pos: number, changes: readonly Change[], atEnd: boolean): number {
  let shift = 0;
  for (const c of changes) {
    const newStart = c.start + shift;
    const newEnd = newStart + c.to.length;
    if (pos < newStart || (pos === newStart && !atEnd)) break;
    if (pos < newEnd || (pos === newEnd && atEnd)) return atEnd ? c.end : c.start;
    shift += c.to.length - (c.end - c.start);
  }
  return pos - shift;
}

/**
 * Slots found in the rewritten text, placed back on the original: free-text slots take the
 * user's own words ("remind me to erase the board" keeps "erase"); typed, word and list slots keep
 * the value read from the rewritten words, the skill's own vocabulary ("5 kilos" → "5 kg").
 */
export function restoreSlots(slots: readonly SlotMatch[], original: string, rewrite: Rewrite, spec: IntentSpec | undefined): SlotMatch[] {
  return slots.map((s) => {
    const start = toOriginal(s.start, rewrite.changes, false);
    const end = toOriginal(s.end, rewrite.changes, true);
    const raw = original.slice(start, end);
    const slot = spec?.slots[s.name];
    const free = !slot || ('type' in slot && slot.type === 'text');
    const touched = rewrite.changes.some((c) => c.start < end && c.end > start);
    return { ...s, start, end, raw, value: free && touched ? raw.trim() : s.value };
  });
}
