/**
 * Which skill keeps a request that several skills read. Built-in skills come first, then community
 * skills in the order they were first installed (the registry keeps that order; see
 * kernel/lifecycle/skills.ts). When the planner gives a step to a community skill, the step's words
 * are read again by the skills that rank above it; if one of them understands it — one of its
 * templates matches, or the classifier is confident (STRONG), and not only through a catch-all
 * `fallback` intent — the community skill is left out and the request is planned again without it. So a skill installed later can never take "take a
 * note …" from Notes, or a phrase from a skill installed before it, whatever its templates or
 * examples say: the request goes to the skill that had it, not silently to the newcomer.
 * Requests only community skills read cost nothing more than one reading per community step.
 */
import type { PlanOutcome, PlanStep, SkillManifest } from '../contracts/index.js';

export interface PrecedenceHost {
  /** The enabled skills, in precedence order (built-ins first, then community skills by first install). */
  enabled(): readonly { manifest: SkillManifest; builtin: boolean }[];
}

/**
 * How sure a reading must be to hold a phrase: the engine's own "confident" bar (a template match
 * is 0.99, a typo-corrected one 0.9). A higher skill's unsure guess at words written for another
 * skill's template does not take them away from it.
 */
export const STRONG = 0.6;

/** Plans `text` with these skills only. */
export type Replan = (text: string, skills: string[]) => PlanOutcome;

function stepsOf(outcome: PlanOutcome): PlanStep[] {
  if (outcome.kind === 'plan' || outcome.kind === 'ask_slot') return outcome.plan.steps;
  if (outcome.kind === 'clarify') return outcome.choices.map((c) => c.step);
  return [];
}

/** True when the outcome acts on (or asks about) something other than a catch-all intent. */
function understood(outcome: PlanOutcome, isFallback: (step: PlanStep) => boolean): boolean {
  const steps = stepsOf(outcome);
  return steps.length > 0 && steps.some((s) => !isFallback(s) && s.confidence >= STRONG);
}

/**
 * The outcome with every community skill a higher-ranked skill outranks left out: `replanText`
 * reads one step's words with the higher skills; `replanRequest` plans the whole request again
 * with the skills still allowed. `allowed` limits the skills considered (a retry after a decline).
 */
export function applyPrecedence(outcome: PlanOutcome, host: PrecedenceHost, replanText: Replan, replanRequest: (skills: string[]) => PlanOutcome, allowed?: readonly string[]): PlanOutcome {
  const order = host.enabled().filter((s) => !allowed || allowed.includes(s.manifest.id));
  const rank = new Map<string, number>();
  let next = 1;
  for (const s of order) rank.set(s.manifest.id, s.builtin ? 0 : next++);
  const manifests = new Map(order.map((s) => [s.manifest.id, s.manifest]));
  const isFallback = (step: PlanStep) => !!manifests.get(step.skill)?.intents.find((i) => i.id === step.intent)?.fallback;
  const excluded = new Set<string>();
  const checked = new Set<string>();
  let current = outcome;
  // Each round leaves one skill out, so there are at most as many rounds as community skills.
  for (let round = 0; round <= next; round++) {
    // Each community step's words, once: a skill that keeps its step keeps it in a new plan too.
    const pending = stepsOf(current).filter((s) => (rank.get(s.skill) ?? 0) > 0 && !checked.has(`${s.skill}\u0000${s.text}`));
    if (pending.length === 0) return current;
    let outranked: string | undefined;
    for (const step of pending) {
      checked.add(`${step.skill}\u0000${step.text}`);
      const above = order.filter((s) => (rank.get(s.manifest.id) ?? 0) < rank.get(step.skill)! && !excluded.has(s.manifest.id)).map((s) => s.manifest.id);
      if (understood(replanText(step.text, above), isFallback)) {
        outranked = step.skill;
        break;
      }
    }
    if (!outranked) return current;
    excluded.add(outranked);
    current = replanRequest(order.map((s) => s.manifest.id).filter((id) => !excluded.has(id)));
  }
  return current;
}
