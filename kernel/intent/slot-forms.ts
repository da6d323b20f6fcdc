/**
 * The spoken forms of a list slot: every value and synonym, lower case, mapped to the value it
 * stands for. The compiler turns them into a regex alternation, the prefilter into a literal
 * clause, slot filling into a lookup table.
 */
import type { SlotSpec } from '../contracts/index.js';

interface ListSlot {
  /** spoken form (lower case) → value */
  forms: Map<string, string>;
}

/** The forms of a list slot; undefined for a typed slot (number, date, text…). */
export function listForms(spec: SlotSpec): ListSlot | undefined {
  if (!('values' in spec)) return undefined;
  const forms = new Map<string, string>();
  for (const v of spec.values) {
    if (typeof v === 'string') forms.set(v.toLowerCase(), v);
    else {
      forms.set(v.value.toLowerCase(), v.value);
      for (const s of v.synonyms) forms.set(s.toLowerCase(), v.value);
    }
  }
  return { forms };
}
