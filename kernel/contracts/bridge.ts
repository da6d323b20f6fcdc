/**
 * The one typed bridge between the portal (renderer) and the kernel. The Electron preload exposes
 * exactly these methods as `window.agentos`; browser mode carries the same calls over a WebSocket.
 * Every input is validated by its schema on the kernel side before a handler sees it.
 */
import { z } from 'zod';
import { RequestSchema, type Response } from './request.js';
import type { KernelEvent } from './events.js';
import type { ScheduledTimer, SkillSummary, SkillView } from './skill.js';
import type { Contributes, Permission } from './manifest.js';
import type { LearnedPhrasing } from './intent.js';
import type { Rule, RuleAction, RuleRun } from './rules.js';

const id = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/);
/** A rule's number, as `agentos rules list` shows it. */
const ruleId = z.object({ id: z.number().int().positive() }).strict();
const empty = z.object({}).strict();
/** A local skill folder or .tgz (the app installs from this machine; URLs go through the CLI). */
const installSource = z
  .string()
  .trim()
  .min(1, 'give the path of a skill folder or .tgz')
  .max(4096)
  .refine((s) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(s) && !s.startsWith('git@'), { message: 'give a local folder or .tgz path; install from a URL with "agentos skill install URL"' });

export const BridgeInputSchemas = {
  'kernel.handle': RequestSchema,
  'skills.list': empty,
  'skills.setEnabled': z.object({ id, enabled: z.boolean() }).strict(),
  'history.list': z.object({ limit: z.number().int().min(1).max(1000).default(50) }).strict(),
  'timers.list': z.object({ includeDone: z.boolean().default(false) }).strict(),
  'timers.cancel': z.object({ id }).strict(),
  /** A reminder or timer set from the portal itself (the reminders view's quick form), owned by the portal. */
  'timers.schedule': z
    .object({ kind: z.enum(['reminder', 'timer']).default('reminder'), title: z.string().trim().min(1).max(500), dueAt: z.string().datetime({ offset: true }) })
    .strict(),
  'settings.get': empty,
  /** A kernel setting, or a skill's as `skill.<id>.<key>`. */
  'settings.set': z.object({ key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_.-]{0,127}$/), value: z.unknown() }).strict(),
  'llm.test': empty,
  'voice.engines': empty,
  /** 16 kHz mono PCM as base64 little-endian int16; `sessionId`: the conversation it (and a yes to its read-back) belongs to. */
  'voice.transcribe': z
    .object({ pcm16: z.string().max(16_000 * 2 * 60 * 2).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64 (16-bit little-endian PCM samples, as the portal\'s recorder sends them)').refine((s) => s.length % 4 === 0, 'base64 length must be a multiple of 4 (the audio was cut off)'), sampleRate: z.number().int().min(8000).max(192_000), run: z.boolean().default(true), sessionId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional() })
    .strict(),
  'voice.speak': z.object({ text: z.string().min(1).max(5000) }).strict(),
  /**
   * The user's answer to a spoken request's read-back ("I heard: … — do it?", voice.transcribe's
   * `confirm` response; `id` is its clarification id): yes runs it as a voice request, as heard or
   * as the user corrected it (`edited`); no changes nothing.
   */
  'voice.answer': z
    .object({ id, answer: z.enum(['yes', 'no']), edited: z.string().trim().min(1, 'an emptied transcript is no request: answer no instead').max(2000).optional() })
    .strict(),
  'grants.list': empty,
  'grants.revoke': z.object({ id }).strict(),
  'patterns.suggest': z.object({ limit: z.number().int().min(1).max(20).default(3) }).strict(),
  /**
   * One generic call for what skills contribute (manifest `contributes`): render a view
   * (`args` may hold the selected item's id) or run a command with its argv.
   */
  'skills.contribution': z
    .object({
      skill: id,
      kind: z.enum(['view', 'command']),
      name: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
      args: z.array(z.string().max(4096)).max(64).default([]),
    })
    .strict(),
  /** Stages a community skill (folder or .tgz on this machine) and reports what it asks for; installs nothing. */
  'skills.previewInstall': z.object({ source: installSource }).strict(),
  /** Installs what the user reviewed in the install dialog; grants at most what the manifest declares. */
  'skills.install': z
    .object({
      source: installSource,
      /** previewInstall's `digest`: a package that changed since the review is refused. */
      digest: z.string().regex(/^[0-9a-f]{64}$/),
      grant: z.enum(['declared', 'none']).default('declared'),
      duration: z.enum(['always', 'session', 'until']).default('always'),
      until: z.string().datetime({ offset: true }).optional(),
      ignoreScan: z.boolean().default(false),
      /**
       * previewInstall's `publisherChange.accept`, sent only after the user accepted the new publisher
       * shown beside the old one; a change of publisher without it is refused.
       */
      acceptPublisher: z.string().max(200).optional(),
      /** Sent only after the user ticked "Install anyway" under the phrases it shares with other skills. */
      allowOverlap: z.boolean().default(false),
    })
    .strict()
    .refine((v) => v.duration !== 'until' || v.until !== undefined, { message: 'duration "until" needs an "until" date', path: ['until'] }),
  /** The phrasings this user taught the kernel (settings' "Learned phrasings"). */
  'phrasings.list': empty,
  /** Forgets one learned phrasing: the words go back to meaning what the kernel alone makes of them. */
  'phrasings.remove': z.object({ id }).strict(),
  /** The automations (Rules view): each with its trigger, actions, state, last run and outcome, next run. */
  'rules.list': empty,
  /** One rule's runs, newest first. */
  'rules.history': z.object({ id: z.number().int().positive(), limit: z.number().int().min(1).max(200).default(20) }).strict(),
  'rules.pause': ruleId,
  /** Turns a rule back on (confirmed again with the permissions its skills have now); approves one a skill proposed. */
  'rules.resume': ruleId,
  'rules.delete': ruleId,
  /** Runs a rule now, as its trigger would (a paused one too). */
  'rules.run': ruleId,
  /** What the rule would do if it ran now, without running it. */
  'rules.dryRun': ruleId,
} as const;

