/**
 * Values flowing between steps: a step that refers to an earlier result ("… then save the
 * answer as a note", "open the second one", "cancel it") receives that result's value — typed
 * for the slot that takes it (a number for a number slot, a path for a path slot, the answer's
 * words for a text slot) — not the words that referred to it.
 */
import type { IntentCandidate, IntentSpec, PlanStep, SkillResult } from '../contracts/index.js';
import { ORDINALS, PURE_REFERENCE, ordinalReference } from './conversation.js';
import { findTyped } from './entities.js';

/** The value of a slot whose words referred to an earlier result, until that result fills it. */
export const REFERRED = '\u2190referred';

/** A plan step from a recognised candidate; slots that only refer to an earlier result are left for that result to fill. */
export function stepFromCandidate(c: IntentCandidate, text: string, id = 's1'): PlanStep {
  const slots: Record<string, unknown> = {};
  let refers = false;
  let index: number | undefined;
  for (const s of c.slots) {
    const raw = s.raw.trim().replace(/[?.!]+$/, '');
    const ordinal = ordinalReference(raw);
    if (PURE_REFERENCE.test(raw) || ordinal !== undefined) {
      refers = true;
      if (ordinal !== undefined) index = ordinal;
      slots[s.name] = REFERRED;
      continue;
    }
    slots[s.name] = s.value;
  }
  const step: PlanStep = { id, skill: c.skill, intent: c.intent, text, confidence: c.confidence, slots };
  if (refers) step.inputFrom = 'prev';
  if (index !== undefined) step.inputIndex = index;
  return step;
}

const LIST_KEYS = ['items', 'files', 'results', 'notes', 'matches', 'reminders', 'timers', 'entries'];
const TEXT_KEYS = ['title', 'text', 'name', 'task', 'label', 'query'];
const NUMBER_KEYS = ['value', 'result', 'total', 'amount', 'rounded', 'count'];

function pick<T>(list: readonly T[], index: number | undefined): T | undefined {
  if (list.length === 0) return undefined;
  if (index === undefined) return list[0];
  return index < 0 ? list.at(index) : list[index];
}

/** The records a result offers, best first: the chosen item of a list, then the data itself. */
function recordsOf(input: SkillResult, index: number | undefined): Record<string, unknown>[] {
  const data = input.data as Record<string, unknown> | undefined;
  const records: Record<string, unknown>[] = [];
  const push = (v: unknown) => v && typeof v === 'object' && !Array.isArray(v) && records.push(v as Record<string, unknown>);
  if (Array.isArray(input.data)) push(pick(input.data, index));
  for (const key of LIST_KEYS) if (data && Array.isArray(data[key])) push(pick(data[key] as unknown[], index));
  if (input.card?.type === 'files') push(pick(input.card.files, index));
  if (input.card?.type === 'list') push(pick(input.card.items, index));
  // With an ordinal the item comes first; without, the result's own data describes "it" best.
  if (index === undefined) records.unshift(...(data && !Array.isArray(data) ? [data] : []));
  else push(data);
  // Then the objects inside it ({ timer: { id, title } }).
  if (data && !Array.isArray(data)) for (const v of Object.values(data)) push(v);
  return records;
}

/** Words that can only mean an earlier result ("save the answer as a note"), unlike "it"/"that", which are also plain words. */
export const RESULT_REFERENCE = /\b(?:the|that|this)\s+(?:answer|result|total|sum|product|difference|number|value|figure|output)\b/i;

/**
 * A step whose words name an earlier result ("save the answer as a note") consumes it: its
 * free-text slot that is empty or holds those words takes the result instead.
 */
export function linkResultReference(step: PlanStep, intent: IntentSpec | undefined): PlanStep {
  if (step.inputFrom || !intent) return step;
  if (!RESULT_REFERENCE.test(step.text)) return linkObjectReference(step, intent);
  const name = Object.entries(intent.slots).find(([n, spec]) => {
    const type = 'type' in spec ? spec.type : undefined;
    const v = step.slots[n];
    return (type === 'text' || type === 'number' || type === 'math') && (v === undefined || v === '' || (typeof v === 'string' && RESULT_REFERENCE.test(v)));
  })?.[0];
  if (!name) return step;
  return { ...step, slots: { ...step.slots, [name]: REFERRED }, inputFrom: 'prev' };
}

/** The words of an answer, without the question ("6 * 7 = 42" stays whole: a note of it reads well). */
const answerText = (input: SkillResult) => input.text.split('\n')[0]!.trim();

