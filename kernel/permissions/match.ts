/**
 * Does a grant's scope cover a concrete target? Paths: the target's real path (links followed)
 * inside a granted folder's real path, and never in the protected area (the profile and the skill
 * folders, except the skill's own data folder); hosts: exact or `*.example.com`; programs: the
 * program and its arguments against `PROGRAM [ARGUMENT-PATTERN…]` (exec-pattern.ts). Kinds
 * without a scope (clipboard, llm, notifications…) are covered by any grant of that kind.
 */
import { SCOPED_KINDS, type PermissionKind } from '../contracts/index.js';
import { checkExecEntry, programCovered, type ExecCall } from './exec-pattern.js';
import { expandScopePath, expandTarget, isProtected, realpathLoose, within, type ScopeVars } from './scope.js';

export { programCovered };

export function hostMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const p = pattern.toLowerCase();
  return p === '*' || p === h || (p.startsWith('*.') && (h === p.slice(2) || h.endsWith(p.slice(1))));
}

/** Is the path `target` (as a skill names it: `$DATA/x`, `~/y`, `/abs`) inside one of the folders of `scope`? */
export function pathCovered(scope: readonly string[], target: string, vars: ScopeVars = {}): boolean {
  let real: string;
  try {
    real = realpathLoose(expandTarget(target, vars));
  } catch {
    return false;
  }
  if (isProtected(real, vars)) return false;
  return scope.some((s) => {
    try {
      return within(real, realpathLoose(expandScopePath(s, vars)));
    } catch {
      return false;
    }
  });
}

/**
 * `detail` carries what the target alone does not say: for exec, the arguments and working folder
 * (without them only the program is checked, as for `which`).
 */
export function scopeCovers(kind: PermissionKind, scope: readonly string[], target: string | undefined, vars: ScopeVars = {}, detail: Omit<ExecCall, 'program'> = {}): boolean {
  if (!SCOPED_KINDS.has(kind) || target === undefined) return true;
  if (kind === 'fs.read' || kind === 'fs.write') return pathCovered(scope, target, vars);
  if (kind === 'net') {
    let host = target;
    try {
      host = new URL(target).hostname;
    } catch {
      // already a host name
    }
    return scope.some((s) => hostMatches(host, s));
  }
  return scope.some((s) => checkExecEntry(s, { program: target, ...detail }, vars).ok);
}

/** Is permission `a`'s scope covered by some declared permission of the same kind (for "does an update widen?"). */
export function permissionCovered(kind: PermissionKind, scope: readonly string[], declared: readonly { kind: PermissionKind; scope: readonly string[] }[]): boolean {
  const same = declared.filter((d) => d.kind === kind);
  if (same.length === 0) return false;
  if (!SCOPED_KINDS.has(kind)) return true;
  // exec entries with patterns, and anything with a wildcard, are covered only by the same entry
  // `$DATA` is the same folder on both sides: a placeholder stands for it
  const vars = { data: '/$DATA' };
  return scope.every((item) => same.some((d) => d.scope.includes(item) || (kind !== 'exec' && item !== '*' && !item.includes('*') && scopeCovers(kind, d.scope, item, vars))));
}
