/**
 * Slot extraction for a recognised intent: from a template match (capture groups), from the
 * trained tagger, and by searching the text for typed values (dates, durations, numbers, URLs…)
 * and list values (with synonyms). Every value is normalised by its slot's spec.
 */
import type { IntentSpec, SlotMatch, SlotSpec, SlotType } from '../contracts/index.js';
import { findTyped, parseTyped } from './entities.js';
import type { CompiledTemplate } from './compiler.js';
import { listForms } from './slot-forms.js';

export interface SlotContext {
  now: Date;
  timezone?: string;
}

/** Lower-cases and blanks punctuation without moving characters, so offsets stay valid for the original text. */
export function normaliseForMatch(text: string): string {
  let out = '';
  for (const ch of text) {
    const low = ch.toLowerCase();
    out += low.length === ch.length ? low : ch;
  }
  out = out.replace(/[,!?;"“”¿¡]/g, ' ');
  return out.replace(/[.\s]+$/, (m) => ' '.repeat(m.length));
}

/** The normalised value of a slot, or undefined when the words are not a value of its spec. */
export function normaliseValue(spec: SlotSpec | undefined, raw: string, ctx: SlotContext): unknown {
  const text = raw.trim();
  if (!spec) return text;
  const list = listForms(spec);
  if (list) return list.forms.get(text.toLowerCase());
  const s = spec as { type: SlotType; min?: number; max?: number };
  const value = parseTyped(s.type, text, ctx.now, ctx.timezone);
  if (typeof value === 'number' && ((s.min !== undefined && value < s.min) || (s.max !== undefined && value > s.max))) return undefined;
  return value;
}

/** Runs one template's regex; undefined when it does not match or a slot value does not parse. */
export function matchTemplate(t: CompiledTemplate, regex: RegExp, original: string, norm: string, spec: IntentSpec | undefined, ctx: SlotContext): SlotMatch[] | undefined {
  const m = regex.exec(norm);
  if (!m) return undefined;
  const slots: SlotMatch[] = [];
  for (let g = 0; g < t.groups.length; g++) {
    const span = m.indices?.[g + 1];
    if (!span) continue;
    const group = t.groups[g]!;
    let [start, end] = span;
    while (start < end && /\s/.test(original[start]!)) start++;
    while (end > start && /\s/.test(original[end - 1]!)) end--;
    const raw = original.slice(start, end);
    if (!group.slot) {
      const n = normaliseValue({ type: 'number', required: false }, raw, ctx) as number | undefined;
      if (n === undefined || n < group.min! || n > group.max!) return undefined;
      continue;
    }
    const value = normaliseValue(spec?.slots[group.slot], raw, ctx);
    if (value === undefined) return undefined;
    slots.push({ name: group.slot, value, raw, start, end });
  }
  return slots;
}

const listRegexCache = new WeakMap<object, RegExp>();

function listRegex(spec: SlotSpec): RegExp | undefined {
  const cached = listRegexCache.get(spec);
  if (cached) return cached;
  const list = listForms(spec);
  if (!list) return undefined;
  const forms = [...list.forms.keys()].sort((a, b) => b.length - a.length).map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(?<![a-z0-9\\u00c0-\\u024f])(?:${forms.join('|')})(?![a-z0-9\\u00c0-\\u024f])`, 'gi');
  listRegexCache.set(spec, re);
  return re;
}

/** Fills slots that the template or tagger left empty by searching the text for values of their type. */
export function searchSlots(spec: IntentSpec, original: string, norm: string, have: SlotMatch[], ctx: SlotContext): SlotMatch[] {
  const out = [...have];
  const taken = (s: number, e: number) => out.some((x) => s < x.end && e > x.start);
  for (const [name, slot] of Object.entries(spec.slots)) {
    if (out.some((x) => x.name === name)) continue;
    if ('values' in slot) {
      const re = listRegex(slot)!;
      re.lastIndex = 0;
      for (const m of norm.matchAll(re)) {
        if (taken(m.index, m.index + m[0].length)) continue;
        const value = listForms(slot)!.forms.get(m[0]);
        if (value !== undefined) {
          out.push({ name, value, raw: original.slice(m.index, m.index + m[0].length), start: m.index, end: m.index + m[0].length });
          break;
        }
      }
      continue;
    }
    if (slot.type === 'text' || slot.type === 'word') continue;
    for (const hit of findTyped(slot.type, original, ctx.now, ctx.timezone)) {
      if (taken(hit.start, hit.end)) continue;
      out.push({ name, value: hit.value, raw: original.slice(hit.start, hit.end), start: hit.start, end: hit.end });
      break;
    }
  }
  return out;
}

/** Examples may annotate slots inline: "play [some jazz](genre) in the kitchen". */
export function parseAnnotated(example: string, slotNames: ReadonlySet<string>): { text: string; slots: { name: string; start: number; end: number }[] } {
  const slots: { name: string; start: number; end: number }[] = [];
  let text = '';
  let last = 0;
  for (const m of example.matchAll(/\[([^\]]+)\]\(([a-zA-Z][a-zA-Z0-9_]*)\)/g)) {
    if (!slotNames.has(m[2]!)) continue;
    text += example.slice(last, m.index);
    slots.push({ name: m[2]!, start: text.length, end: text.length + m[1]!.length });
    text += m[1]!;
    last = m.index + m[0].length;
  }
  text += example.slice(last);
  return { text, slots };
}
