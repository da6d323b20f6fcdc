/**
 * Automations ("rules"): a trigger the kernel watches for and a plan of requests it then runs
 * through the normal dispatcher, with the permissions the user confirmed. Shared by the kernel's
 * rule engine, the CLI (`agentos rules`) and, later, the portal's Rules view.
 */
import { z } from 'zod';

/** A time-of-day recurrence: a cron pattern (seconds first, as croner reads it) in a time zone. */
export const ScheduleTriggerSchema = z.object({
  kind: z.literal('schedule'),
  cron: z.string().min(9).max(200),
  timezone: z.string().min(1).max(100),
  /** "every weekday at 09:00", as shown to the user. */
  description: z.string(),
});

/** A step some skill served (a note added, a reminder set) or a kernel event (a reminder fired). */
export const EventTriggerSchema = z.object({
  kind: z.literal('event'),
  /** `skill.intent` steps, or the kernel's `timer.fired`. */
  on: z.union([z.object({ skill: z.string(), intent: z.string() }), z.object({ kernel: z.literal('timer.fired') })]),
  /** Words the event's content must mention (all of them); none: every such event. */
  mentions: z.array(z.string().min(1).max(100)).max(10).default([]),
  description: z.string(),
});

/** A new file directly in a folder (within a granted folder) whose name matches a glob. */
export const FileTriggerSchema = z.object({
  kind: z.literal('file'),
  folder: z.string().min(1).max(4096),
  glob: z.string().min(1).max(200),
  description: z.string(),
});

/** A personal command: the user's own words that run the plan. */
export const PhraseTriggerSchema = z.object({
  kind: z.literal('phrase'),
  phrase: z.string().min(1).max(200),
  description: z.string(),
});

export const RuleTriggerSchema = z.discriminatedUnion('kind', [ScheduleTriggerSchema, EventTriggerSchema, FileTriggerSchema, PhraseTriggerSchema]);
export type RuleTrigger = z.infer<typeof RuleTriggerSchema>;

/** One request of the rule's plan, as checked by the intent engine when the rule was made. */
export const RuleActionSchema = z.object({
  /** The request text; "it" stands for what triggered the rule (the note, the file). */
  text: z.string().min(1).max(1000),
  /** What each planned step does ("Reminders and timers: Remind me of something at a time"). */
  steps: z.array(z.object({ skill: z.string(), intent: z.string(), description: z.string() })).min(1),
  /** A time slot the request leaves open, filled with the moment the rule runs ("remind me to stretch"). */
  fillTime: z.string().optional(),
});
export type RuleAction = z.infer<typeof RuleActionSchema>;

/** A grant as it was when the user confirmed the rule: the rule runs with these, not more. */
export const RuleGrantSchema = z.object({ id: z.string(), skill: z.string(), kind: z.string(), scope: z.array(z.string()) });
export type RuleGrant = z.infer<typeof RuleGrantSchema>;

export const RuleOriginSchema = z.union([z.object({ kind: z.literal('user') }), z.object({ kind: z.literal('skill'), skill: z.string() })]);

/** What a rule is before it is saved: parsed from language, shown back for the user's yes. */
export const RuleDraftSchema = z.object({
  source: z.string().min(1).max(2000),
  name: z.string().min(1).max(120),
  trigger: RuleTriggerSchema,
  actions: z.array(RuleActionSchema).min(1).max(10),
  grants: z.array(RuleGrantSchema),
  origin: RuleOriginSchema.default({ kind: 'user' }),
});
export type RuleDraft = z.infer<typeof RuleDraftSchema>;

export const RuleStateSchema = z.enum(['active', 'paused', 'stopped', 'awaiting_approval']);
export type RuleState = z.infer<typeof RuleStateSchema>;

export const RuleSchema = RuleDraftSchema.extend({
  id: z.number().int().positive(),
  state: RuleStateSchema,
  /** Why it is paused or stopped, as a sentence (a revoked grant, a loop). */
  reason: z.string().optional(),
  createdAt: z.string(),
  lastRunAt: z.string().optional(),
  /** Schedules: the next time it fires (when active). */
  nextRunAt: z.string().optional(),
  runs: z.number().int().nonnegative(),
});
export type Rule = z.infer<typeof RuleSchema>;

export const RuleRunStatusSchema = z.enum(['ok', 'failed', 'waiting', 'skipped', 'stopped', 'missed']);
export const RuleRunSchema = z.object({
  id: z.number().int(),
  ruleId: z.number().int(),
  at: z.string(),
  /** What set it off: "schedule 18:00", "note added: buy milk", "file ~/Downloads/a.pdf". */
  cause: z.string(),
  status: RuleRunStatusSchema,
  detail: z.string(),
  requestIds: z.array(z.string()),
});
export type RuleRun = z.infer<typeof RuleRunSchema>;
