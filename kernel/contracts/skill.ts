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
  /**
   * The skill has nothing for this request and changed nothing (e.g. no stored fact answers the
   * question): the kernel answers "not understood" with `text` and suggestions, as for a request
   * no skill serves, and keeps nothing of it as the conversation's last result.
   */
  declined: z.boolean().optional(),
  /**
   * The skill needs the user to choose before it acts (two notes match "Anna"): the kernel asks
   * `question` with `choices`, and the answer runs the same intent again with `slot` set to the
   * chosen value. Only for a request that changed nothing yet.
   */
  ask: z
    .object({
      question: z.string().min(1).max(500),
      slot: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,31}$/),
      choices: z.array(z.object({ label: z.string().min(1).max(300), value: z.string().min(1).max(300) })).min(2).max(12),
    })
    .optional(),
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

/** Filesystem access confined to the granted roots (realpath-checked). Paths may use `~` and `$DATA`. */
export interface FsCapability {
  /** The granted roots, absolute. */
  readonly roots: readonly string[];
  readFile(path: string, options?: { maxBytes?: number }): Promise<string>;
  readDir(path: string): Promise<{ name: string; path: string; isDirectory: boolean; size: number; modified: string }[]>;
  stat(path: string): Promise<{ path: string; isDirectory: boolean; size: number; modified: string }>;
  /** True when the path exists and lies in a granted root (false, not an error, when it does not exist). */
  exists(path: string): Promise<boolean>;
  // The rest are present with `fs.write`, and confined to its roots.
  /** Writes a file atomically (temporary file + rename); creates missing parent folders. */
  writeFile?(path: string, content: string | Uint8Array): Promise<void>;
  /** Creates a folder and its missing parents. */
  mkdir?(path: string): Promise<void>;
  /** A new empty folder `<parent>/<prefix>XXXXXX`; `parent` defaults to `$DATA/tmp`. */
  makeTempDir?(prefix: string, parent?: string): Promise<string>;
  /** Removes a file, or a folder with everything in it; a missing path is not an error. */
  remove?(path: string): Promise<void>;
  rename?(from: string, to: string): Promise<void>;
  /** Copies a file (the source needs read access, the destination write access). */
  copyFile?(from: string, to: string): Promise<void>;
}

export interface ExecOptions {
  cwd?: string;
  /** Variables added to the child's environment, which starts from a small safe base (PATH, HOME, locale, TMPDIR, CUDA/driver variables). */
  env?: Record<string, string>;
  /** Written to the child's stdin, then stdin is closed. */
  input?: string;
  /**
   * Streamed to the child's stdin instead of `input`, chunk by chunk as the iterable yields; stdin
   * closes when it ends. For a long-lived helper that takes requests line by line (built-in skills only).
   */
  stdin?: AsyncIterable<string>;
  /** The child is killed after this long (default 30 s); the result then has `timedOut: true`. */
  timeoutMs?: number;
  /** Aborting kills the child. */
  signal?: AbortSignal;
  /** Streaming output, as it arrives (also collected into the result). */
  onStdout?(chunk: string): void;
  onStderr?(chunk: string): void;
  /** Collected stdout is cut at this many characters (default 10 MB); stderr at a tenth of it. */
  maxOutput?: number;
  /** Start and forget (apps): resolves once the program started. */
  detached?: boolean;
}

export interface ExecResult {
  /** The exit code; null when it was killed by a signal. 127: the program could not start. */
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Wall time, in milliseconds. */
  ms: number;
  timedOut: boolean;
}

export interface ExecCapability {
  /** Runs a granted program (no shell). Rejects programs outside the grant with CapabilityDenied. */
  run(program: string, args: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /** Where a granted program is (absolute path), or undefined when it is not installed. */
  which(program: string): Promise<string | undefined>;
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

/**
 * A portal view a skill contributes (`contributes.views`): a list of items, each with a status,
 * an optional progress bar and detail cards. The view handler returns it as `data`; the portal
 * renders every skill's view with one generic component and re-reads it when the skill reports
 * progress or serves a request.
 */
export const SkillViewSchema = z.object({
  title: z.string().max(200),
  /** Shown when there are no items: what to do to get some. */
  empty: z.string().max(2000).optional(),
  /** A line under the title (e.g. a command to try). */
  hint: z.string().max(2000).optional(),
  items: z
    .array(
      z.object({
        id: z.string().max(200),
        title: z.string().max(300),
        subtitle: z.string().max(500).optional(),
        status: z.object({ label: z.string().max(50), tone: z.enum(['info', 'ok', 'bad', 'neutral']) }).optional(),
        /** 0..1; shown as a bar. */
        progress: z.number().min(0).max(1).optional(),
        /** A figure to show at the right of the row, e.g. "3.2×". */
        figure: z.string().max(50).optional(),
        /** Cards shown when the item is selected. */
        detail: z.array(CardSchema).max(10).default([]),
      }),
    )
    .max(500),
});
export type SkillView = z.infer<typeof SkillViewSchema>;

/**
 * What a contributed command handler returns in `data`: the process exit code (0 done, 1 error,
 * 2 usage) and text for stderr; the result's `text` goes to stdout.
 */
export const CommandResultDataSchema = z.object({ exitCode: z.number().int().min(0).max(255), stderr: z.string().max(1_000_000).optional() }).passthrough();

/** Typed identity helper for skill authors: `export default defineSkill({ 'note.add': async (slots, ctx) => … })`. */
export function defineSkill<M extends SkillModule>(handlers: M): M {
  return handlers;
}
