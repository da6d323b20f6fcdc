/**
 * Permission grants: which skill may use which permission, with which scope, for how long.
 * Nothing undeclared is ever granted: a grant must match a permission in the skill's manifest.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Db } from '../store/index.js';
import { ensureSchema } from '../store/index.js';
import type { GrantView, Permission, PermissionKind } from '../contracts/index.js';
import { permissionCovered, scopeCovers } from './match.js';
import { protectedFolders, resolveScope, ScopeError, type ScopeVars } from './scope.js';

export type GrantDuration = GrantView['duration'];

/** A grant with its state, for `agentos grants` and the app's grants view. */
export interface GrantRecord extends GrantView {
  state: 'active' | 'expired' | 'used' | 'revoked' | 'ended';
  uses: number;
  revokedAt?: string;
}

interface GrantRow {
  id: string;
  skill: string;
  kind: string;
  scope: string;
  duration: GrantDuration;
  expires_at: string | null;
  granted_at: string;
  session: string | null;
  used: number;
  revoked_at: string | null;
}

function toView(r: GrantRow): GrantView {
  return {
    id: r.id,
    skill: r.skill,
    permission: { kind: r.kind as PermissionKind, scope: JSON.parse(r.scope) as string[] },
    duration: r.duration,
    grantedAt: r.granted_at,
    ...(r.expires_at ? { expiresAt: r.expires_at } : {}),
  };
}

export interface GrantStoreOptions {
  /** The profile folder (default: the database's folder): no grant reaches into it, except a skill's own data folder. */
  profileDir?: string;
  /** Skill folders outside the profile (the built-in skills' folder): no grant reaches them either. */
  skillDirs?: readonly string[];
}

export class GrantStore {
  private readonly db: Db;
  /** Identifies this kernel run: `session` grants end with it. */
  readonly session = randomUUID();
  /** The profile and skill folders no grant reaches (empty when the database is in memory and no profile was given). */
  readonly protected: readonly string[];
  private readonly profileDir: string | undefined;

  constructor(db: Db, options: GrantStoreOptions = {}) {
    this.db = db;
    const dbFile = db.name && db.name !== ':memory:' && path.isAbsolute(db.name) ? db.name : undefined;
    this.profileDir = options.profileDir ?? (dbFile ? path.dirname(dbFile) : undefined);
    this.protected = protectedFolders(this.profileDir, options.skillDirs);
    ensureSchema(db, 'grants', [
      `CREATE TABLE grants (
         id TEXT PRIMARY KEY, skill TEXT NOT NULL, kind TEXT NOT NULL, scope TEXT NOT NULL,
         duration TEXT NOT NULL CHECK (duration IN ('once', 'session', 'until', 'always')),
         expires_at TEXT, granted_at TEXT NOT NULL, session TEXT, used INTEGER NOT NULL DEFAULT 0,
         revoked_at TEXT
       );
       CREATE INDEX grants_skill ON grants(skill);`,
    ]);
  }

  /** Path variables and the protected area for one skill, as every check of its grants uses them. */
  varsFor(skill: string, extra: ScopeVars = {}): ScopeVars {
    // without a profile (a database in memory) `$DATA` stands for itself, so scopes still compare
    return { data: this.profileDir ? path.join(this.profileDir, 'data', skill) : path.join('/', '$DATA', skill), excluded: this.protected, ...extra };
  }

  /**
   * Records a grant. A path scope that cannot be resolved or that lies wholly in the profile or a
   * skill folder is refused (ScopeError): it would grant nothing the skill may use, and showing it
   * as granted would mislead.
   */
  grant(skill: string, permission: Permission, duration: GrantDuration = 'always', expiresAt?: Date): GrantView {
    if (duration === 'until' && !expiresAt) throw new Error('a grant "until" needs an expiry date');
    const refused = resolveScope(permission.kind, permission.scope, this.varsFor(skill)).filter((e) => e.problem);
    if (refused.length > 0) throw new ScopeError(`Refused to grant ${permission.kind} to ${skill}: ${refused.map((e) => e.problem).join('; ')}`);
    const id = randomUUID();
    const grantedAt = new Date().toISOString();
    this.db
      .prepare('INSERT INTO grants(id, skill, kind, scope, duration, expires_at, granted_at, session) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, skill, permission.kind, JSON.stringify(permission.scope), duration, expiresAt?.toISOString() ?? null, grantedAt, duration === 'session' ? this.session : null);
    return { id, skill, permission, duration, grantedAt, ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) };
  }

