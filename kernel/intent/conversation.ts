/**
 * The words of a conversation, before recognition: what a follow-up refers to and how it changes
 * the request it follows. All of it works on text, so the changed request is recognised like any
 * other (same templates, same slots, same skills):
 *   - discourse: "actually …", "never mind, …", "no, I meant …" (a correction);
 *   - substitution: "what about 30%?" after "what is 10% of 350" → "what is 30% of 350"; "and to
 *     ounces?" after "convert 2 kg to pounds" → "convert 2 kg to ounces"; "change it to 12
 *     minutes" after "start a timer for 8 minutes" → "start a timer for 12 minutes". The new
 *     value replaces the span of the earlier request that has the same kind (a percentage, a
 *     length of time, a date, a unit phrase, a number);
 *   - continuation: "times 3" after a result of 400 → "400 times 3";
 *   - coordination: "set timers for 3 and 7 minutes" → "… 3 minutes and 7 minutes";
 *   - pronouns: "what does she lead?" → "what does Priya lead?" from the people mentioned.
 */
import { NUMBER_WORDS, findDurations, findNumbers } from '../sdk/index.js';
import { findDates } from './entities.js';

type Span = { start: number; end: number };

const FILLER = /^(?:(?:oh|oh no|ok|okay|so|well|hmm+|um+|uh+|uh oh|er+m?|ah+|oops|whoops|my bad|ugh|argh|actually|wait|sorry|hey|please|never\s*mind|nevermind|forget it|scratch that|on second thought)\b[\s,.!:;-]*)+/i;
const CORRECTION = /^(?:no|nope|not that|wrong|that's wrong|that is wrong|that's not (?:it|right|what i (?:meant|wanted)))\b[\s,.!:;-]*(?:i\s+(?:meant|mean|said|wanted|want)\s+(?:to\s+)?)?|^i\s+(?:meant|mean|said|wanted)\s+(?:to\s+)?/i;

/** Fillers and corrections stripped ("actually delete that" → "delete that"; "no, I meant open x" → correction "open x"). */
export function discourse(text: string): { text: string; correction: boolean; bare?: 'cancel' } {
  let t = text.trim();
  let correction = false;
  const hadCancelWords = /^(?:never\s*mind|nevermind|forget it|scratch that)\b/i.test(t);
  for (let i = 0; i < 3; i++) {
    const before = t;
    t = t.replace(FILLER, '');
    const c = CORRECTION.exec(t);
    if (c && c[0].length > 0 && t.length > c[0].length) {
      correction = true;
      t = t.slice(c[0].length);
    }
    if (t === before) break;
  }
  t = t.trim();
  if (!t && hadCancelWords) return { text: 'cancel that', correction: false, bare: 'cancel' };
  return { text: t || text.trim(), correction };
}

const REFERENCE_WORDS = String.raw`(?:it|that|this|them|those|these|that one|this one|the same|the (?:answer|result|results|total|sum|product|number|value|figure|output|last one|one|same))`;
/** A slot whose words are only a reference ("the answer", "it") takes the referred value instead. */
export const PURE_REFERENCE = new RegExp(String.raw`^(?:${REFERENCE_WORDS})$`, 'i');
export const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
const ORDINAL_REF = new RegExp(String.raw`^(?:the\s+)?(${ORDINALS.join('|')}|last|\d+(?:st|nd|rd|th))(?:\s+(?:one|item|result|file|note|reminder|timer|match|entry))?$`, 'i');

/** "the second one" → 1, "the last one" → -1; undefined when the words are not an ordinal reference. */
export function ordinalReference(raw: string): number | undefined {
  const m = ORDINAL_REF.exec(raw.trim());
  if (!m) return undefined;
  const w = m[1]!.toLowerCase();
  if (w === 'last') return -1;
  const n = ORDINALS.indexOf(w);
  return n >= 0 ? n : Number.parseInt(w, 10) - 1;
}

