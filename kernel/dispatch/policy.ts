/**
 * When the kernel asks before acting: an intent its manifest marks `confirm`, a removal that sweeps
 * everything ("delete all my notes"), and any step fed by
 * untrusted content (a community skill's result, a file's or the web's) that would run with a
 * privileged permission — content must not be able to make the agent act on its own.
 */
import type { Plan } from '../contracts/index.js';
import type { LoadedSkill } from '../skills/index.js';

const PRIVILEGED = new Set(['exec', 'fs.write', 'net', 'clipboard']);

/** What the policy reads: the installed skills and which permissions each holds now. */
export interface PolicyHost {
  skill(id: string): LoadedSkill | undefined;
  grantedKinds(skillId: string): string[];
}

/** Removal intents ("notes.delete", "reminder.cancel") and the words that make one sweep everything. */
const REMOVES = /(?:^|[._-])(?:cancel|delete|remove|erase|forget|clear|wipe|purge|drop)/;
const SWEEPING = /\b(?:all|every|everything|each)\b/i;

export type ConfirmReason =
  | { kind: 'intent'; step: Plan['steps'][number]; question: string }
  | { kind: 'broad'; step: Plan['steps'][number]; question: string }
  | { kind: 'untrusted'; step: Plan['steps'][number]; source: string; question: string };

/** Content from a community skill, or from a skill that reads files or the web, is untrusted. */
export function producesUntrusted(skill: LoadedSkill): boolean {
  return !skill.builtin || skill.manifest.permissions.some((p) => p.kind === 'fs.read' || p.kind === 'net');
}

export class ConfirmationPolicy {
  constructor(private readonly host: PolicyHost) {}

  /** Why this plan must be confirmed first, or undefined when it may run. The intent's own `confirm` comes first. */
  reason(plan: Plan): ConfirmReason | undefined {
    const step = plan.steps.find((s) => this.host.skill(s.skill)?.manifest.intents.find((i) => i.id === s.intent)?.confirm);
    if (step) return { kind: 'intent', step, question: `Run "${step.text}" with ${this.name(step.skill)}?` };
    // A removal that sweeps everything ("delete all my notes") asks first, whatever the manifest says.
    const broad = plan.steps.find((s) => REMOVES.test(s.intent) && SWEEPING.test(s.text));
    if (broad) return { kind: 'broad', step: broad, question: `"${broad.text}" would remove everything it matches with ${this.name(broad.skill)}, and that cannot be undone. Go ahead?` };
    const untrusted = this.untrustedTrigger(plan);
    if (!untrusted) return undefined;
    const question = `"${untrusted.step.text}" would let ${this.name(untrusted.step.skill)} act on content from ${untrusted.source}, which is untrusted. Run it?`;
    return { kind: 'untrusted', ...untrusted, question };
  }

  /** The first step that would act with a privileged grant on another step's untrusted output. */
  untrustedTrigger(plan: Plan): { step: Plan['steps'][number]; source: string } | undefined {
    for (const step of plan.steps) {
      if (!step.inputFrom) continue;
      const source = plan.steps.find((s) => s.id === step.inputFrom);
      const from = source ? this.host.skill(source.skill) : undefined;
      if (!from || !producesUntrusted(from)) continue;
      if (this.host.grantedKinds(step.skill).some((k) => PRIVILEGED.has(k))) return { step, source: from.manifest.name };
    }
    return undefined;
  }

  private name(id: string): string {
    return this.host.skill(id)?.manifest.name ?? id;
  }
}

/** A yes to a confirmation question. */
export function isYes(answer: string): boolean {
  return /^(y|yes|ok|okay|sure|do it|go ahead|confirm)\b/i.test(answer.trim());
}
