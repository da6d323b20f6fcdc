/**
 * The kernel side of a sandboxed skill's context: every request from the child is validated,
 * checked against the capabilities its context was built with (only what the user granted),
 * counted against the grant that covers it (a `once` grant is spent), served by the kernel's real
 * capability, and audited — privileged calls and denials alike. A change made through a grant is
 * audited before it happens, with its real absolute path, the grant and the size written. Programs
 * run with the community rules of capabilities/exec.ts, started through the sandbox's launcher.
 */
import { z } from 'zod';
import type { PermissionKind, SkillContext } from '../contracts/index.js';
import type { AuditLog } from '../audit/index.js';
import { checkExecEntry, expandTarget, isProtected, realpathLoose, scopeCovers, type GrantStore, type ScopeVars } from '../permissions/index.js';
import { CapabilityDenied, createExecCapability, type Launcher } from '../capabilities/index.js';

const str = z.string().max(100_000);
const obj = z.record(z.string(), z.unknown());
const fileContent = z.union([
  z.string().max(50_000_000),
  z.object({ base64: z.string().max(67_000_000) }).strict().transform(({ base64 }) => new Uint8Array(Buffer.from(base64, 'base64'))),
]);
/** What of ExecOptions crosses the process boundary: plain values only (callbacks and signals cannot). */
const execOptions = z
  .object({
    cwd: str.optional(),
    env: z.record(z.string().max(200), z.string().max(100_000)).optional(),
    input: z.string().max(50_000_000).optional(),
    timeoutMs: z.number().int().min(1).max(24 * 3600_000).optional(),
    maxOutput: z.number().int().min(1).max(100_000_000).optional(),
    detached: z.boolean().optional(),
  })
  .strict();

type Spec = {
  args: z.ZodTypeAny;
  kind?: PermissionKind;
  target?: (args: unknown[]) => string | undefined;
  /** Further paths the call touches, each checked against its own kind (rename: the destination; copyFile: the source). */
  also?: (args: unknown[]) => [PermissionKind, string][];
};

/** Each method: its argument tuple, the permission it uses and the target that permission is checked against. */
const METHODS: Record<string, Spec> = {
  'store.put': { args: z.tuple([str, obj]).rest(z.unknown()) },
  'store.get': { args: z.tuple([str, str]) },
  'store.delete': { args: z.tuple([str, str]) },
  'store.list': { args: z.tuple([str]).rest(z.unknown()) },
  'store.search': { args: z.tuple([str, str]).rest(z.unknown()) },
  'skills.list': { args: z.tuple([]) },
  'fs.readFile': { args: z.tuple([str]).rest(z.unknown()), kind: 'fs.read', target: (a) => String(a[0]) },
  'fs.readDir': { args: z.tuple([str]), kind: 'fs.read', target: (a) => String(a[0]) },
  'fs.stat': { args: z.tuple([str]), kind: 'fs.read', target: (a) => String(a[0]) },
  'fs.exists': { args: z.tuple([str]), kind: 'fs.read', target: (a) => String(a[0]) },
  // Bytes cross the JSON channel as { base64 } (see child/runner.mjs); text as it is.
  'fs.writeFile': { args: z.tuple([str, fileContent]), kind: 'fs.write', target: (a) => String(a[0]) },
  'fs.mkdir': { args: z.tuple([str]), kind: 'fs.write', target: (a) => String(a[0]) },
  'fs.makeTempDir': { args: z.tuple([z.string().max(64)]).rest(z.union([str, z.null(), z.undefined()])), kind: 'fs.write', target: (a) => (typeof a[1] === 'string' ? a[1] : '$DATA/tmp') },
  'fs.remove': { args: z.tuple([str]), kind: 'fs.write', target: (a) => String(a[0]) },
  'fs.rename': { args: z.tuple([str, str]), kind: 'fs.write', target: (a) => String(a[0]), also: (a) => [['fs.write', String(a[1])]] },
  'fs.copyFile': { args: z.tuple([str, str]), kind: 'fs.write', target: (a) => String(a[1]), also: (a) => [['fs.read', String(a[0])]] },
  'exec.run': { args: z.tuple([str, z.array(z.string().max(100_000)).max(1000)]).rest(execOptions.nullish()), kind: 'exec', target: (a) => String(a[0]) },
  'exec.which': { args: z.tuple([str]), kind: 'exec', target: (a) => String(a[0]) },
  'net.fetch': { args: z.tuple([str]).rest(z.unknown()), kind: 'net', target: (a) => String(a[0]) },
  'notify.notify': { args: z.tuple([z.string().max(500)]).rest(z.unknown()), kind: 'notifications' },
  'scheduler.schedule': { args: z.tuple([obj]), kind: 'notifications' },
  'scheduler.list': { args: z.tuple([]).rest(z.unknown()), kind: 'notifications' },
  'scheduler.cancel': { args: z.tuple([str]), kind: 'notifications' },
  'llm.chat': { args: z.tuple([z.array(obj).max(200)]).rest(z.unknown()), kind: 'llm' },
  'clipboard.read': { args: z.tuple([]), kind: 'clipboard' },
  'clipboard.write': { args: z.tuple([z.string().max(1_000_000)]), kind: 'clipboard' },
};