/** Slots a step left empty, taken from the result it consumes ("find the report and open it"). */
export function fillFromInput(
  slots: Record<string, unknown>,
  input: SkillResult | undefined,
  intent: IntentSpec | undefined,
  index?: number,
  /** false: only fields of the result, never its words (to name what to undo). */
  useAnswerText = true,
): Record<string, unknown> {
  if (!input || !intent) return slots;
  const records = recordsOf(input, index);
  const out = { ...slots };
  for (const [name, spec] of Object.entries(intent.slots)) {
    const referred = out[name] === REFERRED;
    if (referred) delete out[name];
    if (out[name] !== undefined && out[name] !== '') continue;
    const type = 'type' in spec ? spec.type : 'text';
    const keys = [
      name,
      ...(type === 'path' ? ['path', 'file'] : type === 'url' ? ['url', 'href'] : []),
      ...(/id$/i.test(name) ? ['id'] : []),
      ...(type === 'number' || type === 'integer' ? NUMBER_KEYS : []),
      ...(type === 'text' || type === 'word' ? TEXT_KEYS : []),
    ];
    let found: unknown;
    for (const r of records) {
      const key = keys.find((k) => r[k] !== undefined && r[k] !== null && r[k] !== '');
      if (key) {
        found = r[key];
        break;
      }
    }
    // A text slot takes the answer's words when the result has no field of that kind (a calculation's "6 * 7 = 42").
    if (found === undefined && useAnswerText && type === 'text' && (spec.required || referred)) found = answerText(input);
    if (found !== undefined) out[name] = found;
  }
  return out;
}

const OBJECT_REFERENCE = new RegExp(String.raw`\b(?:it|that one|this one|them|the (?:${ORDINALS.join('|')}|last|\d+(?:st|nd|rd|th))(?:\s+(?:one|item|result|file|note|reminder|timer|match|entry))?)\b`, 'i');

/**
 * "open the second one", "reveal it": a required slot of a kind a result can supply (a path, a
 * URL, an id) that the words left empty, in a request that points at something, comes from the
 * earlier result — the item the ordinal names.
 */
function linkObjectReference(step: PlanStep, intent: IntentSpec): PlanStep {
  const m = OBJECT_REFERENCE.exec(step.text);
  if (!m) return step;
  const name = Object.entries(intent.slots).find(([n, spec]) => {
    const type = 'type' in spec ? spec.type : undefined;
    const v = step.slots[n];
    return spec.required && (type === 'path' || type === 'url' || type === 'email' || /id$/i.test(n)) && (v === undefined || v === '');
  })?.[0];
  if (!name) return step;
  const index = ordinalReference(m[0]);
  return { ...step, slots: { ...step.slots, [name]: REFERRED }, inputFrom: 'prev', ...(index !== undefined ? { inputIndex: index } : {}) };
}

/**
 * A required typed slot left empty whose value sits inside a free-text slot's words ("set a reminder
 * for tomorrow at noon to renew my passport": the task took the time too) is taken out of them: a value
 * the user said is never asked for.
 */
export function recoverSwallowed(step: PlanStep, intent: IntentSpec | undefined, now: Date, timezone?: string): PlanStep {
  if (!intent) return step;
  let slots = step.slots;
  for (const [name, spec] of Object.entries(intent.slots)) {
    if (!spec.required || !('type' in spec) || spec.type === 'text' || spec.type === 'word') continue;
    if (slots[name] !== undefined && slots[name] !== '') continue;
    for (const [textName, textSpec] of Object.entries(intent.slots)) {
      const words = slots[textName];
      if (!('type' in textSpec) || textSpec.type !== 'text' || typeof words !== 'string' || words === REFERRED) continue;
      const hit = findTyped(spec.type, words, now, timezone)[0];
      if (!hit) continue;
      const rest = `${words.slice(0, hit.start)} ${words.slice(hit.end)}`
        .replace(/\s+/g, ' ')
        .trim()
        .replace(/^(?:for|at|on|in|by)\s+/i, '')
        .replace(/\s+(?:for|at|on|in|by)$/i, '')
        .replace(/^(?:to|about|that)\s+/i, '');
      slots = { ...slots, [name]: hit.value, ...(rest ? { [textName]: rest } : {}) };
      break;
    }
  }
  return slots === step.slots ? step : { ...step, slots };
}
