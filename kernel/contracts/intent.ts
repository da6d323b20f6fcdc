/**
 * The intent engine's interface: what the kernel loop asks of `kernel/intent`.
 */
import type { SkillManifest } from './manifest.js';
import type { Plan, PlanStep, StepResult } from './request.js';

export interface SlotMatch {
  name: string;
  /** Normalised value (number, ISO date, duration in ms, list value…). */
  value: unknown;
  /** The words it came from and their position in the text. */
  raw: string;
  start: number;
  end: number;
}

export interface IntentCandidate {
  skill: string;
  intent: string;
  /** Calibrated probability that this is what the user meant. */
  confidence: number;
  slots: SlotMatch[];
  /** How it was found. */
  source: 'template' | 'fuzzy' | 'classifier' | 'embedding' | 'fused';
}

export interface Recognition {
  text: string;
  /** Best first. Empty when nothing fits. */
  candidates: IntentCandidate[];
  /** The engine refuses: no installed skill serves this. */
  outOfScope: boolean;
  /** Top candidates are too close to call: ask the user. */
  ambiguous: boolean;
}

export interface IntentEngine {
  /** Compile a skill's templates and train on its examples. Throws a ValidationError naming skill, intent and position. */
  addSkill(manifest: SkillManifest): void;
  removeSkill(skillId: string): void;
  recognize(text: string, options?: { skills?: readonly string[]; now?: Date; timezone?: string }): Recognition;
  /** Optional asynchronous work before `recognize` (e.g. embedding the request with a dense model); never throws. */
  prepare?(text: string): Promise<void>;
  /** The fallback intents (manifest `fallback`) whose templates the request matches, best first, whatever else matches it. */
  fallbacks?(text: string, options?: { skills?: readonly string[]; now?: Date; timezone?: string }): IntentCandidate[];
}

/** What the kernel remembers of a conversation, for follow-ups ("and tomorrow?", "do that again", "cancel it"). */
export interface SessionState {
  sessionId: string;
  /** The last served request and the steps it ran (slots and results). */
  last?: { text: string; steps: StepResult[] };
  /** People and things the conversation mentioned, most recent first ("she", "it" refer to them). */
  entities?: { name: string; type?: string }[];
  /** The last request that was not understood, to learn from the rephrasing that follows it. */
  miss?: { text: string; at: string; suggestions?: string[] };
}

export interface PlanOptions {
  now?: Date;
  timezone?: string;
  /** A phrasing the user taught: this intent, unless the request matches a template exactly. */
  prefer?: { skill: string; intent: string };
  /** Recognise among these skills only (the others declined the request). */
  skills?: readonly string[];
}

/**
 * A phrasing the kernel learned for this user: after a request it did not understand (or got
 * wrong), the user rephrased it, picked a suggestion, or corrected it ("no, I meant …"), and the
 * phrasing now means that intent. Kept in the profile; listed and removable in settings.
 */
export interface LearnedPhrasing {
  id: string;
  /** The words the user said, normalised (lower case, no punctuation). */
  phrase: string;
  skill: string;
  intent: string;
  /** The request that was served instead (what the phrasing was learned from). */
  example: string;
  how: 'rephrase' | 'suggestion' | 'correction';
  createdAt: string;
  /** How many requests it has served since. */
  uses: number;
}

/** A question the kernel asked and is waiting on (clarification or missing slot), persisted across processes. */
export interface PendingQuestion {
  id: string;
  sessionId: string;
  kind: 'clarify' | 'ask_slot' | 'confirm';
  /** The original request text. */
  text: string;
  /** clarify: the candidate steps, by choice value. ask_slot/confirm: the plan waiting on the answer. */
  choices?: { label: string; value: string; step: PlanStep }[];
  plan?: Plan;
  /** ask_slot: which step and slot the answer fills. */
  stepId?: string;
  slot?: string;
  createdAt: string;
}

export type PlanOutcome =
  | {
      kind: 'plan';
      plan: Plan;
      /**
       * A read-only answer to try first: the request is a question a fallback intent takes, and the
       * plan is only a guess of the classifier. When it serves, it is the answer and the plan never runs.
       */
      first?: PlanStep;
    }
  | { kind: 'clarify'; question: string; choices: { label: string; value: string; step: PlanStep }[] }
  | { kind: 'ask_slot'; question: string; plan: Plan; stepId: string; slot: string; choices?: string[]; first?: PlanStep }
  | { kind: 'not_understood'; candidates: IntentCandidate[] };

/** Turns a request (and the session so far) into a plan, or a question back to the user. */
export interface Planner {
  plan(text: string, session: SessionState, options?: PlanOptions): PlanOutcome;
  /** The user answered a pending question: resolve it into a plan (or another question). */
  answer(pending: PendingQuestion, answer: string, session: SessionState, options?: PlanOptions): PlanOutcome;
}