interface CapabilityServerDeps {
  grants: GrantStore;
  audit: AuditLog;
  /** Starts a granted program inside the skill's sandbox (from the sandbox process). */
  launcher?: Launcher;
  /** The skill's installed folder (`$SKILL` in exec patterns). */
  skillDir?: string;
}

/** Bytes of what fs.writeFile writes (text or decoded base64). */
const sizeOf = (content: unknown) => (typeof content === 'string' ? Buffer.byteLength(content) : content instanceof Uint8Array ? content.byteLength : undefined);

/** The real absolute path a skill's path names (links followed), for the audit; the path as given when it cannot be resolved. */
function realTarget(p: string | undefined, vars: ScopeVars): string | undefined {
  if (p === undefined) return undefined;
  try {
    return realpathLoose(expandTarget(p, vars));
  } catch {
    return p;
  }
}

export function serveCapability(deps: CapabilityServerDeps, ctx: SkillContext, method: string, rawArgs: unknown[]): Promise<unknown> {
  const spec = METHODS[method];
  const skill = ctx.skillId;
  if (!spec) return Promise.reject(new Error(`"${method.slice(0, 64)}" is not a capability`));
  const parsed = spec.args.safeParse(rawArgs);
  if (!parsed.success) return Promise.reject(new Error(`${method}: invalid arguments (${parsed.error.issues[0]?.message})`));
  const args = parsed.data as unknown[];
  const target = spec.target?.(args);
  const vars: ScopeVars = { data: ctx.dataDir, community: true, ...(deps.skillDir ? { skill: deps.skillDir } : {}) };
  const deny = (why: string) => {
    deps.audit.append('call.denied', skill, { method, target, reason: why, requestId: ctx.requestId });
    return Promise.reject(new CapabilityDenied(why));
  };
  const [group, fn] = method.split('.') as [string, string];
  let capability = (group === 'notify' ? ctx.notify : (ctx as unknown as Record<string, unknown>)[group]) as Record<string, unknown> | undefined;
  if (group === 'exec' && ctx.exec) {
    // the community rules, whatever context the call came with, and the sandbox's launcher
    const fsScope = (kind: PermissionKind) => deps.grants.scope(skill, kind) ?? [];
    const options = { community: true, readRoots: fsScope('fs.read'), writeRoots: fsScope('fs.write'), ...(deps.launcher ? { launcher: deps.launcher } : {}) };
    capability = createExecCapability(ctx.exec.programs, { ...deps.grants.varsFor(skill), ...vars }, options) as unknown as Record<string, unknown>;
  }
  const impl = capability?.[fn];
  if (typeof impl !== 'function') return deny(`${method} needs the "${spec.kind ?? group}" permission, which ${skill} was not granted`);
  // every further path first, without counting a use, so a `once` grant is spent by the call, not by its checks
  for (const [kind, further] of spec.also?.(args) ?? []) {
    // reading is allowed in the write roots too, as the fs capability allows it
    const grants = kind === 'fs.read' ? [...deps.grants.active(skill, 'fs.read'), ...deps.grants.active(skill, 'fs.write')] : deps.grants.active(skill, kind);
    if (!grants.some((g) => scopeCovers(g.permission.kind, g.permission.scope, further, deps.grants.varsFor(skill, vars)))) return deny(`${kind} for ${further} is not (or no longer) granted to ${skill}`);
  }
  if (spec.kind) {
    const detail: { args?: string[]; cwd?: string } = method === 'exec.run' ? execDetail(args, vars) : {};
    const grant = deps.grants.use(skill, spec.kind, target, vars, detail);
    if (!grant) {
      const why = target === undefined ? undefined : spec.kind === 'exec' ? execRefusal(deps.grants, skill, target, vars, detail) : spec.kind.startsWith('fs.') ? fsRefusal(deps.grants, skill, target, vars) : undefined;
      return deny(`${spec.kind}${target ? ` for ${target}` : ''}${detail.args ? ` with arguments ${JSON.stringify(detail.args).slice(0, 200)}` : ''} is not (or no longer) granted to ${skill}${why ? `: ${why}` : ''}`);
    }
    deps.audit.append('call.privileged', skill, { method, target, ...auditDetail(method, args, vars), grant: grant.id, duration: grant.duration, requestId: ctx.requestId });
  }
  const callArgs = method === 'store.list' || method === 'store.search' || method === 'store.put' || method === 'scheduler.list' || method === 'fs.makeTempDir' ? args.map((a) => (a === null ? undefined : a)) : args;
  return Promise.resolve()
    .then(() => (impl as (...a: unknown[]) => unknown).apply(capability, callArgs))
    .catch((error: Error) => {
      if (error.name === 'CapabilityDenied') deps.audit.append('call.denied', skill, { method, target, reason: error.message, requestId: ctx.requestId });
      throw error;
    });
}

