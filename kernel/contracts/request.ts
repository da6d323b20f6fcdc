/**
 * Requests into the kernel, the plans it makes, and the responses it gives.
 */
import { z } from 'zod';
import { SkillResultSchema } from './skill.js';

export const MAX_REQUEST_CHARS = 10_000;

export const RequestSourceSchema = z.enum(['cli', 'ui', 'voice', 'api', 'automation']);

export const RequestSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
  text: z
    .string()
    .max(MAX_REQUEST_CHARS, `is longer than ${MAX_REQUEST_CHARS.toLocaleString('en')} characters: shorten it or split it into several requests`)
    .refine((t) => t.trim().length > 0, 'is empty: type what you want done, e.g. "what can you do"'),
  source: RequestSourceSchema.default('cli'),
  /** Conversation this request belongs to; follow-ups ("and tomorrow?", "cancel it") use it. */
  sessionId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).default('default'),
  /** Answers a pending clarification or slot question of an earlier response. */
  replyTo: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
  /** Run even where the plan would ask for confirmation (the user already confirmed). */
  confirmed: z.boolean().optional(),
});
export type RequestInput = z.input<typeof RequestSchema>;
export type Request = z.output<typeof RequestSchema>;

export const PlanStepSchema = z.object({
  id: z.string(),
  skill: z.string(),
  intent: z.string(),
  slots: z.record(z.string(), z.unknown()),
  /** The part of the request this step serves. */
  text: z.string(),
  confidence: z.number().min(0).max(1),
  /**
   * The step whose result this one consumes ("… and open it"), or "last" for the conversation's
   * previous result ("save the answer as a note" after a calculation).
   */
  inputFrom: z.string().optional(),
  /** Which item of a list result it consumes ("open the second one" → 1; -1 the last). */
  inputIndex: z.number().int().optional(),
  /** The step undoes what an earlier request made (a change, a correction): housekeeping, not what was asked. */
  undo: z.boolean().optional(),
});
export type PlanStep = z.infer<typeof PlanStepSchema>;

export const PlanSchema = z.object({ steps: z.array(PlanStepSchema).min(1).max(20) });
export type Plan = z.infer<typeof PlanSchema>;

export const SuggestionSchema = z.object({
  /** A request the user can send as is. */
  request: z.string(),
  skill: z.string().optional(),
  reason: z.string().optional(),
  score: z.number().optional(),
});
export type Suggestion = z.infer<typeof SuggestionSchema>;

export const StepResultSchema = z.object({
  stepId: z.string(),
  skill: z.string(),
  intent: z.string(),
  slots: z.record(z.string(), z.unknown()),
  /** The words this step served (the request, its part, or the request a follow-up made of it). */
  text: z.string().optional(),
  /** It undid what an earlier request made (PlanStep.undo). */
  undo: z.boolean().optional(),
  status: z.enum(['ok', 'error', 'denied']),
  result: SkillResultSchema.optional(),
  error: z.string().optional(),
  durationMs: z.number(),
});
export type StepResult = z.infer<typeof StepResultSchema>;

export const ResponseStatusSchema = z.enum([
  'served', // every step ran
  'partial', // some steps failed
  'clarify', // ambiguous: pick one of `clarification.choices`
  'ask_slot', // a required slot is missing: answer `clarification.question`
  'confirm', // the plan needs the user's yes
  'not_understood', // out of scope: see `suggestions`
  'denied', // a permission was refused
  'error',
]);
export type ResponseStatus = z.infer<typeof ResponseStatusSchema>;

export const ResponseSchema = z.object({
  requestId: z.string(),
  sessionId: z.string(),
  status: ResponseStatusSchema,
  /** What to show or say. */
  text: z.string(),
  /** What a host that speaks replies says: the answer's sentence without its card (kernel/sdk/spoken-reply.ts). */
  spoken: z.string().optional(),
  steps: z.array(StepResultSchema),
  suggestions: z.array(SuggestionSchema),
  clarification: z
    .object({
      /** Send the answer as a new request with `replyTo` set to this id. */
      id: z.string(),
      question: z.string(),
      choices: z.array(z.object({ label: z.string(), value: z.string() })),
    })
    .optional(),
  error: z.object({ code: z.string(), message: z.string(), fix: z.string().optional() }).optional(),
  /** The request went to a language model (agent mode): which one, and how many calls it made. */
  viaModel: z.object({ endpoint: z.string(), model: z.string(), steps: z.number().int(), tokens: z.number().int().optional() }).optional(),
  /** Wall time of the whole request, and the kernel's own share (excluding skills' work). */
  durationMs: z.number(),
  kernelMs: z.number(),
});
export type Response = z.infer<typeof ResponseSchema>;
