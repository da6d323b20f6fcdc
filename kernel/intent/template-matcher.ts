/**
 * A first intent engine: skill templates compiled to regular expressions, exact matching with
 * slot capture. (The full engine — fuzzy matching, a trained classifier, out-of-scope detection —
 * builds on the same interface.)
 */
import type { IntentCandidate, IntentEngine, Recognition, SkillManifest, SlotMatch, SlotSpec } from '../contracts/index.js';
import { ValidationError } from '../contracts/index.js';

interface CompiledTemplate {
  skill: string;
  intent: string;
  regex: RegExp;
  slotNames: string[];
  specificity: number;
  slots: Record<string, SlotSpec>;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function templateToRegex(template: string, rules: Record<string, string>, where: string, depth = 0): { source: string; slots: string[]; literal: number } {
  if (depth > 8) throw new ValidationError(where, ['rules nest too deeply (a rule refers to itself?)']);
  let source = '';
  const slots: string[] = [];
  let literal = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c === '(' || c === '[') {
      source += '(?:';
    } else if (c === ')') {
      source += ')';
    } else if (c === ']') {
      source += ')?';
    } else if (c === '|') {
      source += '|';
    } else if (c === '{') {
      const end = template.indexOf('}', i);
      if (end < 0) throw new ValidationError(where, [`unclosed "{" at position ${i}`]);
      const name = template.slice(i + 1, end).trim();
      slots.push(name);
      source += `(?<${name}>.+?)`;
      i = end;
    } else if (c === '<') {
      const end = template.indexOf('>', i);
      if (end < 0) throw new ValidationError(where, [`unclosed "<" at position ${i}`]);
      const name = template.slice(i + 1, end).trim();
      const rule = rules[name];
      if (rule === undefined) throw new ValidationError(where, [`unknown rule <${name}> at position ${i}`]);
      const inner = templateToRegex(rule, rules, where, depth + 1);
      source += `(?:${inner.source})`;
      slots.push(...inner.slots);
      literal += inner.literal;
      i = end;
    } else if (c === ' ') {
      source += '\\s*';
    } else {
      source += escape(c);
      literal++;
    }
  }
  return { source, slots, literal };
}

const normalise = (text: string) => text.toLowerCase().replace(/[?!.,]+$/g, '').replace(/\s+/g, ' ').trim();

export class TemplateIntentEngine implements IntentEngine {
  private templates: CompiledTemplate[] = [];

  addSkill(manifest: SkillManifest): void {
    this.removeSkill(manifest.id);
    for (const intent of manifest.intents) {
      intent.templates.forEach((template, n) => {
        const where = `skill "${manifest.id}", intent "${intent.id}", template ${n + 1} ("${template}")`;
        const { source, slots, literal } = templateToRegex(template.toLowerCase(), manifest.rules, where);
        for (const s of slots) if (!intent.slots[s]) throw new ValidationError(where, [`slot {${s}} is not declared in the intent's "slots"`]);
        const regex = new RegExp(`^\\s*${source}\\s*$`, 'iu');
        this.templates.push({ skill: manifest.id, intent: intent.id, regex, slotNames: slots, specificity: literal, slots: intent.slots });
      });
    }
  }

  removeSkill(skillId: string): void {
    this.templates = this.templates.filter((t) => t.skill !== skillId);
  }

  recognize(text: string, options: { skills?: readonly string[] } = {}): Recognition {
    const input = normalise(text);
    const allowed = options.skills ? new Set(options.skills) : undefined;
    const best = new Map<string, IntentCandidate & { specificity: number }>();
    for (const t of this.templates) {
      if (allowed && !allowed.has(t.skill)) continue;
      const m = t.regex.exec(input);
      if (!m) continue;
      const slots: SlotMatch[] = [];
      for (const [name, raw] of Object.entries(m.groups ?? {})) {
        if (raw === undefined) continue;
        const start = input.indexOf(raw);
        const spec = t.slots[name];
        const value = spec && 'type' in spec && (spec.type === 'number' || spec.type === 'integer') && /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw.trim();
        slots.push({ name, value, raw, start, end: start + raw.length });
      }
      const key = `${t.skill}/${t.intent}`;
      const prev = best.get(key);
      if (!prev || prev.specificity < t.specificity) {
        best.set(key, { skill: t.skill, intent: t.intent, confidence: 1, slots, source: 'template', specificity: t.specificity });
      }
    }
    const candidates = [...best.values()].sort((a, b) => b.specificity - a.specificity).map(({ specificity: _s, ...c }) => c);
    return { text, candidates, outOfScope: candidates.length === 0, ambiguous: false };
  }
}
