/**
 * The installed skills' compiled templates, indexed for the engine: ordinary templates and those
 * of fallback intents (tried only when nothing else understood a request), the words the skills
 * use (what a paraphrase may map to), each intent's literal words (coverage.ts), and slot filling
 * for a classifier-chosen intent by its templates: with the request's first word read as the
 * template's own ("nudge me in 45 minutes to move the car" read by "remind me in {when} to
 * {task}"), matched inside the request, or without their heads (headless.ts).
 */
import type { IntentCandidate, IntentSpec, Recognition, SkillManifest, SlotMatch } from '../contracts/index.js';
import { compileSkill, ruleMap, type CompiledTemplate } from './compiler.js';
import type { Node } from './grammar.js';
import { matchTemplate, normaliseForMatch, parseAnnotated, searchSlots, type SlotContext } from './slots.js';
import { satisfies } from './prefilter.js';
import { listForms } from './slot-forms.js';
import { templateLiterals } from './coverage.js';
import { restoreSlots } from './paraphrase.js';
import { STOP_WORDS } from './features.js';
import { firstWords, headlessSource } from './headless.js';

export type Found = IntentCandidate & { specificity: number };

const TOKEN = /[\p{L}\p{N}]+/u;
/** Literal words a template needs (its specificity) before its first word may be read as another. */
const MIN_RELAXED_SPECIFICITY = 3;

export class TemplateIndex {
  /** Full manifests (the classifier is trained on copies without fallback intents). */
  private readonly manifests = new Map<string, SkillManifest>();
  private readonly ordinary = new Map<string, readonly CompiledTemplate[]>();
  private readonly fallbacks = new Map<string, readonly CompiledTemplate[]>();
  /** Per skill: every word its templates, list values and examples use. */
  private readonly words = new Map<string, Set<string>>();
  /** Per "skill/intent": the literal words of its templates. */
  private readonly literals = new Map<string, Set<string>>();
  /** Per template: the words it can start with; null when it starts with a slot or wildcard. */
  private readonly heads = new WeakMap<CompiledTemplate, Set<string> | null>();
  private readonly rules = new Map<string, Map<string, Node>>();
  /** Per "skill/intent": its headless templates (headlessSlots), compiled on first use. */
  private readonly headless = new Map<string, { t: CompiledTemplate; tail: RegExp }[]>();
  /** Per template: its regex anchored at the end only, and not anchored at all (partialSlots). */
  private readonly searchRegex = new WeakMap<CompiledTemplate, [RegExp, RegExp]>();
  /** Template words of four letters or more, what typo correction corrects towards. */
  readonly typoVocabulary = new Set<string>();

  /** Compiles a skill; returns its training view (fallback intents left out) and the ordinary templates. */
  add(manifest: SkillManifest): { trained: SkillManifest; templates: CompiledTemplate[]; rules: Map<string, Node> } {
    const compiled = compileSkill(manifest);
    const rules = ruleMap(manifest);
    const isFallback = new Set(manifest.intents.filter((i) => i.fallback).map((i) => i.id));
    const templates = compiled.filter((t) => !isFallback.has(t.intent));
    this.remove(manifest.id);
    this.manifests.set(manifest.id, manifest);
    this.rules.set(manifest.id, rules);
    this.ordinary.set(manifest.id, templates);
    this.fallbacks.set(manifest.id, compiled.filter((t) => isFallback.has(t.intent)));
    for (const t of compiled) for (const w of t.source.toLowerCase().match(/\p{L}{3,}/gu) ?? []) this.typoVocabulary.add(w);
    this.words.set(manifest.id, skillWords(manifest, compiled, rules));
    for (const intent of manifest.intents) this.literals.set(`${manifest.id}/${intent.id}`, templateLiterals(compiled.filter((t) => t.intent === intent.id), rules));
    const trained = isFallback.size ? { ...manifest, intents: manifest.intents.filter((i) => !i.fallback) } : manifest;
    return { trained, templates, rules };
  }

  remove(skillId: string): void {
    this.manifests.delete(skillId);
    this.rules.delete(skillId);
    this.ordinary.delete(skillId);
    this.fallbacks.delete(skillId);
    this.words.delete(skillId);
    for (const map of [this.literals, this.headless]) for (const key of [...map.keys()]) if (key.startsWith(`${skillId}/`)) map.delete(key);
  }

