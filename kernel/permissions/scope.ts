/**
 * What a path scope really grants: variables expanded (`~`, `$HOME`, `$DATA`, `$SKILL`), `.`/`..`
 * resolved, symlinks followed where they exist. And what no grant ever reaches: the profile folder
 * (keys, database, lock, audit head, staging, sandbox runner copies, other skills' data) and every
 * skill folder, except the skill's own data folder. Checked on the real path of each target at
 * every use, and at grant time (a grant that lies wholly in that area is refused).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXEC_PATH_VARIABLES, normaliseDeclaredPath, parseExecEntry, type PermissionKind } from '../contracts/index.js';

export interface ScopeVars {
  /** The skill's own data folder (`$DATA`): the one part of the profile a skill may reach. */
  data?: string;
  /** The skill's installed folder (`$SKILL`, exec patterns only). */
  skill?: string;
  /** The user's home (`~`, `$HOME`); default os.homedir(). */
  home?: string;
  /** Folders no grant reaches: the profile and every skill folder (see protectedFolders). */
  excluded?: readonly string[];
  /** A community skill: exec arguments are checked against the escape table. */
  community?: boolean;
}

export class ScopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScopeError';
  }
}

/** The folders no grant reaches: the profile and the skill folders (built-in, community, kept versions). */
export function protectedFolders(profileDir: string | undefined, skillDirs: readonly string[] = []): string[] {
  return [...new Set([profileDir ?? '', ...skillDirs].filter(Boolean).map((d) => path.resolve(d)))];
}

function variableValue(variable: string, vars: ScopeVars): string {
  const value = variable === '~' || variable === '$HOME' ? (vars.home ?? os.homedir()) : variable === '$DATA' ? vars.data : variable === '$SKILL' ? vars.skill : undefined;
  if (!value || !path.isAbsolute(value)) {
    const what = variable === '$DATA' ? "the skill's data folder" : variable === '$SKILL' ? "the skill's folder" : 'your home folder (HOME)';
    throw new ScopeError(`${variable} has no absolute value here (${what} is ${value ? `"${value}"` : 'empty'}), so the scope cannot be resolved; it is refused`);
  }
  return value;
}

/** A declared path with its variable expanded and `.`/`..` resolved (no file system access). Throws ScopeError. */
export function expandScopePath(entry: string, vars: ScopeVars = {}): string {
  const n = normaliseDeclaredPath(entry, EXEC_PATH_VARIABLES);
  if (!n.ok) throw new ScopeError(n.problem);
  const base = n.variable ? variableValue(n.variable, vars) : '/';
  return path.resolve(base, ...n.rest);
}

/**
 * A path a skill names at use time (`$DATA/x`, `~/y`, `/abs`, or relative to `cwd`), made absolute.
 * Unlike a declared scope, `..` is allowed (the real path is checked afterwards); an unknown or
 * empty variable is refused rather than read as a relative path.
 */
export function expandTarget(target: string, vars: ScopeVars = {}, cwd?: string): string {
  if (target.includes('\0')) throw new ScopeError('a path contains a NUL byte');
  const m = /^(~|\$HOME|\$DATA|\$SKILL)(?=\/|$)/.exec(target);
  if (m) return path.resolve(variableValue(m[1]!, vars), `.${target.slice(m[1]!.length)}`);
  if (target.startsWith('$')) throw new ScopeError(`"${target}" starts with a variable that is not understood (known: ~, $HOME, $DATA)`);
  return path.resolve(cwd ?? process.cwd(), target);
}

/** Follows symlinks of the longest existing prefix, so a link cannot lead somewhere else unnoticed. */
export function realpathLoose(p: string): string {
  let current = path.resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(current), ...rest.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(p);
      rest.push(path.basename(current));
      current = parent;
    }
  }
}

/** Is `child` the folder `root` or inside it (both absolute)? */
export function within(child: string, root: string): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

