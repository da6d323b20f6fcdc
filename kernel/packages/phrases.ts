/**
 * What a skill's templates say, read without running anything: the templates that are a catch-all
 * (no word of their own that a request must contain: "{text}", "please {x}", "* {x}"), and sample
 * sentences each template accepts, which the overlap check (overlap.ts) runs through the intent
 * engine. A community skill's catch-all template would take every request no other template
 * matches before the classifier reads it, so the lifecycle leaves such templates out, as it
 * leaves out community `fallback` intents.
 */
import type { SkillManifest, SlotSpec } from '../contracts/index.js';
import { parseTemplate, STOP_WORDS, type TemplateNode } from '../intent/index.js';

/** Sample values for typed slots: plain, short, and read by every type's parser. */
const SAMPLE: Record<string, string> = {
  number: '5',
  integer: '3',
  ordinal: 'first',
  duration: '10 minutes',
  datetime: 'tomorrow at 9',
  date: 'friday',
  time: '5pm',
  path: '~/notes.txt',
  url: 'example.com',
  email: 'alice@example.com',
  word: 'report',
  text: 'buy oat milk',
  math: '7 plus 8',
};

function rulesOf(manifest: SkillManifest): Map<string, TemplateNode> {
  const rules = new Map<string, TemplateNode>();
  for (const [name, body] of Object.entries(manifest.rules ?? {})) {
    try {
      rules.set(name, parseTemplate(body));
    } catch {
      // A rule that does not parse fails the skill's compilation, which reports it.
    }
  }
  return rules;
}

/** The content words (not stop words) every sentence the template accepts must contain. */
function requiredWords(n: TemplateNode, rules: Map<string, TemplateNode>, depth = 0): string[] {
  if (depth > 16) return [];
  switch (n.kind) {
    case 'word':
      return (n.text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 1 && !STOP_WORDS.has(w));
    case 'seq':
      return n.items.flatMap((c) => requiredWords(c, rules, depth));
    case 'alt': {
      // Any option may be the one said: the weakest counts.
      const options = n.options.map((c) => requiredWords(c, rules, depth));
      return options.reduce((a, b) => (b.length < a.length ? b : a), options[0] ?? []);
    }
    case 'rule': {
      const r = rules.get(n.name);
      return r ? requiredWords(r, rules, depth + 1) : [];
    }
    default:
      return [];
  }
}

export interface BroadTemplate {
  intent: string;
  template: string;
}

/** Templates with no content word of their own: they match (almost) any sentence. */
export function broadTemplates(manifest: SkillManifest): BroadTemplate[] {
  const rules = rulesOf(manifest);
  const out: BroadTemplate[] = [];
  for (const intent of manifest.intents) {
    for (const template of intent.templates) {
      let ast: TemplateNode;
      try {
        ast = parseTemplate(template);
      } catch {
        continue;
      }
      if (requiredWords(ast, rules).length === 0) out.push({ intent: intent.id, template });
    }
  }
  return out;
}

/** The manifest without its catch-all templates (an intent left with neither templates nor examples goes). */
export function withoutBroadTemplates(manifest: SkillManifest): { manifest: SkillManifest; removed: BroadTemplate[] } {
  const removed = broadTemplates(manifest);
  if (removed.length === 0) return { manifest, removed };
  const drop = new Set(removed.map((b) => `${b.intent}\u0000${b.template}`));
  const intents = manifest.intents
    .map((i) => ({ ...i, templates: i.templates.filter((t) => !drop.has(`${i.id}\u0000${t}`)) }))
    .filter((i) => i.templates.length > 0 || i.examples.length > 0);
  return { manifest: { ...manifest, intents }, removed };
}

function sampleFor(spec: SlotSpec | undefined): string {
  if (!spec) return 'something';
  if ('values' in spec) {
    const v = spec.values[0];
    return typeof v === 'string' ? v : (v?.value ?? 'something');
  }
  return SAMPLE[(spec as { type: string }).type] ?? 'something';
}

/** Variant `v` of a template: alternative v of each choice, optional parts in odd variants. */
function render(n: TemplateNode, v: number, rules: Map<string, TemplateNode>, slots: Record<string, SlotSpec>, depth = 0): string {
  if (depth > 16) return '';
  switch (n.kind) {
    case 'word':
      return n.text;
    case 'seq':
      return n.items.reduce((out, c, k) => {
        const part = render(c, v, rules, slots, depth);
        if (!part) return out;
        return out && !n.glued?.[k] ? `${out} ${part}` : out + part;
      }, '');
    case 'alt':
      return render(n.options[v % n.options.length]!, v, rules, slots, depth);
    case 'opt':
      return v % 2 === 1 ? render(n.inner, v, rules, slots, depth) : '';
    case 'wild':
      return v % 2 === 1 ? 'something' : '';
    case 'range':
      return String(n.min);
    case 'rule': {
      const r = rules.get(n.name);
      return r ? render(r, v, rules, slots, depth + 1) : '';
    }
    case 'slot':
      return sampleFor(slots[n.name]);
  }
}

export interface Phrasing {
  intent: string;
  text: string;
}

/** Sentences a skill's intents are meant for: their examples, then a few renderings of each template. */
export function samplePhrasings(manifest: SkillManifest, perTemplate = 3, limit = 400): Phrasing[] {
  const rules = rulesOf(manifest);
  const seen = new Set<string>();
  const out: Phrasing[] = [];
  const add = (intent: string, text: string) => {
    const t = text.replace(/\s+/g, ' ').trim();
    if (t && !seen.has(t.toLowerCase()) && out.length < limit) {
      seen.add(t.toLowerCase());
      out.push({ intent, text: t });
    }
  };
  for (const intent of manifest.intents) for (const e of intent.examples.slice(0, 40)) add(intent.id, e);
  for (const intent of manifest.intents) {
    for (const template of intent.templates.slice(0, 40)) {
      let ast: TemplateNode;
      try {
        ast = parseTemplate(template);
      } catch {
        continue;
      }
      for (let v = 0; v < perTemplate; v++) add(intent.id, render(ast, v, rules, intent.slots));
    }
  }
  return out;
}

/**
 * What the intent engine is trained on for a skill: a built-in's manifest as is; a community
 * skill's without catch-alls — its `fallback` intents and its catch-all templates — which would
 * hand it requests meant for other skills.
 */
export function recognisedManifest(manifest: SkillManifest, builtin: boolean): { manifest: SkillManifest; fallbacks: string[]; broad: BroadTemplate[] } {
  if (builtin) return { manifest, fallbacks: [], broad: [] };
  const fallbacks = manifest.intents.filter((i) => i.fallback).map((i) => i.id);
  const base = fallbacks.length ? { ...manifest, intents: manifest.intents.filter((i) => !i.fallback) } : manifest;
  const { manifest: narrowed, removed } = withoutBroadTemplates(base);
  return { manifest: narrowed, fallbacks, broad: removed };
}
