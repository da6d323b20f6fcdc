/**
 * How much of a request a reading explains: the share of its words that fall inside one of the
 * reading's slots or are literal words of the intent's templates. When the classifier finds two
 * intents close, the one that accounts for more of what was said is the better reading: "nudge me
 * in 45 minutes to move the car" as a reminder (task "move the car", time "in 45 minutes")
 * explains the request, as a bare timer it drops "move the car".
 */
import type { IntentSpec, SlotMatch } from '../contracts/index.js';
import type { CompiledTemplate } from './compiler.js';
import { walk, type Node } from './grammar.js';
import { STOP_WORDS } from './features.js';

const TOKEN = /[\p{L}\p{N}]+/gu;

/** Not a function word, nor a single letter ("s" of "what's"). */
const isContent = (w: string) => w.length > 1 && !STOP_WORDS.has(w);

/** The literal words of an intent's templates, rules expanded. */
export function templateLiterals(templates: readonly CompiledTemplate[], rules: Map<string, Node>): Set<string> {
  const out = new Set<string>();
  const visit = (n: Node, depth: number) =>
    walk(n, (x) => {
      if (x.kind === 'word') for (const w of x.text.toLowerCase().match(TOKEN) ?? []) out.add(w);
      else if (x.kind === 'rule' && depth < 8) {
        const body = rules.get(x.name);
        if (body) visit(body, depth + 1);
      }
    });
  for (const t of templates) visit(t.ast, 0);
  return out;
}

/**
 * The share (0..1) of the text's content words (function words do not count: every intent's
 * templates have "the" and "to") inside a slot span or among the literals.
 */
export function coverage(text: string, slots: readonly Pick<SlotMatch, 'start' | 'end'>[], literals: ReadonlySet<string>): number {
  let total = 0;
  let explained = 0;
  for (const m of text.matchAll(TOKEN)) {
    if (!isContent(m[0].toLowerCase())) continue;
    total++;
    const start = m.index;
    const end = start + m[0].length;
    if (slots.some((s) => s.start < end && s.end > start) || literals.has(m[0].toLowerCase())) explained++;
  }
  return total === 0 ? 0 : explained / total;
}

/** The share (0..1) of the text's content words (not function words or numbers) among the literals; 0 without content words. */
export function literalShare(text: string, literals: ReadonlySet<string>): number {
  let total = 0;
  let explained = 0;
  for (const m of text.toLowerCase().matchAll(TOKEN)) {
    if (!isContent(m[0]) || /^\d/.test(m[0])) continue;
    total++;
    if (literals.has(m[0])) explained++;
  }
  return total === 0 ? 0 : explained / total;
}

/** A free-text slot: it takes any words, so filling it shows little about the reading. */
export function isFreeText(spec: IntentSpec | undefined, name: string): boolean {
  const slot = spec?.slots[name];
  return !!slot && 'type' in slot && slot.type === 'text';
}