function protectedRoots(vars: ScopeVars): { excluded: string[]; allowed: string[] } {
  const excluded = (vars.excluded ?? []).flatMap((d) => [path.resolve(d), realpathLoose(d)]);
  const allowed = vars.data ? [path.resolve(vars.data), realpathLoose(vars.data)] : [];
  return { excluded: [...new Set(excluded)], allowed: [...new Set(allowed)] };
}

/** Does this real path lie in the protected area (profile, skill folders) outside the skill's own data folder? */
export function isProtected(real: string, vars: ScopeVars): boolean {
  const { excluded, allowed } = protectedRoots(vars);
  return excluded.some((r) => within(real, r)) && !allowed.some((a) => within(real, a));
}

/** Does this real path contain a protected folder (`~` holds the profile)? Reaching it recursively would reach them. */
export function containsProtected(real: string, vars: ScopeVars): boolean {
  return protectedRoots(vars).excluded.some((r) => within(r, real) && r !== real);
}

/** One entry of a scope as the user really grants it. */
export interface ResolvedScopeEntry {
  declared: string;
  /** The absolute path (links followed) for paths; the program (and its argument pattern) for exec; the host for net. */
  resolved: string;
  /** Why this entry grants nothing (it lies wholly in the protected area, or cannot be resolved). */
  problem?: string;
  /** What stays out even though it lies inside (the profile inside `~`). */
  note?: string;
}

const PROTECTED_WHY = 'it lies in the AgentOS profile or a skill folder (keys, database, lock, audit, skills), which no grant can reach; use $DATA for the skill\'s own files';

function resolvePath(declared: string, vars: ScopeVars): ResolvedScopeEntry {
  let abs: string;
  try {
    abs = expandScopePath(declared, vars);
  } catch (error) {
    return { declared, resolved: declared, problem: (error as Error).message };
  }
  const real = realpathLoose(abs);
  if (isProtected(real, vars)) return { declared, resolved: real, problem: `"${declared}" (${real}) is refused: ${PROTECTED_WHY}` };
  return { declared, resolved: real, ...(containsProtected(real, vars) ? { note: 'your AgentOS profile and skill folders inside it stay out of reach' } : {}) };
}

/** The absolute paths (or programs, hosts) a permission's scope really grants, entry by entry. */
export function resolveScope(kind: PermissionKind, scope: readonly string[], vars: ScopeVars = {}): ResolvedScopeEntry[] {
  if (kind === 'fs.read' || kind === 'fs.write') return scope.map((s) => resolvePath(s, vars));
  if (kind !== 'exec') return scope.map((s) => ({ declared: s, resolved: s }));
  return scope.map((declared): ResolvedScopeEntry => {
    const parsed = parseExecEntry(declared);
    if (typeof parsed === 'string') return { declared, resolved: declared, problem: parsed };
    try {
      const show = (p: string) => (/^(\/|~|\$)/.test(p) ? p.replace(/^[^*?]*?(?=\/\*|\/[^/]*[*?]|$)/, (base) => expandScopePath(base, vars)) : p);
      const program = show(parsed.program);
      const args = parsed.pattern?.map((t) => (t.type === 'path' ? `${t.prefix}${show(t.path)}` : t.type === 'rest' ? '*' : t.type === 'one' ? '?' : t.text));
      return { declared, resolved: [program, ...(args ?? [])].join(' ') };
    } catch (error) {
      return { declared, resolved: declared, problem: (error as Error).message };
    }
  });
}

/** `/home/u/.agentos/data/x/out ($DATA/out)`: the real target first, the declared form beside it when different. */
export function describeResolved(entries: readonly ResolvedScopeEntry[]): string {
  return entries
    .map((e) => `${e.resolved}${e.resolved !== e.declared ? ` (declared "${e.declared}")` : ''}${e.problem ? ` — REFUSED: ${e.problem}` : ''}${e.note ? ` — ${e.note}` : ''}`)
    .join(', ');
}
