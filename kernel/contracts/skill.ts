/**
 * The runtime contract between the kernel and a skill's entry module.
 *
 * The entry module's default export maps each intent id of the manifest to an async handler
 * `(slots, ctx) => SkillResult`. `ctx` carries only the capabilities the user granted: a skill
 * without a `net` grant has no `ctx.net`. Built-in skills get exactly the same context as
 * community skills (which receive it over IPC from their sandboxed process).
 */
import { z } from 'zod';
import { CardSchema } from './card.js';
import type { GraphCapability } from './graph.js';

export const SkillResultSchema = z.object({
  text: z.string().max(100_000),
  data: z.unknown().optional(),
  card: CardSchema.optional(),
  /** Text to speak instead of `text` when replies are spoken. */
  speak: z.string().max(5_000).optional(),
  /** Set by the kernel for content that came from a community skill, a file or the web. */
  untrusted: z.boolean().optional(),
});
export type SkillResult = z.infer<typeof SkillResultSchema>;

/** Slot values after normalisation: numbers, ISO dates, durations in ms, strings. */
export type Slots = Record<string, unknown>;

export interface StoredRecord<T = Record<string, unknown>> {
  id: string;
  collection: string;
  doc: T;
  /** Full-text indexed text of the record. */
  text: string;
  createdAt: string;
  updatedAt: string;
}

/** A skill's own persistent records, kept in the profile database and namespaced by skill. */
export interface SkillStore {
  put<T extends Record<string, unknown>>(collection: string, doc: T, options?: { id?: string; text?: string }): Promise<StoredRecord<T>>;
  get<T extends Record<string, unknown>>(collection: string, id: string): Promise<StoredRecord<T> | undefined>;
  delete(collection: string, id: string): Promise<boolean>;
  list<T extends Record<string, unknown>>(
    collection: string,
    options?: { limit?: number; newestFirst?: boolean },
  ): Promise<StoredRecord<T>[]>;
  /** BM25-ranked full-text search over the records' `text`. */
  search<T extends Record<string, unknown>>(collection: string, query: string, options?: { limit?: number }): Promise<StoredRecord<T>[]>;
}

export interface ScheduledTimer {
  id: string;
  skill: string;
  kind: 'reminder' | 'timer';
  title: string;
  /** ISO time it fires. */
  dueAt: string;
  createdAt: string;
  status: 'pending' | 'fired' | 'missed' | 'cancelled';
}

/** Reminders and timers owned by the kernel: persisted, fired while the app runs, missed ones reported at start. Needs `notifications`. */
export interface SchedulerCapability {
  schedule(input: { kind: 'reminder' | 'timer'; title: string; dueAt: string }): Promise<ScheduledTimer>;
  list(options?: { includeDone?: boolean }): Promise<ScheduledTimer[]>;
  cancel(id: string): Promise<ScheduledTimer | undefined>;
}

export interface NotifyCapability {
  notify(title: string, body?: string): Promise<void>;
}

/** Filesystem access confined to the granted roots (realpath-checked). */
export interface FsCapability {
  /** The granted roots, absolute. */
  readonly roots: readonly string[];
  readFile(path: string, options?: { maxBytes?: number }): Promise<string>;
  readDir(path: string): Promise<{ name: string; path: string; isDirectory: boolean; size: number; modified: string }[]>;
  stat(path: string): Promise<{ path: string; isDirectory: boolean; size: number; modified: string }>;
  /** Present with `fs.write`. */
  writeFile?(path: string, content: string): Promise<void>;
}

export interface ExecCapability {
  /** Runs a granted program (no shell). Rejects programs outside the grant. */
  run(
    program: string,
    args: readonly string[],
    options?: { cwd?: string; timeoutMs?: number; input?: string; detached?: boolean },
  ): Promise<{ code: number | null; stdout: string; stderr: string }>;
  readonly programs: readonly string[];
}

export interface NetCapability {
  /** HTTP(S) to granted hosts only; made by the kernel on the skill's behalf. */
  fetch(url: string, init?: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number }): Promise<{
    status: number;
    headers: Record<string, string>;
    body: string;
  }>;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  name?: string;
  toolCallId?: string;
}

export interface LlmCapability {
  chat(messages: ChatMessage[], options?: { maxTokens?: number; temperature?: number }): Promise<string>;
}

export interface ClipboardCapability {
  read(): Promise<string>;
  write(text: string): Promise<void>;
}

/** Non-privileged, read-only facts about the installed skills (for help and discovery). */
export interface SkillSummary {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  builtin: boolean;
  intents: { id: string; description: string; examples: string[] }[];
}

export interface SkillContext {
  readonly skillId: string;
  readonly requestId: string;
  /** The text of the request (or of this plan step). */
  readonly text: string;
  readonly now: Date;
  readonly timezone: string;
  /** This skill's settings, defaults applied. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** This skill's private data folder (created on demand). */
  readonly dataDir: string;
  /** The previous plan step's result when this step consumes it ("find the report and open it"). */
  readonly input?: SkillResult;
  readonly store: SkillStore;
  readonly skills: { list(): Promise<SkillSummary[]> };
  log(message: string): void;
  /** Reports progress of long work (0..1) to the portal and CLI. */
  progress(fraction: number, message?: string): void;
  readonly signal: AbortSignal;
  // Capabilities: present only when granted.
  readonly fs?: FsCapability;
  readonly exec?: ExecCapability;
  readonly net?: NetCapability;
  readonly notify?: NotifyCapability;
  readonly scheduler?: SchedulerCapability;
  readonly llm?: LlmCapability;
  readonly clipboard?: ClipboardCapability;
  /** The user's knowledge graph; given to built-in skills only. */
  readonly graph?: GraphCapability;
}

export type SkillHandler = (slots: Slots, ctx: SkillContext) => Promise<SkillResult> | SkillResult;

/** The default export of a skill's entry module. */
export type SkillModule = Record<string, SkillHandler>;

/** Typed identity helper for skill authors: `export default defineSkill({ 'note.add': async (slots, ctx) => … })`. */
export function defineSkill<M extends SkillModule>(handlers: M): M {
  return handlers;
}
