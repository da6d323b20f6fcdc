/**
 * Skills as a model's tools: one OpenAI function per intent, named `skill__intent`, described by
 * the manifest and with a JSON Schema of its slots; and the way back, from a model's call (name
 * and arguments) to a plan step's skill, intent and slots, checked against that schema.
 */
import type { IntentSpec, SkillManifest, SlotSpec } from '../contracts/index.js';
import { parseTyped } from '../intent/index.js';
import type { LlmTool } from '../llm/index.js';

/** A tool offered to the model and the intent it stands for. */
export interface AgentTool extends LlmTool {
  skill: string;
  intent: string;
  spec: IntentSpec;
  manifest: SkillManifest;
}

/** Function names may hold letters, digits, `_` and `-` only, 64 at most (OpenAI's rule, which local servers copy). */
export function toolName(skill: string, intent: string): string {
  const own = intent.startsWith(`${skill}.`) ? intent.slice(skill.length + 1) : intent;
  return `${skill}__${own}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
}

const STRING_HINT: Partial<Record<string, string>> = {
  datetime: 'a date and time, in words ("tomorrow at 9am") or ISO 8601',
  date: 'a date, in words ("next friday") or YYYY-MM-DD',
  time: 'a time of day, e.g. "17:30" or "5pm"',
  duration: 'a length of time in words, e.g. "10 minutes"',
  path: 'a file or folder path',
  url: 'a web address',
  email: 'an e-mail address',
  math: 'an arithmetic expression',
};

function slotSchema(slot: SlotSpec): Record<string, unknown> {
  const description = slot.description ?? slot.prompt;
  if ('values' in slot) {
    const values = slot.values.map((v) => (typeof v === 'string' ? v : v.value));
    return { type: 'string', enum: values.slice(0, 200), ...(description ? { description } : {}) };
  }
  const hint = STRING_HINT[slot.type];
  const text = [description, hint].filter(Boolean).join(' — ');
  if (slot.type === 'number' || slot.type === 'integer' || slot.type === 'ordinal') {
    return { type: slot.type === 'number' ? 'number' : 'integer', ...(slot.min !== undefined ? { minimum: slot.min } : {}), ...(slot.max !== undefined ? { maximum: slot.max } : {}), ...(text ? { description: text } : {}) };
  }
  return { type: 'string', ...(text ? { description: text } : {}) };
}

/** The tools of these skills' intents, in the skills' order, at most `max`. */
export function toolsFor(manifests: readonly SkillManifest[], max: number): AgentTool[] {
  const out: AgentTool[] = [];
  for (const manifest of manifests) {
    for (const spec of manifest.intents) {
      if (out.length >= max) return out;
      const properties: Record<string, unknown> = {};
      const required: string[] = [];
      for (const [name, slot] of Object.entries(spec.slots ?? {})) {
        properties[name] = slotSchema(slot);
        if (slot.required) required.push(name);
      }
      const description = `${manifest.name}: ${spec.description}${spec.confirm ? ' (asks the user first)' : ''}`.slice(0, 1000);
      out.push({ name: toolName(manifest.id, spec.id), description, parameters: { type: 'object', properties, required, additionalProperties: false }, skill: manifest.id, intent: spec.id, spec, manifest });
    }
  }
  return out;
}

/**
 * The model's arguments as slots: unknown names refused, required ones demanded, typed values
 * normalised as the intent engine would (a date in words becomes an ISO time) — a value the
 * parser does not read is passed on as written, for the skill to read or refuse.
 */
export function slotsFromArguments(tool: AgentTool, args: Record<string, unknown>, now: Date, timezone: string): { slots: Record<string, unknown> } | { problem: string } {
  const specs = tool.spec.slots ?? {};
  const unknown = Object.keys(args).filter((k) => !(k in specs));
  if (unknown.length) return { problem: `${tool.name} has no argument ${unknown.map((k) => `"${k}"`).join(', ')}; its arguments are: ${Object.keys(specs).join(', ') || 'none'}.` };
  const missing = Object.entries(specs)
    .filter(([name, s]) => s.required && (args[name] === undefined || args[name] === null || args[name] === ''))
    .map(([name]) => name);
  if (missing.length) return { problem: `${tool.name} needs ${missing.map((k) => `"${k}"`).join(', ')}.` };
  const slots: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'object') return { problem: `The argument "${name}" of ${tool.name} must be a single value, not ${Array.isArray(value) ? 'a list' : 'an object'}.` };
    const spec = specs[name]!;
    if ('values' in spec) {
      const wanted = String(value).toLowerCase();
      const hit = spec.values.find((v) => (typeof v === 'string' ? v : v.value).toLowerCase() === wanted || (typeof v !== 'string' && v.synonyms.some((s) => s.toLowerCase() === wanted)));
      if (!hit) return { problem: `"${String(value)}" is not one of the values of "${name}" (${spec.values.slice(0, 12).map((v) => (typeof v === 'string' ? v : v.value)).join(', ')}).` };
      slots[name] = typeof hit === 'string' ? hit : hit.value;
      continue;
    }
    if (['text', 'word', 'path'].includes(spec.type) || typeof value !== 'string') {
      slots[name] = typeof value === 'string' ? value.trim().slice(0, 2000) : value;
      continue;
    }
    const parsed = parseTyped(spec.type, value, now, timezone);
    slots[name] = parsed ?? value.trim().slice(0, 2000);
  }
  return { slots };
}
