/**
 * Does a grant's scope cover a concrete target? Paths: inside a granted folder (after `~`, `$HOME`,
 * `$DATA` expansion); hosts: exact or `*.example.com`; programs: exact name or path. Kinds without
 * a scope (clipboard, llm, notifications…) are covered by any grant of that kind.
 */
import path from 'node:path';
import { SCOPED_KINDS, type PermissionKind } from '../contracts/index.js';
import { expandPath, isInside } from '../profile/index.js';

export function hostMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const p = pattern.toLowerCase();
  return p === '*' || p === h || (p.startsWith('*.') && (h === p.slice(2) || h.endsWith(p.slice(1))));
}

export function scopeCovers(kind: PermissionKind, scope: readonly string[], target: string | undefined, vars: { data?: string } = {}): boolean {
  if (!SCOPED_KINDS.has(kind) || target === undefined) return true;
  if (kind === 'fs.read' || kind === 'fs.write') {
    const t = expandPath(target, vars);
    return scope.some((s) => isInside(t, expandPath(s, vars)));
  }
  if (kind === 'net') {
    let host = target;
    try {
      host = new URL(target).hostname;
    } catch {
      // already a host name
    }
    return scope.some((s) => hostMatches(host, s));
  }
  return scope.some((s) => programCovered(s, target, vars));
}

/**
 * exec: a bare name (`gcc`) covers that name and an absolute path ending in it, except inside the
 * skill's own data folder (which the skill can write: it must not drop its own "gcc" there); a
 * folder pattern (`$DATA/**`, `/opt/tools/**`) covers programs under that folder; an absolute path
 * covers itself.
 */
export function programCovered(entry: string, target: string, vars: { data?: string }): boolean {
  // A bare target is looked up on PATH: only a name grant covers it, never a folder pattern.
  if (!target.includes('/')) return target === entry;
  const t = expandPath(target, vars);
  if (entry.endsWith('/**')) return isInside(t, expandPath(entry.slice(0, -3), vars));
  if (!entry.includes('/')) return path.basename(t) === entry && !(vars.data && isInside(t, expandPath(vars.data, vars)));
  return expandPath(entry, vars) === t;
}

/** Is permission `a`'s scope covered by some declared permission of the same kind (for "does an update widen?"). */
export function permissionCovered(kind: PermissionKind, scope: readonly string[], declared: readonly { kind: PermissionKind; scope: readonly string[] }[]): boolean {
  const same = declared.filter((d) => d.kind === kind);
  if (same.length === 0) return false;
  if (!SCOPED_KINDS.has(kind)) return true;
  return scope.every((item) => same.some((d) => d.scope.includes(item) || (item !== '*' && !item.includes('*') && scopeCovers(kind, d.scope, item))));
}
