/**
 * Choosing between readings by how much of the request each explains (coverage.ts):
 * - among close classifier readings, the one that accounts for clearly more of what was said;
 * - a template match whose free-text slot swallows most of the request ("start {app}" reading
 *   "start a stopwatch for 10 minutes") gives way to a confident classifier reading of another
 *   intent that shares the template's words and finds a typed value (the duration) inside that
 *   slot, or whose own template words are all that slot holds ("start a timer"): the user's
 *   words fit that intent's grammar better than an app called "a stopwatch for 10 minutes".
 */
import type { IntentCandidate, IntentSpec, Recognition, SlotMatch } from '../contracts/index.js';
import { STOP_WORDS } from './features.js';
import { coverage, isFreeText } from './coverage.js';
import type { TemplateIndex } from './templates.js';

/** Classifier readings within this factor of the best one's probability compete on coverage. */
const POOL = 0.15;
/** A rival reading must explain at least this share of the request to replace the best one. */
const MIN_TO_WIN = 0.5;
/** A template's free-text slots holding at least this share of the request's content words make it a wide match. */
const WIDE = 0.5;
/** The classifier's confidence needed to overrule a wide template match with a typed value inside its free text… */
const OVERRULE = 0.8;
/** …or with only its own template words there ("start {app}" reading "start a timer"). */
const OVERRULE_OWN_WORDS = 0.5;
/** A rival explaining every content word, where the best reading leaves one out, competes from this probability. */
const POOL_FULL = 0.03;

const TOKEN = /[\p{L}\p{N}]+/gu;
type SlotsFor = (c: IntentCandidate) => SlotMatch[];

/** A slot whose value has a form of its own (a duration, a number, a list value), not any words. */
const isTyped = (spec: IntentSpec | undefined, name: string) => {
  const slot = spec?.slots[name];
  return !!slot && (!('type' in slot) || (slot.type !== 'text' && slot.type !== 'word'));
};

/**
 * Moves the close classifier reading that explains clearly more of the request (by `margin`,
 * and at least half of it) to the front, or a less probable one that explains all of it where
 * the best reading leaves words out ("delete all my notes" read as listing them); true when it did. Intents without templates (data
 * sets trained from examples) have no template words and are never re-ranked.
 */
export function preferCoverage(candidates: IntentCandidate[], text: string, index: TemplateIndex, slotsFor: SlotsFor, margin: number): boolean {
  const top = candidates[0];
  const topWords = top && index.literalsOf(top);
  if (!top || !topWords?.size) return false;
  const rivals = candidates.slice(1, 4).filter((c) => c.confidence >= top.confidence * POOL_FULL && index.literalsOf(c)?.size);
  if (rivals.length === 0) return false;
  const topScore = coverage(text, top.slots, topWords);
  const bar = Math.max(topScore + margin, MIN_TO_WIN);
  let best: { c: IntentCandidate; score: number } | undefined;
  for (const c of rivals) {
    c.slots = slotsFor(c);
    const score = coverage(text, c.slots, index.literalsOf(c)!);
    // A far less probable rival must explain the whole request where the best reading does not.
    const close = c.confidence >= top.confidence * POOL || (score === 1 && topScore < 1);
    if (close && score >= bar && (!best || score > best.score)) best = { c, score };
  }
  if (!best) return false;
  candidates.splice(candidates.indexOf(best.c), 1);
  candidates.unshift(best.c);
  best.c.confidence = Math.max(best.c.confidence, top.confidence);
  return true;
}

/**
 * The template words of a wide template match that the request used, or undefined when the
 * match is not wide (see the module comment). The classifier is consulted only when another
 * intent's templates use all of these words too, so most template matches never pay for it.
 */
export function wideMatchWords(rec: Recognition, index: TemplateIndex): string[] | undefined {
  const t = rec.candidates[0];
  if (!t || rec.ambiguous) return undefined;
  const spec = index.spec(t.skill, t.intent);
  const free = t.slots.filter((s) => isFreeText(spec, s.name));
  if (free.length === 0 || coverage(rec.text, free, new Set()) < WIDE) return undefined;
  const literals = index.literalsOf(t) ?? new Set<string>();
  const used = contentWords(rec.text)
    .filter((m) => literals.has(m.word) && !t.slots.some((s) => s.start < m.end && s.end > m.start))
    .map((m) => m.word);
  return used.length && index.intentsUsing(used, t).length ? used : undefined;
}

/** The classifier's reading in place of a wide template match, when it qualifies (module comment); else the template's. */
export function overruleWide(rec: Recognition, used: readonly string[], classified: Recognition, index: TemplateIndex): Recognition {
  const t = rec.candidates[0]!;
  const r = classified.candidates[0];
  if (classified.outOfScope || classified.ambiguous || !r || r.confidence < OVERRULE_OWN_WORDS || (r.skill === t.skill && r.intent === t.intent)) return rec;
  const words = index.literalsOf(r);
  if (!words || used.some((w) => !words.has(w))) return rec;
  const tSpec = index.spec(t.skill, t.intent);
  const rSpec = index.spec(r.skill, r.intent);
  const free = t.slots.filter((s) => isFreeText(tSpec, s.name));
  const typedInside = r.slots.some((s) => isTyped(rSpec, s.name) && free.some((f) => s.start >= f.start && s.end <= f.end));
  const inside = contentWords(rec.text).filter((m) => free.some((f) => m.start >= f.start && m.end <= f.end));
  const ownWordsInside = inside.length > 0 && inside.every((m) => words.has(m.word));
  if (!(typedInside && r.confidence >= OVERRULE) && !(ownWordsInside && r.confidence >= OVERRULE_OWN_WORDS)) return rec;
  return { text: rec.text, candidates: [r, ...rec.candidates], outOfScope: false, ambiguous: false };
}

function contentWords(text: string): { word: string; start: number; end: number }[] {
  const out: { word: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const word = m[0].toLowerCase();
    if (word.length > 1 && !STOP_WORDS.has(word)) out.push({ word, start: m.index, end: m.index + word.length });
  }
  return out;
}
