/**
 * What the rule subsystem needs of the rest of the kernel, given to it by the composition root
 * (kernel.ts): the whole request path (rules run their actions as ordinary requests), the intent
 * engine's reading of a text, skills, grants, pending questions, the event log, the audit log and
 * the event bus. Narrow on purpose: rules never reach into a subsystem's internals.
 */
import type { GrantView, KernelEvent, PendingQuestion, PlanOutcome, RequestInput, Response } from '../contracts/index.js';
import type { EventLog } from '../events/index.js';
import type { ScopeVars } from '../permissions/index.js';
import type { Db } from '../store/index.js';

/** Audit actions rules write (the kernel's audit log takes them as they are). */
export type RuleAuditAction = 'rule.create' | 'rule.fire' | 'rule.stop' | 'rule.pause' | 'rule.resume' | 'rule.delete' | 'rule.approve' | 'untrusted.confirm';

export interface RuleSkillInfo {
  name: string;
  builtin: boolean;
  permissionKinds: string[];
  intents: { id: string; description: string; slots?: Record<string, unknown>; templates?: string[]; examples?: string[]; readOnly?: boolean }[];
  /** The manifest's template macros and keywords: words its intents are phrased with. */
  words?: string;
}

export interface RulesHost {
  db: Db;
  clock(): Date;
  /** The user's time zone (IANA). */
  timezone(): string;
  /** Runs a request through the whole kernel, as if the user had typed it. */
  handle(input: RequestInput): Promise<Response>;
  /** The intent engine's plan for a text, without running it. */
  understand(text: string): PlanOutcome;
  skill(id: string): RuleSkillInfo | undefined;
  grants: { active(skill?: string): GrantView[]; varsFor(skill: string): ScopeVars };
  sessions: { ask(q: Omit<PendingQuestion, 'id' | 'createdAt'>): PendingQuestion; peek(sessionId: string): PendingQuestion | undefined; take(sessionId: string, id?: string): PendingQuestion | undefined };
  eventLog: Pick<EventLog, 'appendRequest' | 'appendResult' | 'results' | 'lastSeq'>;
  audit(action: RuleAuditAction, skill: string | null, detail: Record<string, unknown>): void;
  emit(event: KernelEvent): void;
  onEvent(listener: (event: KernelEvent) => void): () => void;
}

/** Content from a community skill, or from a skill that reads files or the web, is untrusted (as the dispatcher's policy reads it). */
export function untrustedSource(host: RulesHost, skillId: string): string | undefined {
  const skill = host.skill(skillId);
  if (!skill) return undefined;
  return !skill.builtin || skill.permissionKinds.some((k) => k === 'fs.read' || k === 'net') ? skill.name : undefined;
}

export const skillName = (host: RulesHost) => (id: string) => host.skill(id)?.name ?? id;