/** Why no exec grant allows this start (the first reason of an entry whose program matched), for the skill's error and the audit. */
function execRefusal(grants: GrantStore, skill: string, program: string, vars: ScopeVars, detail: { args?: string[]; cwd?: string }): string | undefined {
  const all = grants.varsFor(skill, vars);
  for (const g of grants.active(skill, 'exec')) {
    for (const entry of g.permission.scope) {
      const v = checkExecEntry(entry, { program, ...detail }, all);
      if (!v.ok && !/is not the program of/.test(v.reason)) return v.reason;
    }
  }
  return undefined;
}

/** Why a path is refused even where a grant holds it: it lies in the profile or a skill folder. */
function fsRefusal(grants: GrantStore, skill: string, target: string, vars: ScopeVars): string | undefined {
  const real = realTarget(target, vars);
  return real && isProtected(real, grants.varsFor(skill, vars)) ? `${real} lies in the AgentOS profile or a skill folder, which no grant reaches (use $DATA for the skill's own files)` : undefined;
}

/** For exec.run: the arguments and working folder the grant's pattern is checked against. */
function execDetail(args: unknown[], vars: ScopeVars): { args: string[]; cwd?: string } {
  const options = (args[2] ?? {}) as { cwd?: string };
  const cwd = options.cwd === undefined ? vars.data : realTarget(options.cwd, vars);
  return { args: args[1] as string[], ...(cwd ? { cwd } : {}) };
}

/** What the audit entry of a privileged call records beyond method and target: real paths and bytes of writes, a program's arguments. */
function auditDetail(method: string, args: unknown[], vars: ScopeVars): Record<string, unknown> {
  switch (method) {
    case 'fs.writeFile':
      return { path: realTarget(String(args[0]), vars), bytes: sizeOf(args[1]) };
    case 'fs.mkdir':
    case 'fs.remove':
      return { path: realTarget(String(args[0]), vars) };
    case 'fs.makeTempDir':
      return { path: realTarget(typeof args[1] === 'string' ? args[1] : '$DATA/tmp', vars) };
    case 'fs.rename':
      return { path: realTarget(String(args[1]), vars), from: realTarget(String(args[0]), vars) };
    case 'fs.copyFile':
      return { path: realTarget(String(args[1]), vars), from: realTarget(String(args[0]), vars) };
    case 'exec.run':
      return { args: (args[1] as string[]).slice(0, 50).map((a) => a.slice(0, 500)) };
    default:
      return {};
  }
}

export const PRIVILEGED_METHODS = Object.entries(METHODS)
  .filter(([, s]) => s.kind)
  .map(([m]) => m);