  /** Grants every permission the manifest declares, exactly as declared (used for built-ins and `--yes`). */
  grantDeclared(skill: string, permissions: readonly Permission[], duration: GrantDuration = 'always'): GrantView[] {
    return this.db.transaction(() => permissions.map((p) => this.grant(skill, p, duration)))();
  }

  /**
   * Grants each declared permission that this skill never had a grant for (same kind and scope, in
   * any state): a built-in's first start grants all, an update that declares a new permission grants
   * that one, and a permission the user revoked stays revoked.
   */
  grantNewlyDeclared(skill: string, permissions: readonly Permission[]): GrantView[] {
    const seen = this.db.prepare('SELECT 1 FROM grants WHERE skill = ? AND kind = ? AND scope = ? LIMIT 1');
    return this.db.transaction(() => permissions.filter((p) => !seen.get(skill, p.kind, JSON.stringify(p.scope))).map((p) => this.grant(skill, p)))();
  }

  hasAnyGrant(skill: string): boolean {
    return !!this.db.prepare('SELECT 1 FROM grants WHERE skill = ? LIMIT 1').get(skill);
  }

  /** Active grants of a skill, optionally of one kind. Expired, used-up and other sessions' grants are left out. */
  active(skill?: string, kind?: PermissionKind, now = new Date()): GrantView[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM grants WHERE revoked_at IS NULL AND (? IS NULL OR skill = ?) AND (? IS NULL OR kind = ?)`,
      )
      .all(skill ?? null, skill ?? null, kind ?? null, kind ?? null) as GrantRow[];
    return rows.filter((r) => this.stateOf(r, now) === 'active').map(toView);
  }

  /** The granted scope of one permission kind for a skill (union of active grants), or undefined when not granted. */
  scope(skill: string, kind: PermissionKind): string[] | undefined {
    const grants = this.active(skill, kind);
    if (grants.length === 0) return undefined;
    return [...new Set(grants.flatMap((g) => g.permission.scope))];
  }

  /** Every grant, newest first, with its state (active, expired, used up, revoked, session ended). */
  list(options: { skill?: string; all?: boolean } = {}, now = new Date()): GrantRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM grants WHERE (? IS NULL OR skill = ?) ORDER BY granted_at DESC, rowid DESC')
      .all(options.skill ?? null, options.skill ?? null) as GrantRow[];
    const out = rows.map((r): GrantRecord => ({ ...toView(r), state: this.stateOf(r, now), uses: r.used, ...(r.revoked_at ? { revokedAt: r.revoked_at } : {}) }));
    return options.all ? out : out.filter((g) => g.state === 'active');
  }

  /** A grant's state now: revoked, expired (`until` past its time), used (`once` spent), ended (another run's `session`), or active. */
  private stateOf(r: GrantRow, now: Date): GrantRecord['state'] {
    if (r.revoked_at) return 'revoked';
    if (r.duration === 'until' && (!r.expires_at || new Date(r.expires_at) <= now)) return 'expired';
    if (r.duration === 'once' && r.used > 0) return 'used';
    if (r.duration === 'session' && r.session !== this.session) return 'ended';
    return 'active';
  }

  /**
   * Records one use of a permission for a concrete target (path, host, program): finds the active
   * grant that covers it, counts the use (a `once` grant is spent by it) and returns it, or
   * undefined when no active grant covers the target.
   */
  use(skill: string, kind: PermissionKind, target?: string, vars: ScopeVars = {}, detail: Parameters<typeof scopeCovers>[4] = {}): GrantView | undefined {
    const all = { ...this.varsFor(skill), ...vars, excluded: [...this.protected, ...(vars.excluded ?? [])] };
    const grant = this.active(skill, kind).find((g) => scopeCovers(kind, g.permission.scope, target, all, detail));
    if (grant) this.markUsed(grant.id);
    return grant;
  }

  /** After an update: revokes grants whose permission the new manifest no longer declares. */
  revokeUndeclared(skill: string, declared: readonly Permission[]): number {
    let n = 0;
    for (const g of this.active(skill)) {
      if (!permissionCovered(g.permission.kind, g.permission.scope, declared) && this.revoke(g.id)) n++;
    }
    return n;
  }

  markUsed(grantId: string): void {
    this.db.prepare('UPDATE grants SET used = used + 1 WHERE id = ?').run(grantId);
  }

  revoke(id: string): boolean {
    return this.db.prepare('UPDATE grants SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(new Date().toISOString(), id).changes > 0;
  }

  revokeSkill(skill: string): number {
    return this.db.prepare('UPDATE grants SET revoked_at = ? WHERE skill = ? AND revoked_at IS NULL').run(new Date().toISOString(), skill).changes;
  }
}