export const REF_OBJECT = String.raw`(?:it|that|this|that one|this one|the last one|the (?:last\s+)?(?:timer|reminder|alarm|note|one|event|file))`;
/** "cancel that", "delete the timer", and for what was moved: "put it back", "move the file back where it was". */
export const CANCEL = new RegExp(
  String.raw`^(?:(?:cancel|undo|delete|remove|stop|scrap|drop|kill|clear|erase|dismiss|discard|turn off|get rid of|forget about)\s+${REF_OBJECT}|(?:put|move|bring)\s+${REF_OBJECT}\s+back(?:\s+(?:where it (?:was|came from)|again))?)\W*$`,
  'i',
);
export const AGAIN = /^(?:do (?:that|it|this) (?:again|once more)|again|repeat(?: that| it)?|once more|same again|one more time|(?:do|run|say) (?:that|it) again)\W*$/i;
/** "change it to 12 minutes", "push that back to 30 minutes", "make it 10", "move the reminder to 5pm". */
export const AMEND = new RegExp(
  String.raw`^(?:change|make|move|push|pull|bring|set|switch|update|put|bump|delay|postpone|reschedule|extend|shorten|reset)\s+${REF_OBJECT}\s+(?:(?:back|forward|out|up|ahead|later|earlier)\s+)?(?:(to|until|till|for|by|at|into)\s+)?(.+?)\W*$`,
  'i',
);
/** "and to ounces?", "what about 30%?", "how about tomorrow". */
export const ELLIPSIS = /^(?:and|or|what about|how about|and what about|and how about|and now|now|same for|same with|same but|what if it(?:'s| is| were)?|and if it(?:'s| is)?)\s+(.+?)[\s?.!]*$/i;
/** A continuation of a calculation: "times 3", "plus 10%", "divided by 4", "squared". */
export const OPERATOR_START = new RegExp(
  String.raw`^(?:(?:times|plus|minus|divided by|multiplied by|over|to the power of|mod|x|\*|\/|\+|-)\s*(?:\d|(?:${NUMBER_WORDS.join('|')})\b)|(?:squared|cubed|doubled|halved)\W*$)`,
  'i',
);
const NUM_WORD = String.raw`(?:\d+(?:[.,]\d+)?%?|(?:${NUMBER_WORDS.join('|')})(?:[\s-]+(?:${NUMBER_WORDS.join('|')}))*)`;
const REF = String.raw`(?:it|that|this|the (?:answer|result|total))`;
/** Calculation verbs that continue the last result ("add 8" → "plus 8", "double it" → "times 2"). */
const CONTINUE_VERBS: [RegExp, string][] = [
  [new RegExp(String.raw`^(?:add|plus)\s+(${NUM_WORD})(?:\s+(?:to|onto)\s+${REF}|\s+more)?$`, 'i'), 'plus $1'],
  [new RegExp(String.raw`^(?:subtract|take away|take off|remove|minus|less)\s+(${NUM_WORD})(?:\s+from\s+${REF})?$`, 'i'), 'minus $1'],
  [new RegExp(String.raw`^(?:multiply|times)(?:\s+${REF})?\s+by\s+(${NUM_WORD})$`, 'i'), 'times $1'],
  [new RegExp(String.raw`^(?:divide|split)(?:\s+${REF})?\s+(?:by|into)\s+(${NUM_WORD})$`, 'i'), 'divided by $1'],
  [new RegExp(String.raw`^double\s+${REF}$`, 'i'), 'times 2'],
  [new RegExp(String.raw`^(?:halve|half)\s+${REF}$`, 'i'), 'divided by 2'],
  [new RegExp(String.raw`^square\s+${REF}$`, 'i'), 'squared'],
  [new RegExp(String.raw`^cube\s+${REF}$`, 'i'), 'cubed'],
];

/** The operator words that continue the last result ("times 3", "add 8" → "plus 8"), or undefined. */
export function continuation(fragment: string): string | undefined {
  const t = fragment.trim().replace(/[?.!]+$/, '').trim();
  if (OPERATOR_START.test(t)) return t;
  for (const [re, to] of CONTINUE_VERBS) if (re.test(t)) return t.replace(re, to);
  return undefined;
}

/** "add another one: order stamps", "another one", "one more for 10 minutes". */
export const ANOTHER = /^(?:(?:add|make|set|create|start|do|and|also)\s+)?(?:another|one more)(?:\s+(?:one|note|reminder|timer|alarm))?\b[\s:,-]*(.*?)\W*$/i;

