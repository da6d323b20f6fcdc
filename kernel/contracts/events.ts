/**
 * Events the kernel emits (to the portal, the CLI, the event log and the learners).
 */
import { z } from 'zod';
import { ResponseSchema, RequestSourceSchema } from './request.js';

export const KernelEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('request.received'), requestId: z.string(), text: z.string(), source: RequestSourceSchema, at: z.string() }),
  z.object({ type: z.literal('request.completed'), response: ResponseSchema, text: z.string(), at: z.string() }),
  z.object({ type: z.literal('progress'), requestId: z.string(), skill: z.string(), fraction: z.number(), message: z.string().optional() }),
  z.object({
    type: z.literal('timer.fired'),
    timer: z.object({ id: z.string(), kind: z.enum(['reminder', 'timer']), title: z.string(), dueAt: z.string() }),
    missed: z.boolean(),
  }),
  /** A reminder or timer was scheduled, cancelled or fired: views of timers re-read them. */
  z.object({ type: z.literal('timers.changed') }),
  z.object({ type: z.literal('notification'), title: z.string(), body: z.string().optional(), skill: z.string().optional() }),
  z.object({ type: z.literal('skills.changed') }),
  z.object({ type: z.literal('skill.error'), skill: z.string(), message: z.string() }),
  z.object({ type: z.literal('suggestion'), request: z.string(), reason: z.string() }),
  z.object({ type: z.literal('kernel.restarted'), reason: z.string() }),
  /** The desktop shell's global push-to-talk shortcut was pressed (Electron); the voice button starts or stops listening. */
  z.object({ type: z.literal('shell.pushToTalk'), at: z.string() }),
]);
export type KernelEvent = z.infer<typeof KernelEventSchema>;
