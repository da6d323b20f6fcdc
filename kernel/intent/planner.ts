/**
 * From recognition to a plan: one step per request for now, a clarification question when the
 * engine finds the request ambiguous, and a slot question when a required slot is missing.
 */
import type {
  IntentEngine,
  IntentCandidate,
  PendingQuestion,
  Plan,
  PlanOutcome,
  PlanStep,
  Planner,
  SessionState,
  SkillManifest,
} from '../contracts/index.js';

export type ManifestLookup = (skillId: string) => SkillManifest | undefined;

export function stepFromCandidate(c: IntentCandidate, text: string, id = 's1'): PlanStep {
  return {
    id,
    skill: c.skill,
    intent: c.intent,
    text,
    confidence: c.confidence,
    slots: Object.fromEntries(c.slots.map((s) => [s.name, s.value])),
  };
}

/** The first required slot of a step that has no value, with the question to ask. */
export function missingSlot(step: PlanStep, manifests: ManifestLookup): { slot: string; question: string } | undefined {
  const intent = manifests(step.skill)?.intents.find((i) => i.id === step.intent);
  if (!intent) return undefined;
  for (const [name, spec] of Object.entries(intent.slots)) {
    const v = step.slots[name];
    if (spec.required && (v === undefined || v === null || v === '')) {
      return { slot: name, question: spec.prompt ?? `What ${name}?` };
    }
  }
  return undefined;
}

export class SimplePlanner implements Planner {
  constructor(
    private readonly engine: IntentEngine,
    private readonly manifests: ManifestLookup,
  ) {}

  plan(text: string, _session: SessionState, options: { now?: Date; timezone?: string } = {}): PlanOutcome {
    const rec = this.engine.recognize(text, options);
    if (rec.outOfScope || rec.candidates.length === 0) return { kind: 'not_understood', candidates: rec.candidates };
    if (rec.ambiguous) {
      return {
        kind: 'clarify',
        question: 'Which did you mean?',
        choices: rec.candidates.slice(0, 4).map((c, n) => ({
          label: this.manifests(c.skill)?.intents.find((i) => i.id === c.intent)?.description ?? `${c.skill}: ${c.intent}`,
          value: String(n + 1),
          step: stepFromCandidate(c, text),
        })),
      };
    }
    return this.complete({ steps: [stepFromCandidate(rec.candidates[0]!, text)] });
  }

  answer(pending: PendingQuestion, answer: string, session: SessionState, options: { now?: Date; timezone?: string } = {}): PlanOutcome {
    const reply = answer.trim();
    if (pending.kind === 'clarify' && pending.choices) {
      const lower = reply.toLowerCase();
      const choice =
        pending.choices.find((c) => c.value === reply) ??
        pending.choices.find((c) => c.label.toLowerCase() === lower) ??
        pending.choices.find((c) => lower.length > 2 && c.label.toLowerCase().includes(lower));
      if (!choice) return this.plan(answer, session, options);
      return this.complete({ steps: [choice.step] });
    }
    if (pending.kind === 'ask_slot' && pending.plan && pending.stepId && pending.slot) {
      const plan: Plan = {
        steps: pending.plan.steps.map((s) => (s.id === pending.stepId ? { ...s, slots: { ...s.slots, [pending.slot!]: reply } } : s)),
      };
      return this.complete(plan);
    }
    return this.plan(answer, session, options);
  }

  private complete(plan: Plan): PlanOutcome {
    for (const step of plan.steps) {
      const missing = missingSlot(step, this.manifests);
      if (missing) return { kind: 'ask_slot', question: missing.question, plan, stepId: step.id, slot: missing.slot };
    }
    return { kind: 'plan', plan };
  }
}