  spec(skill: string, intent: string): IntentSpec | undefined {
    return this.manifests.get(skill)?.intents.find((i) => i.id === intent);
  }

  /** True when some installed skill uses the word (lower case). */
  readonly known = (word: string): boolean => {
    for (const set of this.words.values()) if (set.has(word)) return true;
    return false;
  };

  literalsOf(c: { skill: string; intent: string }): ReadonlySet<string> | undefined {
    return this.literals.get(`${c.skill}/${c.intent}`);
  }

  /** Ordinary intents other than `not` whose templates use every one of the words. */
  intentsUsing(words: readonly string[], not: { skill: string; intent: string }): string[] {
    const self = `${not.skill}/${not.intent}`;
    return [...this.literals]
      .filter(([key, set]) => key !== self && !this.isFallback(key) && words.every((w) => set.has(w)))
      .map(([key]) => key);
  }

  private isFallback(key: string): boolean {
    const slash = key.indexOf('/');
    return !!this.spec(key.slice(0, slash), key.slice(slash + 1))?.fallback;
  }

  hasFallbacks(): boolean {
    for (const list of this.fallbacks.values()) if (list.length) return true;
    return false;
  }

  /** Every template (ordinary or fallback) that matches the whole text, best intent first. */
  match(original: string, norm: string, allowed: ReadonlySet<string> | undefined, ctx: SlotContext, source: 'template' | 'fuzzy', fallback = false): Found[] {
    const best = new Map<string, Found>();
    const lower = norm.toLowerCase();
    for (const [skill, list] of fallback ? this.fallbacks : this.ordinary) {
      if (allowed && !allowed.has(skill)) continue;
      for (const t of list) {
        if (!satisfies(t.need, lower)) continue;
        const spec = this.spec(t.skill, t.intent);
        const slots = matchTemplate(t, t.regex, original, norm, spec, ctx);
        if (!slots) continue;
        const key = `${t.skill}/${t.intent}`;
        const specificity = t.specificity + slots.length * 0.5;
        const prev = best.get(key);
        if (!prev || prev.specificity < specificity) {
          best.set(key, { skill: t.skill, intent: t.intent, confidence: source === 'template' ? 0.99 : 0.9, slots: spec ? searchSlots(spec, original, norm, slots, ctx) : slots, source, specificity });
        }
      }
    }
    return [...best.values()].sort((a, b) => b.specificity - a.specificity);
  }

  /**
   * Slots of an intent from its templates read with the request's first word as one the
   * template starts with, when the request's own first word is a content word and none of them
   * (a paraphrased verb the classifier saw through). The template must match all the rest and
   * have literal words besides its first; undefined when none does.
   */
  headRelaxedSlots(c: { skill: string; intent: string }, text: string, ctx: SlotContext): SlotMatch[] | undefined {
    const spec = this.spec(c.skill, c.intent);
    const first = TOKEN.exec(text);
    if (!spec || !first) return undefined;
    const word = first[0].toLowerCase();
    if (STOP_WORDS.has(word)) return undefined;
    const start = first.index;
    const end = start + first[0].length;
    const all = (this.ordinary.get(c.skill) ?? []).filter((t) => t.intent === c.intent);
    if (all.some((t) => this.headsOf(t)?.has(word))) return undefined;
    // Templates with literal words besides their first: "{task}" after a bare verb would take anything.
    const templates = all.filter((t) => t.specificity >= MIN_RELAXED_SPECIFICITY);
    const heads = templates.map((t) => this.headsOf(t));
    let best: SlotMatch[] | undefined;
    templates.forEach((t, k) => {
      for (const head of heads[k] ?? []) {
        const candidate = text.slice(0, start) + head + text.slice(end);
        const slots = matchTemplate(t, t.regex, candidate, normaliseForMatch(candidate), spec, ctx);
        if (!slots || (best && best.length >= slots.length)) continue;
        best = restoreSlots(slots, text, { text: candidate, changes: [{ start, end, from: first[0], to: head }] }, spec);
      }
    });
    return best;
  }

