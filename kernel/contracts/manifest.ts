/**
 * The skill manifest (`skill.json`): what a skill understands (intents), what it may touch
 * (permissions) and what it can be configured with (settings). Declarative, so the kernel knows
 * a skill without running its code. Built-in and community skills use exactly this schema.
 */
import { z } from 'zod';
import { execScopeProblem, fsScopeProblem } from './scope-syntax.js';

export { EXEC_PATH_VARIABLES, PATH_VARIABLES, execScopeProblem, fsScopeProblem, normaliseDeclaredPath, parseExecEntry, type ExecToken, type NormalisedPath, type ParsedExecEntry } from './scope-syntax.js';

export const PERMISSION_KINDS = [
  'fs.read',
  'fs.write',
  'exec',
  'net',
  'clipboard',
  'notifications',
  'microphone',
  'gpu',
  'llm',
] as const;
export type PermissionKind = (typeof PERMISSION_KINDS)[number];

/** Kinds whose scope must be non-empty: paths, programs or hosts. */
export const SCOPED_KINDS: ReadonlySet<PermissionKind> = new Set(['fs.read', 'fs.write', 'exec', 'net']);

export const PermissionSchema = z
  .object({
    kind: z.enum(PERMISSION_KINDS),
    /**
     * fs.*: absolute paths or paths from `~`, `$HOME`, `$DATA` (the skill's data folder), without `..`
     * escapes; exec: `PROGRAM [ARGUMENT-PATTERN…]` (see scope-syntax.ts: `git status *`,
     * `ffmpeg -i $DATA/** -y $DATA/**`, `$DATA/**` for programs the skill built); net: hosts (`*.example.com` allowed).
     */
    scope: z.array(z.string().min(1).max(1024)).max(64).default([]),
    reason: z.string().max(500).optional(),
  })
  .refine((p) => !SCOPED_KINDS.has(p.kind) || p.scope.length > 0, {
    message: 'needs a non-empty "scope" (paths for fs.*, programs for exec, hosts for net)',
    path: ['scope'],
  })
  .superRefine((p, ctx) => {
    const check = p.kind === 'fs.read' || p.kind === 'fs.write' ? fsScopeProblem : p.kind === 'exec' ? execScopeProblem : undefined;
    p.scope.forEach((entry, i) => {
      const problem = check?.(entry);
      if (problem) ctx.addIssue({ code: 'custom', message: `${p.kind} scope ${problem}`, path: ['scope', i] });
    });
  });
export type Permission = z.infer<typeof PermissionSchema>;

export const SLOT_TYPES = [
  'number',
  'integer',
  'ordinal',
  'duration',
  'datetime',
  'date',
  'time',
  'path',
  'url',
  'email',
  'word',
  'text',
  /** Arithmetic in digits or words ("nine minus four", "3 cubed", "multiply 23 by 4"); the value is the expression in symbols. */
  'math',
] as const;
export type SlotType = (typeof SLOT_TYPES)[number];

/** A value of a list slot: a plain string, or a value with spoken synonyms ("nyc" → "New York"). */
export const SlotValueEntrySchema = z.union([
  z.string().min(1).max(200),
  z.object({ value: z.string().min(1).max(200), synonyms: z.array(z.string().min(1).max(200)).max(100).default([]) }),
]);

const slotCommon = {
  required: z.boolean().default(false),
  /** Question the kernel asks when a required slot is missing; `{other}` is replaced by that slot's value ("{amount} what?"). */
  prompt: z.string().max(300).optional(),
  /** Answers offered as choices when the kernel asks for this slot (list slots offer their values). */
  choices: z.array(z.string().min(1).max(100)).max(12).optional(),
  description: z.string().max(300).optional(),
};

export const SlotSpecSchema = z.union([
  z.object({
    type: z.enum(SLOT_TYPES),
    min: z.number().optional(),
    max: z.number().optional(),
    ...slotCommon,
  }),
  z.object({ values: z.array(SlotValueEntrySchema).min(1).max(5000), ...slotCommon }),
]);
export type SlotSpec = z.infer<typeof SlotSpecSchema>;

export const IntentSpecSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'must be lower-case letters, digits, "_", "-" or "." and start with a letter'),
  description: z.string().min(1).max(500),
  /** Template grammar: `(a|b)` alternatives, `[x]` optional, `{slot}` slot reference, `<rule>` shared rule. */
  templates: z.array(z.string().min(1).max(500)).max(500).default([]),
  /** Natural example requests, used for training and shown in help. */
  examples: z.array(z.string().min(1).max(500)).max(5000).default([]),
  slots: z.record(z.string().regex(/^[a-z][a-zA-Z0-9_]{0,31}$/, 'slot names are lower camel case'), SlotSpecSchema).default({}),
  /** The kernel asks the user before running this intent. */
  confirm: z.boolean().default(false),
  /**
   * The intent only reads or computes (lists, searches, answers, reports): running it changes nothing
   * the user would have to undo. Unset means it may change something (add, delete, open, run …), so
   * a spoken request for it that is in doubt is read back first ("I heard: … — do it?"): a needless
   * read-back costs one "yes", a wrong action may not be undoable. The skill author's promise, like
   * the description; it cannot be combined with `confirm`.
   */
  readOnly: z.boolean().optional(),
  /**
   * A catch-all (e.g. "answer any question from what the user told me"): its templates are tried
   * only when no other intent understood the request, and its handler must return `declined` for
   * what it cannot serve, so an unknown request still ends as "not understood". Built-in skills only: a
   * community skill's catch-all is left out (it would see every request no other skill understood).
   */
  fallback: z.boolean().optional(),
});
export type IntentSpec = z.infer<typeof IntentSpecSchema>;

