/**
 * Compiles parsed templates into anchored regular expressions with one capture group per slot
 * (typed slots get a pattern of their own, list slots an alternation of every spoken form), and
 * expands templates into sample sentences with slot spans to train the classifier and tagger.
 */
import type { SkillManifest, SlotSpec, SlotType } from '../contracts/index.js';
import { ValidationError } from '../contracts/index.js';
import { GrammarError, literalCount, parseTemplate, walk, type Node } from './grammar.js';
import { NUMBER_WORDS, TYPE_SAMPLES } from './entities.js';
import { templateNeed, type Need } from './prefilter.js';
import { listForms } from './slot-forms.js';
import { rng } from '../sdk/random.js';

interface Group {
  /** Slot name, or "" for an anonymous numeric range. */
  slot: string;
  min?: number;
  max?: number;
}

export interface CompiledTemplate {
  skill: string;
  intent: string;
  source: string;
  regex: RegExp;
  groups: Group[];
  specificity: number;
  ast: Node;
  /** Literals a text must contain for the regex to possibly match (prefilter.ts). */
  need: Need;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Latin letters and digits as word characters: Unicode property classes (\\p{L}) cost tens of
// milliseconds to compile per regex, which the CLI would pay at every start.
const W = 'a-z0-9\\u00c0-\\u024f\\u0370-\\u03ff\\u0400-\\u04ff';
const B = `(?<![${W}])`;
const E = `(?![${W}])`;
const WORD_CHAR = new RegExp(`[${W}]`, 'i');
const NUM = `(?:[-+]?\\d+(?:[.,]\\d+)?|(?:${NUMBER_WORDS.join('|')})(?:[\\s-]+(?:${NUMBER_WORDS.join('|')}))*)`;
const TYPE_PATTERN: Partial<Record<SlotType, string>> = {
  number: NUM,
  integer: NUM,
  word: '[^\\s]+',
  email: '[^\\s@]+@[^\\s@]+',
  url: '[^\\s]+',
};

interface Ctx {
  rules: Map<string, Node>;
  slots: Record<string, SlotSpec>;
  groups: Group[];
  depth: number;
}

function toRegex(n: Node, ctx: Ctx): string {
  switch (n.kind) {
    case 'word':
      // Boundaries only on the sides that are word characters: "%" in "15%" follows a digit.
      return (WORD_CHAR.test(n.text[0] ?? '') ? B : '') + esc(n.text) + (WORD_CHAR.test(n.text.at(-1) ?? '') ? E : '');
    case 'seq': {
      let out = '';
      n.items.forEach((c, k) => {
        const part = toRegex(c, ctx);
        if (k === 0) out = part;
        else if (n.glued?.[k] && out.endsWith(E)) out = out.slice(0, -E.length) + (part.startsWith(`(?:${B}`) ? `(?:${part.slice(3 + B.length)}` : part);
        else out += '\\s*' + part;
      });
      return out;
    }
    case 'alt':
      return `(?:${n.options.map((c) => toRegex(c, ctx)).join('|')})`;
    case 'opt':
      return `(?:${toRegex(n.inner, ctx)})?`;
    case 'wild':
      return '(?:.*?)';
    case 'range':
      ctx.groups.push({ slot: '', min: n.min, max: n.max });
      return `${B}(${NUM})${E}`;
    case 'rule': {
      const rule = ctx.rules.get(n.name)!;
      if (ctx.depth > 8) throw new GrammarError(n.pos, `rule <${n.name}> nests too deeply (does it refer to itself?)`);
      ctx.depth++;
      const out = `(?:${toRegex(rule, ctx)})`;
      ctx.depth--;
      return out;
    }
    case 'slot': {
      const spec = ctx.slots[n.name]!;
      ctx.groups.push({ slot: n.name });
      const list = listForms(spec);
      if (list) {
        const forms = [...list.forms.keys()].sort((a, b) => b.length - a.length).map(esc);
        return `${B}(${forms.join('|')})${E}`;
      }
      const type = (spec as { type: SlotType }).type;
      const pattern = TYPE_PATTERN[type];
      return pattern ? `${B}(${pattern})${E}` : '(\\S.*?)';
    }
  }
}

/** Compiles every template of a skill; a ValidationError names skill, intent, template and position. */
export function compileSkill(manifest: SkillManifest): CompiledTemplate[] {
  const rules = new Map<string, Node>();
  for (const [name, body] of Object.entries(manifest.rules)) {
    try {
      rules.set(name, parseTemplate(body));
    } catch (e) {
      throw new ValidationError(`skill "${manifest.id}", rule <${name}> ("${body}")`, [(e as Error).message]);
    }
  }
  const checkRefs = (ast: Node, slots: Record<string, SlotSpec> | undefined, seen: Set<string>) => {
    walk(ast, (n) => {
      if (n.kind === 'rule') {
        const rule = rules.get(n.name);
        if (!rule) throw new GrammarError(n.pos, `unknown rule <${n.name}> (declare it in the manifest's "rules")`);
        if (seen.has(n.name)) throw new GrammarError(n.pos, `rule <${n.name}> refers to itself`);
        checkRefs(rule, slots, new Set([...seen, n.name]));
      } else if (n.kind === 'slot' && slots && !slots[n.name]) {
        throw new GrammarError(n.pos, `slot {${n.name}} is not declared in the intent's "slots"`);
      }
    });
  };
  const out: CompiledTemplate[] = [];
  for (const intent of manifest.intents) {
    intent.templates.forEach((template, k) => {
      const where = `skill "${manifest.id}", intent "${intent.id}", template ${k + 1} ("${template}")`;
      try {
        const ast = parseTemplate(template);
        checkRefs(ast, intent.slots, new Set());
        const ctx: Ctx = { rules, slots: intent.slots, groups: [], depth: 0 };
        const body = toRegex(ast, ctx);
        out.push({
          skill: manifest.id,
          intent: intent.id,
          source: template,
          regex: new RegExp(`^\\s*${body}\\s*$`, 'id'),
          groups: ctx.groups,
          specificity: literalCount(ast, rules),
          ast,
          need: templateNeed(ast, rules, intent.slots),
        });
      } catch (e) {
        if (e instanceof GrammarError) throw new ValidationError(where, [e.message]);
        throw new ValidationError(where, [(e as Error).message]);
      }
    });
  }
  return out;
}

export interface Expansion {
  text: string;
  slots: { name: string; start: number; end: number }[];
}

/** Up to `limit` distinct sentences the template accepts, slots filled with sample values. */
export function expand(template: CompiledTemplate, rules: Map<string, Node>, slots: Record<string, SlotSpec>, limit: number, seed = 1): Expansion[] {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const seen = new Map<string, Expansion>();
  const gen = (n: Node, parts: { text: string; slot?: string; glue?: boolean }[], depth: number): void => {
    switch (n.kind) {
      case 'word':
        parts.push({ text: n.text });
        return;
      case 'seq':
        n.items.forEach((c, k) => {
          const at = parts.length;
          gen(c, parts, depth);
          if (n.glued?.[k] && parts[at]) parts[at]!.glue = true;
        });
        return;
      case 'alt':
        gen(pick(n.options), parts, depth);
        return;
      case 'opt':
        if (random() < 0.5) gen(n.inner, parts, depth);
        return;
      case 'wild':
        if (random() < 0.5) parts.push({ text: pick(['something', 'this', 'that thing']) });
        return;
      case 'range':
        parts.push({ text: String(n.min + Math.floor(random() * (n.max - n.min + 1))) });
        return;
      case 'rule': {
        const r = rules.get(n.name);
        if (r && depth < 8) gen(r, parts, depth + 1);
        return;
      }
      case 'slot': {
        const spec = slots[n.name];
        if (!spec) return;
        const list = listForms(spec);
        const text = list ? pick([...list.forms.keys()]) : pick(TYPE_SAMPLES[(spec as { type: SlotType }).type]);
        parts.push({ text, slot: n.name });
      }
    }
  };
  const tries = limit * 4;
  for (let t = 0; t < tries && seen.size < limit; t++) {
    const parts: { text: string; slot?: string; glue?: boolean }[] = [];
    gen(template.ast, parts, 0);
    let text = '';
    const spans: Expansion['slots'] = [];
    for (const p of parts) {
      if (text && !p.glue) text += ' ';
      if (p.slot) spans.push({ name: p.slot, start: text.length, end: text.length + p.text.length });
      text += p.text;
    }
    if (text && !seen.has(text)) seen.set(text, { text, slots: spans });
  }
  return [...seen.values()];
}

export function ruleMap(manifest: SkillManifest): Map<string, Node> {
  const m = new Map<string, Node>();
  for (const [name, body] of Object.entries(manifest.rules)) m.set(name, parseTemplate(body));
  return m;
}
