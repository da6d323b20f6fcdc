/**
 * Permission grants: which skill may use which permission, with which scope, for how long.
 * Nothing undeclared is ever granted: a grant must match a permission in the skill's manifest.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/index.js';
import { ensureSchema } from '../store/index.js';
import type { GrantView, Permission, PermissionKind } from '../contracts/index.js';
import { permissionCovered, scopeCovers } from './match.js';

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

export class GrantStore {
  private readonly db: Db;
  /** Identifies this kernel run: `session` grants end with it. */
  readonly session = randomUUID();

  constructor(db: Db) {
    this.db = db;
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

  grant(skill: string, permission: Permission, duration: GrantDuration = 'always', expiresAt?: Date): GrantView {
    if (duration === 'until' && !expiresAt) throw new Error('a grant "until" needs an expiry date');
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
  use(skill: string, kind: PermissionKind, target?: string, vars: { data?: string } = {}): GrantView | undefined {
    const grant = this.active(skill, kind).find((g) => scopeCovers(kind, g.permission.scope, target, vars));
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