export const SettingSpecSchema = z.object({
  type: z.enum(['string', 'number', 'boolean', 'enum', 'path']),
  description: z.string().max(500),
  default: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
  values: z.array(z.string()).optional(),
  secret: z.boolean().default(false),
});
export type SettingSpec = z.infer<typeof SettingSpecSchema>;

/** A handler id of the skill's entry module (the same namespace as intent ids). */
const handlerId = z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'must be a handler name of the entry module, e.g. "runs.view"');

/**
 * What a skill contributes to the hosts besides intents, declared so the CLI and the portal know
 * it without running the skill's code (like an editor extension's `contributes`).
 */
export const ContributesSchema = z
  .object({
    /** `agentos NAME …` commands. The handler gets `{ argv }` and returns `{ text, data: { exitCode } }`; progress goes to ctx.progress. */
    commands: z
      .array(
        z.object({
          name: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, 'must be 2-32 lower-case letters, digits or "-" (e.g. "notes-sync")'),
          summary: z.string().min(1).max(300),
          usage: z.string().min(1).max(2000),
          handler: handlerId,
        }),
      )
      .max(16)
      .default([]),
    /** Portal views. The handler gets `{ selected? }` and returns a result whose `data` is a SkillView. */
    views: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be lower-case letters, digits or "-"'),
          title: z.string().min(1).max(60),
          /** An icon name of the portal's icon set; unknown names fall back to a generic icon. */
          icon: z.string().max(30).default('skills'),
          handler: handlerId,
          description: z.string().max(300).optional(),
        }),
      )
      .max(8)
      .default([]),
  })
  .default({ commands: [], views: [] });
export type Contributes = z.infer<typeof ContributesSchema>;

const relativePath = z
  .string()
  .min(1)
  .max(255)
  .refine((p) => !p.startsWith('/') && !p.split(/[\\/]/).includes('..'), {
    message: 'must be a path inside the skill folder (no leading "/" and no "..")',
  });

export const SkillManifestSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/, 'must be 2-64 lower-case letters, digits or "-" (e.g. "weather-report")'),
    name: z.string().min(1).max(100),
    version: z
      .string()
      .regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/, 'must be a semantic version such as "1.2.0"'),
    description: z.string().min(1).max(2000),
    publisher: z.string().min(1).max(200),
    /** `module`: an ES module entry; `instructions`: an Agent Skills SKILL.md run by the language model; `mcp`: an MCP server. */
    kind: z.enum(['module', 'instructions', 'mcp']).default('module'),
    entry: relativePath,
    intents: z.array(IntentSpecSchema).max(2000).default([]),
    /** Shared template rules usable as `<name>` in this skill's templates. */
    rules: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.string().max(2000)).default({}),
    permissions: z.array(PermissionSchema).max(64).default([]),
    settings: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_.]*$/), SettingSpecSchema).default({}),
    keywords: z.array(z.string().max(50)).max(50).default([]),
    contributes: ContributesSchema,
    homepage: z.string().url().optional(),
  })
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.intents.forEach((intent, i) => {
      if (seen.has(intent.id)) {
        ctx.addIssue({ code: 'custom', message: `duplicate intent id "${intent.id}"`, path: ['intents', i, 'id'] });
      }
      seen.add(intent.id);
      if (intent.readOnly && intent.confirm) {
        ctx.addIssue({ code: 'custom', message: 'cannot be "readOnly" and ask to "confirm": an intent that only reads has nothing to confirm (drop one of the two)', path: ['intents', i, 'readOnly'] });
      }
      if (m.kind === 'module' && intent.templates.length === 0 && intent.examples.length === 0) {
        ctx.addIssue({
          code: 'custom',
          message: 'needs at least one template or example so the kernel can recognise it',
          path: ['intents', i, 'templates'],
        });
      }
    });
    const handlers = [...m.contributes.commands.map((c) => c.handler), ...m.contributes.views.map((v) => v.handler)];
    handlers.forEach((h, i) => {
      if (seen.has(h)) ctx.addIssue({ code: 'custom', message: `handler "${h}" is also an intent id; give contributions their own handler names`, path: ['contributes', i] });
    });
    if (m.kind !== 'module' && handlers.length > 0) {
      ctx.addIssue({ code: 'custom', message: 'only module skills can contribute commands or views', path: ['contributes'] });
    }
    if (m.kind === 'module' && m.intents.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'a module skill declares at least one intent', path: ['intents'] });
    }
  });
export type SkillManifest = z.infer<typeof SkillManifestSchema>;
export type SkillManifestInput = z.input<typeof SkillManifestSchema>;