  /**
   * Slots from the intent's templates matched inside the text: first up to its end (a template
   * for the request's tail), else anywhere, where a slot that ends inside a word is dropped (a
   * lazy free-text slot at a template's end takes one letter when nothing follows it).
   */
  partialSlots(c: { skill: string; intent: string }, text: string, norm: string, ctx: SlotContext): SlotMatch[] {
    const spec = this.spec(c.skill, c.intent);
    let found: SlotMatch[] = [];
    if (!spec) return found;
    for (const t of this.ordinary.get(c.skill) ?? []) {
      if (t.intent !== c.intent || t.groups.length === 0) continue;
      let res = this.searchRegex.get(t);
      if (!res) {
        const tail = t.regex.source.replace(/^\^\\s\*/, '');
        this.searchRegex.set(t, (res = [new RegExp(tail, 'id'), new RegExp(tail.replace(/\\s\*\$$/, ''), 'id')]));
      }
      const slots = matchTemplate(t, res[0], text, norm, spec, ctx) ?? matchTemplate(t, res[1], text, norm, spec, ctx)?.filter((s) => !/[\p{L}\p{N}]/u.test(text[s.end] ?? ''));
      if (slots && slots.length > found.length) found = slots;
    }
    return found;
  }

  /**
   * Slots from the intent's templates without their heads (headless.ts), matched up to the end
   * of the text: the most slots, then the widest. Undefined when none matches.
   */
  headlessSlots(c: { skill: string; intent: string }, text: string, norm: string, ctx: SlotContext): SlotMatch[] | undefined {
    const spec = this.spec(c.skill, c.intent);
    if (!spec) return undefined;
    let best: { slots: SlotMatch[]; width: number } | undefined;
    for (const { t, tail } of this.headlessOf(c.skill, spec)) {
      const slots = matchTemplate(t, tail, text, norm, spec, ctx);
      if (!slots?.length) continue;
      const width = slots.reduce((sum, s) => sum + s.end - s.start, 0);
      if (!best || slots.length > best.slots.length || (slots.length === best.slots.length && width > best.width)) best = { slots, width };
    }
    return best?.slots;
  }

  private headlessOf(skill: string, spec: IntentSpec): { t: CompiledTemplate; tail: RegExp }[] {
    const key = `${skill}/${spec.id}`;
    let out = this.headless.get(key);
    if (!out) {
      const rules = this.rules.get(skill) ?? new Map<string, Node>();
      const sources = (this.ordinary.get(skill) ?? []).filter((t) => t.intent === spec.id).flatMap((t) => headlessSource(t.ast, rules) ?? []);
      const manifest = this.manifests.get(skill)!;
      const compiled = sources.length ? compileSkill({ ...manifest, intents: [{ ...spec, templates: [...new Set(sources)] }] }) : [];
      out = compiled.map((t) => ({ t, tail: new RegExp(t.regex.source.replace(/^\^\\s\*/, ''), 'id') }));
      this.headless.set(key, out);
    }
    return out;
  }

  private headsOf(t: CompiledTemplate): Set<string> | null {
    let h = this.heads.get(t);
    if (h === undefined) {
      const f = firstWords(t.ast, this.rules.get(t.skill) ?? new Map<string, Node>());
      this.heads.set(t, (h = f && !f.nullable ? f.words : null));
    }
    return h;
  }
}

export function templateResult(text: string, found: Found[]): Recognition {
  const candidates = found.map(({ specificity: _s, ...c }) => c);
  const tie = found.length > 1 && found[0]!.specificity === found[1]!.specificity;
  if (tie) for (const c of candidates) c.confidence = 0.5;
  return { text, candidates, outOfScope: false, ambiguous: tie };
}

/** Every word a skill's templates, list slot values and examples use: what a paraphrase may map to. */
function skillWords(manifest: SkillManifest, templates: readonly CompiledTemplate[], rules: Map<string, Node>): Set<string> {
  const out = templateLiterals(templates, rules);
  const add = (text: string) => {
    for (const w of text.toLowerCase().match(/\p{L}+/gu) ?? []) out.add(w);
  };
  for (const intent of manifest.intents) {
    for (const ex of intent.examples) add(parseAnnotated(ex, new Set(Object.keys(intent.slots))).text);
    for (const slot of Object.values(intent.slots)) {
      const list = listForms(slot);
      if (list) for (const form of list.forms.keys()) add(form);
    }
  }
  return out;
}
