/**
 * The words of a model's tool call, as a user would have said them: skills read the request's
 * words as well as their slots (a reminder takes its time from them, a note declines words that
 * ask for no note), so a step the model planned carries a phrasing made from the intent's own
 * templates with the call's values filled in ("remind me to read the pdf tomorrow at 9").
 */
import type { IntentSpec, SkillManifest } from '../contracts/index.js';
import { parseTemplate, type TemplateNode } from '../intent/index.js';

type Rendered = { text: string; used: Set<string> } | undefined;

/** Renders a template node; undefined when it needs a slot the call has no value for. */
function render(node: TemplateNode, values: Record<string, string>, rules: Record<string, string>, depth = 0): Rendered {
  switch (node.kind) {
    case 'word':
      return { text: node.text, used: new Set() };
    case 'slot':
      return values[node.name] !== undefined ? { text: values[node.name]!, used: new Set([node.name]) } : undefined;
    case 'rule': {
      const src = rules[node.name];
      if (src === undefined || depth > 5) return { text: '', used: new Set() };
      try {
        return render(parseTemplate(src), values, rules, depth + 1);
      } catch {
        return { text: '', used: new Set() };
      }
    }
    case 'opt': {
      // Optional words are left out unless they carry a value.
      const inner = render(node.inner, values, rules, depth);
      return inner && inner.used.size > 0 ? inner : { text: '', used: new Set() };
    }
    case 'alt': {
      const options = node.options.map((o) => render(o, values, rules, depth)).filter((o): o is NonNullable<Rendered> => !!o);
      if (options.length === 0) return undefined;
      return options.reduce((best, o) => (o.used.size > best.used.size ? o : best), options[0]!);
    }
    case 'seq': {
      let text = '';
      const used = new Set<string>();
      for (const [i, item] of node.items.entries()) {
        const r = render(item, values, rules, depth);
        if (!r) return undefined;
        if (r.text) text += (text && !node.glued?.[i] ? ' ' : '') + r.text;
        for (const u of r.used) used.add(u);
      }
      return { text, used };
    }
    default:
      return { text: '', used: new Set() };
  }
}

const asWords = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);

/**
 * The phrasing of a call: the intent's template that uses the most of its values; without one,
 * the intent's description and the values.
 */
export function phrasingOf(manifest: SkillManifest, spec: IntentSpec, raw: Record<string, unknown>): string {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    const w = asWords(v);
    if (w !== undefined && w.trim()) values[k] = w.trim();
  }
  let best: NonNullable<Rendered> | undefined;
  for (const template of spec.templates) {
    let r: Rendered;
    try {
      r = render(parseTemplate(template), values, manifest.rules ?? {});
    } catch {
      continue;
    }
    if (r && (!best || r.used.size > best.used.size)) best = r;
    if (best && best.used.size === Object.keys(values).length) break;
  }
  if (best && best.used.size === Object.keys(values).length && best.text.trim()) return best.text.replace(/\s+([:,.!?])/g, '$1').replace(DOUBLED, '').trim();
  const args = Object.entries(values).map(([k, v]) => `${k}: ${v}`);
  return [spec.description, ...args].join(', ');
}

/** A template's own preposition before a value that starts with it ("in {when}" with "in 20 minutes"). */
const DOUBLED = /\b(in|at|on|for|by|to|from|until)\s+(?=\1\b)/gi;
