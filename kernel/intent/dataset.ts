/**
 * Intent data sets in the BENCHMARKS.md format (JSON lines of {text, intent|null, slots}) turned
 * into a skill manifest, exactly as if a skill had declared each intent with those examples
 * (slots annotated inline), plus the evaluation metrics.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { SkillManifestSchema, type SkillManifest } from '../contracts/index.js';

const IntentLineSchema = z.object({
  text: z.string().min(1),
  intent: z.string().min(1).nullable(),
  slots: z.array(z.object({ name: z.string(), value: z.unknown(), start: z.number().int(), end: z.number().int() })).default([]),
});
export type IntentLine = z.infer<typeof IntentLineSchema>;

export function readIntentFile(file: string): IntentLine[] {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message} — check the path`);
  }
  const out: IntentLine[] = [];
  raw.split('\n').forEach((line, n) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${n + 1}: not valid JSON — each line must be {"text", "intent", "slots"}`);
    }
    const parsed = IntentLineSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${file}:${n + 1}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`).join('; ')}`);
    out.push(parsed.data);
  });
  if (out.length === 0) throw new Error(`${file} holds no examples`);
  return out;
}

/** Maps data-set names to valid intent ids and slot names (the manifest's rules), reversibly. */
export class NameMap {
  private readonly fwd = new Map<string, string>();
  private readonly back = new Map<string, string>();
  constructor(private readonly prefix: string, private readonly camel: boolean) {}
  id(name: string): string {
    let id = this.fwd.get(name);
    if (!id) {
      const base = name.toLowerCase().replace(/[^a-z0-9]+/g, this.camel ? '' : '_').slice(0, 24) || 'x';
      id = `${this.prefix}${this.fwd.size}${this.camel ? 'X' : '_'}${base}`.slice(0, this.camel ? 32 : 64);
      this.fwd.set(name, id);
      this.back.set(id, name);
    }
    return id;
  }
  name(id: string): string | undefined {
    return this.back.get(id);
  }
}

const escapeBrackets = (s: string) => s.replace(/[[\]]/g, ' ');

/** One skill holding every intent of the training file; out-of-scope lines returned apart. */
export function manifestFromLines(lines: IntentLine[], intents: NameMap, slots: NameMap, skillId = 'dataset'): { manifest: SkillManifest; oos: string[] } {
  const byIntent = new Map<string, string[]>();
  const slotNames = new Map<string, Set<string>>();
  const oos: string[] = [];
  for (const line of lines) {
    if (line.intent === null) {
      oos.push(line.text);
      continue;
    }
    const id = intents.id(line.intent);
    const spans = [...line.slots].filter((s) => s.start >= 0 && s.end <= line.text.length && s.end > s.start).sort((a, b) => a.start - b.start);
    let text = '';
    let last = 0;
    const names = slotNames.get(id) ?? new Set<string>();
    for (const s of spans) {
      if (s.start < last) continue;
      const name = slots.id(s.name);
      names.add(name);
      text += escapeBrackets(line.text.slice(last, s.start)) + `[${escapeBrackets(line.text.slice(s.start, s.end))}](${name})`;
      last = s.end;
    }
    text += escapeBrackets(line.text.slice(last));
    slotNames.set(id, names);
    const list = byIntent.get(id) ?? [];
    list.push(text.slice(0, 500));
    byIntent.set(id, list);
  }
  const manifest = SkillManifestSchema.parse({
    id: skillId,
    name: 'Evaluation data',
    version: '1.0.0',
    description: 'Intents read from an evaluation file',
    publisher: 'eval',
    entry: 'index.js',
    intents: [...byIntent].map(([id, examples]) => ({
      id,
      description: intents.name(id) ?? id,
      examples: examples.slice(0, 5000),
      slots: Object.fromEntries([...(slotNames.get(id) ?? [])].map((n) => [n, { type: 'text' }])),
    })),
  });
  return { manifest, oos };
}

export function percentile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Slot F1 over (name, lower-cased value text) pairs, as a multiset per line. */
export class SlotScore {
  tp = 0;
  fp = 0;
  fn = 0;
  add(gold: { name: string; value: string }[], pred: { name: string; value: string }[]): void {
    const g = gold.map((s) => `${s.name}\u0000${s.value.trim().toLowerCase()}`);
    for (const p of pred) {
      const i = g.indexOf(`${p.name}\u0000${p.value.trim().toLowerCase()}`);
      if (i >= 0) {
        this.tp++;
        g.splice(i, 1);
      } else this.fp++;
    }
    this.fn += g.length;
  }
  get f1(): number | null {
    if (this.tp + this.fn === 0) return null;
    const p = this.tp / Math.max(1, this.tp + this.fp);
    const r = this.tp / (this.tp + this.fn);
    return p + r === 0 ? 0 : (2 * p * r) / (p + r);
  }
}