export type BridgeMethod = keyof typeof BridgeInputSchemas;
export type BridgeInput<M extends BridgeMethod> = z.input<(typeof BridgeInputSchemas)[M]>;

export interface HistoryEntry {
  id: string;
  at: string;
  text: string;
  source: string;
  status: string;
  skill: string | null;
  intent: string | null;
  durationMs: number;
}

export interface SettingsView {
  profileDir: string;
  values: Record<string, unknown>;
  /** Description and default of every known setting key. */
  /** `group`: the section a setting belongs in — for a skill's declared settings, the skill's name. */
  schema: Record<string, { description: string; default: unknown; type: string; values?: string[]; group?: string }>;
  /** The locale and clock the kernel writes times with (ui.locale and ui.timeFormat resolved), so the portal writes them the same. */
  time?: { locale: string; hour12: boolean };
}

export interface VoiceEngineStatus {
  name: string;
  ready: boolean;
  selected: boolean;
  detail: string;
  /** What to do to make it ready. */
  missing?: string;
}

export interface GrantView {
  id: string;
  skill: string;
  permission: Permission;
  duration: 'once' | 'session' | 'until' | 'always';
  expiresAt?: string;
  grantedAt: string;
  /** The absolute paths (links followed) or programs the scope really grants, in the scope's order. */
  resolved?: string[];
  /** The same, one line, with the declared form beside each entry that differs. */
  resolvedText?: string;
}

/** Who published a package: the manifest's name (anyone can write any) and, when signed, its key. */
export interface PublisherIdentityView {
  name: string;
  /** `ed25519:` + 16 hex digits, or null when not signed. */
  keyId: string | null;
  /** SHA-256 of the whole public key, hex, or null when not signed. */
  fingerprint: string | null;
}

/** A phrase the package would share with an installed skill (kernel/packages/overlap.ts). */
export interface InstallOverlap {
  phrase: string;
  /** "takes": the installed skill's phrase this one would read; "owned": this one's phrase the installed skill already reads (and keeps). */
  how: 'takes' | 'owned';
  /** The installed skill that has the phrase now. */
  skill: string;
  skillName: string;
  builtin: boolean;
  /** The owner's intent is a catch-all (e.g. questions answered from what you know). */
  catchAll: boolean;
}

/** What a community skill would do once installed, as the install dialog shows it. */
export interface InstallPreview {
  id: string;
  name: string;
  version: string;
  description: string;
  publisher: string;
  kind: string;
  signature: { state: 'signed' | 'digests' | 'none'; keyId?: string };
  /** Every declared permission, with what it lets the skill do in words. */
  permissions: (Permission & { description: string })[];
  scan: { blocked: boolean; filesScanned: number; findings: { code: string; severity: 'warn' | 'block'; message: string; file: string; line?: number }[] };
  /** What the sandbox confines on this machine, one line per part. */
  sandbox: string[];
  /** True when the skill asks for "net" and this machine cannot cut a skill off the network. */
  netUnenforced: boolean;
  /** Set when this would update an installed version. */
  update: { from: string; widened: Permission[] } | null;
  /** The same version and files are already installed. */
  unchanged: boolean;
  /** Digest of the reviewed files; skills.install refuses a package that no longer matches. */
  digest: string;
  /** No key vouches for the files: anyone could have made them. */
  unsigned: boolean;
  /**
   * Set when this update changes who publishes the skill (a first signature, another key, another
   * name); skills.install refuses it unless it carries `acceptPublisher: accept`.
   */
  publisherChange: { changes: ('first-signature' | 'new-key' | 'renamed')[]; from: PublisherIdentityView; to: PublisherIdentityView; accept: string } | null;
  /** Phrases shared with installed skills; those skills keep them. Installing needs `allowOverlap`. */
  overlaps: InstallOverlap[];
  /** Templates with no word of their own (they would match almost any sentence); installing needs `allowOverlap`. */
  broadTemplates: { intent: string; template: string }[];
  /** An MCP server: its tools (and their phrases) are listed only after the user agrees, never for a preview. */
  toolsAfterConsent: boolean;
}