const PERCENT = /(?<![\w.])(\d+(?:[.,]\d+)?)\s*(?:%|percent\b|per cent\b)/gi;
const PREPOSITIONS = ['to', 'into', 'in', 'as', 'for', 'from', 'at', 'on', 'with', 'about', 'by', 'of'];
/** Prepositions that stand for one another in a replaced phrase ("to pounds" → "in ounces"). */
const PREP_GROUPS = [['to', 'into', 'in', 'as'], ['at', 'on', 'by'], ['for'], ['from'], ['with'], ['about'], ['of']];

function spansOf(kind: 'percent' | 'duration' | 'date' | 'number', text: string, now: Date, timezone?: string): Span[] {
  switch (kind) {
    case 'percent':
      return [...text.matchAll(PERCENT)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    case 'duration':
      return findDurations(text).map((d) => ({ start: d.start, end: d.end }));
    case 'date':
      return findDates(text, now, timezone).map((d) => ({ start: d.index, end: d.index + d.text.length }));
    case 'number':
      return findNumbers(text).map((n) => ({ start: n.start, end: n.end }));
  }
}

const covers = (s: Span, text: string) => s.end - s.start >= text.replace(/^(?:for|in|at|on|to|by|until)\s+/i, '').trim().length * 0.6;

/** What a fragment is: the kind of its value, when one typed value makes up most of it. */
function fragmentKind(fragment: string, now: Date, timezone?: string): 'percent' | 'duration' | 'date' | 'number' | undefined {
  for (const kind of ['percent', 'duration', 'date', 'number'] as const) {
    const s = spansOf(kind, fragment, now, timezone)[0];
    if (s && covers(s, fragment)) return kind;
  }
  return undefined;
}

const splice = (text: string, span: Span, value: string) => `${text.slice(0, span.start)}${value}${text.slice(span.end)}`;

/**
 * The earlier request with the fragment's value in place of the value of the same kind
 * ("what about 30%?" + "what is 10% of 350" → "what is 30% of 350"); undefined when the earlier
 * request has nothing of that kind.
 */
export function substitute(previous: string, fragment: string, options: { now?: Date; timezone?: string } = {}): string | undefined {
  const now = options.now ?? new Date();
  const frag = fragment.trim().replace(/[?.!]+$/, '').trim();
  if (!frag) return undefined;
  const kind = fragmentKind(frag, now, options.timezone);
  if (kind) {
    const old = spansOf(kind, previous, now, options.timezone);
    // A date in the earlier request may be a duration word for chrono ("in 15 minutes"): try durations for dates too.
    const target = old[0] ?? (kind === 'date' ? spansOf('duration', previous, now)[0] : undefined);
    if (!target) return undefined;
    const span = spansOf(kind, frag, now, options.timezone)[0]!;
    let value = frag.slice(span.start, span.end);
    // "make that 6pm" on "… at 5pm": the earlier preposition stays ("at 6pm", not "6pm").
    const oldPrep = /^(at|on|in|by|for|until)\s/i.exec(previous.slice(target.start, target.end));
    const beforeOld = /\b(at|on|in|by|for|until)\s+$/i.test(previous.slice(0, target.start));
    if (oldPrep && !/^(?:at|on|in|by|for|until|tomorrow|today|tonight|next|this)\b/i.test(value) && !beforeOld) value = `${oldPrep[1]} ${value}`;
    // "and tomorrow?" after "… at 5": tomorrow at 5 (a day alone keeps the earlier time of day).
    if (kind === 'date' && !/\d|noon|midnight|morning|afternoon|evening|night/i.test(value)) {
      const time = /(?:\bat\s+)?\b\d{1,2}(?::\d{2})?\s*(?:am|pm)?\b/i.exec(previous.slice(target.start, target.end));
      if (time) value = `${value} ${time[0].trim()}`;
    }
    return splice(previous, target, value);
  }
  const words = frag.split(/\s+/);
  const prep = words[0]!.toLowerCase();
  if (PREPOSITIONS.includes(prep) && words.length > 1) {
    const group = PREP_GROUPS.find((g) => g.includes(prep)) ?? [prep];
    const re = new RegExp(String.raw`\b(?:${group.join('|')})\s+`, 'gi');
    const hits = [...previous.matchAll(re)];
    const last = hits.at(-1);
    if (!last) return undefined;
    // The phrase runs to the next preposition or conjunction, or the end.
    const rest = previous.slice(last.index + last[0].length);
    const stop = new RegExp(String.raw`\s(?:${PREPOSITIONS.join('|')}|and|then|but)\s`, 'i').exec(rest);
    const end = last.index + last[0].length + (stop ? stop.index : rest.replace(/[\s?.!]+$/, '').length);
    return splice(previous, { start: last.index, end }, frag);
  }
  return undefined;
}

/** Shifts a length of time by another ("push it back by 10 minutes" on a 15-minute reminder → 25 minutes). */
export function shiftDuration(previous: string, delta: string): string | undefined {
  const old = findDurations(previous)[0];
  const by = findDurations(delta)[0];
  if (!old || !by) return undefined;
  return splice(previous, old, `${formatMs(old.ms + by.ms)}`);
}

function formatMs(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} hour${ms === 3_600_000 ? '' : 's'}`;
  if (ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;
  return `${Math.round(ms / 1000)} seconds`;
}

const UNIT_AFTER = /^(\s*)([a-z%]+)/i;

/**
 * Distributes a shared unit over coordinated numbers: "3 and 7 minutes" → "3 minutes and 7
 * minutes", "for 2, 5 and 10 minutes" → "for 2 minutes and 5 minutes and 10 minutes".
 */
export function distributeUnits(text: string): string {
  return text.replace(/\b(\d+(?:\.\d+)?)((?:\s*,\s*\d+(?:\.\d+)?)*)\s*,?\s+(?:and|or|&)\s+(\d+(?:\.\d+)?)(\s*[a-z%]+)/gi, (all, first: string, middle: string, last: string, unitPart: string) => {
    const unit = UNIT_AFTER.exec(unitPart)?.[2] ?? '';
    if (!unit || /^(and|or|then|times|plus|minus|of|is|to)$/i.test(unit)) return all;
    const mids = middle
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const list = [first, ...mids].map((n) => `${n} ${unit}`);
    // Joined by "and" so each value becomes a step of its own.
    return `${list.join(' and ')} and ${last}${unitPart}`;
  });
}

/** True when a part of a request is only a value ("7 minutes", "tomorrow at 5", "30%"): it borrows the rest from the part before. */
export function isBareValue(part: string, now = new Date()): boolean {
  const t = part.trim().replace(/[?.!]+$/, '');
  if (!t || t.split(/\s+/).length > 5) return false;
  // A bare number is not enough ("add 17 and 25" is one sum): a value needs its kind (a unit, a date, a percent).
  const kind = fragmentKind(t, now);
  return kind !== undefined && kind !== 'number';
}

const PERSON_PRONOUN = /\b(he|she|him|her|his|hers|they|them|their)\b/gi;
/** Words after "her" that make it an object ("call her about …"), not a possessive ("her birthday"). */
const NOT_A_NOUN = /^(?:about|to|at|in|on|for|and|then|tomorrow|today|tonight|back|again|up|now|later|that|if|when|please|$)/i;

/** People pronouns replaced by the person the conversation is about ("what does she lead" → "what does Priya lead"). */
export function resolvePronouns(text: string, person: string | undefined): string {
  if (!person) return text;
  return text.replace(PERSON_PRONOUN, (word, _p, offset: number) => {
    const w = word.toLowerCase();
    if (w === 'his' || w === 'their' || w === 'hers') return `${person}'s`;
    if (w === 'her') {
      const after = text.slice(offset + word.length).trimStart();
      return NOT_A_NOUN.test(after) ? person : `${person}'s`;
    }
    return person;
  });
}

/** True when the text uses a person pronoun (a follow-up that needs someone to refer to). */
export const usesPersonPronoun = (text: string) => new RegExp(PERSON_PRONOUN.source, 'i').test(text);
