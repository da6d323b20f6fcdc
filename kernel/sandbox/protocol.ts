/**
 * Messages between the kernel and a sandboxed skill process (newline-delimited JSON on fd 3).
 * Everything from the child is untrusted and validated here before the kernel acts on it.
 */
import { z } from 'zod';

const ErrorShape = z.object({ name: z.string().max(200), message: z.string().max(5000), code: z.string().max(100).optional() });

export const ChildMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('ready'), intents: z.array(z.string().max(100)).max(5000) }),
  z.object({ t: z.literal('failed'), error: ErrorShape }),
  z.object({ t: z.literal('req'), id: z.number().int(), call: z.number().int(), method: z.string().max(64), args: z.array(z.unknown()).max(10) }),
  z.object({ t: z.literal('note'), call: z.number().int(), method: z.enum(['log', 'progress']), args: z.array(z.unknown()).max(3) }),
  z.object({ t: z.literal('result'), id: z.number().int(), ok: z.boolean(), value: z.unknown().optional(), error: ErrorShape.optional() }),
  z.object({ t: z.literal('violation'), kind: z.string().max(32), op: z.string().max(64), target: z.string().max(400), message: z.string().max(400) }),
]);
export type ChildMessage = z.infer<typeof ChildMessageSchema>;

/** The capabilities present in the child's context (what the kernel's context has). */
export interface CapsInfo {
  fs?: { roots: string[]; write: boolean };
  exec?: { programs: string[] };
  net?: true;
  notify?: true;
  scheduler?: true;
  llm?: true;
  clipboard?: true;
}

export interface CallContextInfo {
  skillId: string;
  requestId: string;
  text: string;
  now: string;
  timezone: string;
  settings: Record<string, unknown>;
  dataDir: string;
  input?: unknown;
  caps: CapsInfo;
}