export interface InstallOutcome {
  id: string;
  version: string;
  action: 'installed' | 'updated' | 'unchanged';
  signedBy: string | null;
  granted: Permission[];
}

/** A learned phrasing as settings show it: what the words now mean, in words. */
export interface LearnedPhrasingView extends LearnedPhrasing {
  /** The skill's display name (its id when the skill is no longer installed). */
  skillName: string;
  /** The intent's description, e.g. "Set a reminder" (skill: intent when unknown). */
  meaning: string;
}

/** A rule as the Rules view lists it: its one-line summary and its latest run (with the outcome). */
export interface RuleListItem extends Rule {
  summary: string;
  lastRun: RuleRun | null;
}

/** A change to a rule: what happened, in a sentence, and the rule as it is now; `ok` is false when it could not be done. */
export interface RuleChangeView {
  ok: boolean;
  message: string;
  rule: RuleListItem;
}

/** A rule's dry run: what running it now would do, nothing run. */
export interface RuleDryRun {
  ruleId: number;
  /** Its state and permissions let it run its actions now. */
  wouldRun: boolean;
  /** One sentence: what it would do, or why it would not. */
  summary: string;
  /** Each action as it would run now ("it" filled in), with the steps the intent engine reads it as. */
  actions: { text: RuleAction['text']; steps: RuleAction['steps']; fillsTime: boolean }[];
  /** Why it would not run (a revoked permission, a stopped rule, an action no longer understood). */
  problems: string[];
  /** What else to know (paused, no matching file). */
  notes: string[];
  /** What "it" would stand for (a file rule's matching file). */
  subject?: string;
}

/** What a contributed view or command produced. */
export interface ContributionResult {
  /** The command's output, or the view's text fallback. */
  text: string;
  /** Commands: 0 done, 1 error, 2 usage. Views: 0. */
  exitCode: number;
  /** A command's text for stderr (errors, usage). */
  stderr?: string;
  view?: SkillView;
}

export interface BridgeOutputs {
  'kernel.handle': Response;
  /** `signedBy`: the pinned key id of a signed community skill; `unsigned`: a community skill no key vouches for. */
  'skills.list': (SkillSummary & { version: string; publisher: string; permissions: Permission[]; contributes: Contributes; signedBy: string | null; unsigned: boolean })[];
  'skills.setEnabled': { ok: true };
  'history.list': HistoryEntry[];
  'timers.list': ScheduledTimer[];
  'timers.cancel': { ok: boolean };
  'timers.schedule': ScheduledTimer;
  'settings.get': SettingsView;
  'settings.set': SettingsView;
  'llm.test': { ok: boolean; detail: string; model?: string; latencyMs?: number };
  'voice.engines': VoiceEngineStatus[];
  'voice.transcribe': { transcript: string; engine: string; response?: Response };
  'voice.speak': { ok: boolean; detail?: string; wavBase64?: string };
  'voice.answer': Response;
  'grants.list': GrantView[];
  'grants.revoke': { ok: boolean };
  /** `always`: the rule that would do it from now on (a sentence the portal sends to create it), when one fits. */
  'patterns.suggest': { request: string; reason: string; support: number; always?: string }[];
  'skills.contribution': ContributionResult;
  'skills.previewInstall': InstallPreview;
  'skills.install': InstallOutcome;
  'phrasings.list': LearnedPhrasingView[];
  'phrasings.remove': { ok: boolean };
  'rules.list': RuleListItem[];
  'rules.history': RuleRun[];
  'rules.pause': RuleChangeView;
  'rules.resume': RuleChangeView;
  'rules.delete': RuleChangeView;
  /** Each firing (a file rule runs once per matching file) and the answers its requests got. */
  'rules.run': { ok: boolean; runs: RuleRun[]; answers: string[]; rule: RuleListItem | null };
  'rules.dryRun': RuleDryRun;
}

/** What `window.agentos` offers the renderer. */
export type BridgeApi = {
  [M in BridgeMethod]: (input: BridgeInput<M>) => Promise<BridgeOutputs[M]>;
} & {
  /** Subscribe to kernel events; returns an unsubscribe function. */
  onEvent(listener: (event: KernelEvent) => void): () => void;
};

/** The error every bridge call rejects with: a message a user can act on. */
export interface BridgeErrorShape {
  code: 'bad_input' | 'not_found' | 'denied' | 'unavailable' | 'internal';
  message: string;
  fix?: string;
}

/** Wire frames of browser mode's WebSocket. */
export const BridgeCallFrameSchema = z
  .object({ kind: z.literal('call'), id: z.number().int().nonnegative(), method: z.string().max(64), input: z.unknown() })
  .strict();
export type BridgeCallFrame = z.infer<typeof BridgeCallFrameSchema>;
export type BridgeServerFrame =
  | { kind: 'result'; id: number; ok: true; value: unknown }
  | { kind: 'result'; id: number; ok: false; error: BridgeErrorShape }
  | { kind: 'event'; event: KernelEvent };

export function isBridgeMethod(name: string): name is BridgeMethod {
  return Object.prototype.hasOwnProperty.call(BridgeInputSchemas, name);
}
