/**
 * Which phrases a skill being installed shares with the skills already there, found by the intent
 * engine itself rather than by a list of phrases: (a) every installed skill's own phrasings (its
 * examples and renderings of its templates, phrases.ts) are read by an engine WITH the new skill,
 * and each one the new skill would now take is an overlap; (b) the new skill's phrasings are read
 * by an engine WITHOUT it, and each one an installed skill already understands is an overlap. At
 * run time built-in and earlier-installed skills keep such phrases (kernel/dispatch/precedence.ts);
 * the install preview names every overlap and asks before installing. Catch-all templates are
 * reported too (the lifecycle leaves them out). Built-in catch-all intents (`fallback`, e.g.
 * questions answered from what you know) are reported as such but do not hold their phrases
 * against a skill made for them.
 */
import type { SkillManifest } from '../contracts/index.js';
import { createIntentEngine, type ClassicIntentEngine } from '../intent/index.js';
import { broadTemplates, recognisedManifest, samplePhrasings, type BroadTemplate } from './phrases.js';

export interface OverlapSkill {
  manifest: SkillManifest;
  builtin: boolean;
}

export interface Overlap {
  /** The sentence both skills read. */
  phrase: string;
  /** The skill (and intent) that has the phrase now. */
  owner: { skill: string; name: string; intent: string; builtin: boolean; fallback: boolean };
  /** The new skill's intent that reads it. */
  intent: string;
  /** "takes": an installed skill's phrasing the new skill would read; "owned": a phrasing of the new skill an installed skill already reads. */
  how: 'takes' | 'owned';
}

export interface OverlapReport {
  overlaps: Overlap[];
  broad: BroadTemplate[];
}

/** A reading this sure holds a phrase (the run-time rule, kernel/dispatch/precedence.ts STRONG). */
const STRONG = 0.6;

/** The reading the planner would act on, when it is sure enough to hold the phrase. */
function reader(engine: ClassicIntentEngine, text: string): { skill: string; intent: string; fallback: boolean } | undefined {
  const rec = engine.recognize(text);
  const top = rec.candidates[0];
  if (rec.outOfScope || !top || top.confidence < STRONG) return undefined;
  return { skill: top.skill, intent: top.intent, fallback: !!engine.intentSpec(top.skill, top.intent)?.fallback };
}

function engineOf(skills: OverlapSkill[]): ClassicIntentEngine {
  const engine = createIntentEngine({ oosCalibration: false });
  for (const s of skills) engine.addSkill(recognisedManifest(s.manifest, s.builtin).manifest);
  return engine;
}

/** Overlaps of `incoming` with `installed` (enabled skills; the incoming id, if installed, is left out). */
export function findOverlaps(installed: readonly OverlapSkill[], incoming: SkillManifest): OverlapReport {
  const others = installed.filter((s) => s.manifest.id !== incoming.id);
  const byId = new Map(others.map((s) => [s.manifest.id, s]));
  const without = engineOf(others);
  const withIt = engineOf([...others, { manifest: incoming, builtin: false }]);
  const overlaps: Overlap[] = [];
  const seen = new Set<string>();
  const push = (o: Overlap) => {
    const key = o.phrase.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    overlaps.push(o);
  };
  const owner = (skill: string, intent: string, fallback: boolean): Overlap['owner'] => {
    const s = byId.get(skill)!;
    return { skill, name: s.manifest.name, intent, builtin: s.builtin, fallback };
  };
  // (a) Phrasings of the installed skills that the new skill would now read.
  for (const s of others) {
    for (const p of samplePhrasings(s.manifest, 2, 300)) {
      const before = reader(without, p.text);
      if (!before || before.skill !== s.manifest.id) continue;
      const after = reader(withIt, p.text);
      if (after?.skill === incoming.id) push({ phrase: p.text, owner: owner(before.skill, before.intent, before.fallback), intent: after.intent, how: 'takes' });
    }
  }
  // (b) The new skill's phrasings that an installed skill already reads.
  for (const p of samplePhrasings(incoming, 3, 300)) {
    const before = reader(without, p.text);
    if (before && byId.has(before.skill)) push({ phrase: p.text, owner: owner(before.skill, before.intent, before.fallback), intent: p.intent, how: 'owned' });
  }
  return { overlaps, broad: broadTemplates(incoming) };
}

/** The overlaps that need the user's explicit yes: with a built-in's own (not catch-all) phrases, with earlier community skills, and catch-all templates. */
export function needsConsent(report: OverlapReport): boolean {
  return report.broad.length > 0 || report.overlaps.some((o) => !o.owner.fallback);
}

/** "skill/intent" of every owner the report names (what the lock remembers as accepted). */
export function overlapKeys(report: OverlapReport): string[] {
  return [...new Set(report.overlaps.filter((o) => !o.owner.fallback).map((o) => `${o.owner.skill}/${o.owner.intent}`))].sort();
}
