/**
 * Rules and their runs in the profile database. Every change bumps a version, so long-running
 * hosts see rules another process (a CLI request) added, paused or removed. A schedule's
 * `checked_at` is the time up to which it has been evaluated: a host claims a fire time by moving
 * it (compare-and-set), so two hosts running at once never fire the same time twice.
 */
import type { Db } from '../store/index.js';
import { ensureSchema } from '../store/index.js';
import { RuleDraftSchema, type Rule, type RuleDraft, type RuleRun, type RuleState } from '../contracts/index.js';

interface RuleRow {
  id: number;
  draft: string;
  state: RuleState;
  reason: string | null;
  created_at: string;
  updated_at: string;
  checked_at: string;
  last_run_at: string | null;
  runs: number;
}

interface RunRow {
  id: number;
  rule_id: number;
  at: string;
  cause: string;
  status: RuleRun['status'];
  detail: string;
  request_ids: string;
}

export type StoredRule = Omit<Rule, 'nextRunAt'> & { checkedAt: string };

const toRule = (r: RuleRow): StoredRule => ({
  ...RuleDraftSchema.parse(JSON.parse(r.draft)),
  id: r.id,
  state: r.state,
  ...(r.reason ? { reason: r.reason } : {}),
  createdAt: r.created_at,
  ...(r.last_run_at ? { lastRunAt: r.last_run_at } : {}),
  runs: r.runs,
  checkedAt: r.checked_at,
});

const toRun = (r: RunRow): RuleRun => ({ id: r.id, ruleId: r.rule_id, at: r.at, cause: r.cause, status: r.status, detail: r.detail, requestIds: JSON.parse(r.request_ids) as string[] });

export class RuleStore {
  constructor(private readonly db: Db) {
    ensureSchema(db, 'rules', [
      `CREATE TABLE rules (
         id INTEGER PRIMARY KEY AUTOINCREMENT, draft TEXT NOT NULL,
         state TEXT NOT NULL CHECK (state IN ('active', 'paused', 'stopped', 'awaiting_approval')), reason TEXT,
         created_at TEXT NOT NULL, updated_at TEXT NOT NULL, checked_at TEXT NOT NULL, last_run_at TEXT,
         runs INTEGER NOT NULL DEFAULT 0
       );
       CREATE TABLE rule_runs (
         id INTEGER PRIMARY KEY AUTOINCREMENT, rule_id INTEGER NOT NULL, at TEXT NOT NULL, cause TEXT NOT NULL,
         status TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'waiting', 'skipped', 'stopped', 'missed')),
         detail TEXT NOT NULL, request_ids TEXT NOT NULL
       );
       CREATE INDEX rule_runs_rule ON rule_runs(rule_id, at);
       CREATE TABLE rules_version (one INTEGER PRIMARY KEY CHECK (one = 1), version INTEGER NOT NULL);
       INSERT INTO rules_version(one, version) VALUES (1, 0);`,
    ]);
  }

  /** Changes with every add, state change and removal (not with runs). */
  version(): number {
    return (this.db.prepare('SELECT version FROM rules_version').get() as { version: number }).version;
  }

  private bump(): void {
    this.db.prepare('UPDATE rules_version SET version = version + 1').run();
  }

  add(draft: RuleDraft, state: RuleState, now: Date): StoredRule {
    const at = now.toISOString();
    const id = this.db.transaction(() => {
      const info = this.db.prepare('INSERT INTO rules(draft, state, created_at, updated_at, checked_at) VALUES (?, ?, ?, ?, ?)').run(JSON.stringify(draft), state, at, at, at);
      this.bump();
      return Number(info.lastInsertRowid);
    })();
    return this.get(id)!;
  }

  get(id: number): StoredRule | undefined {
    const row = this.db.prepare('SELECT * FROM rules WHERE id = ?').get(id) as RuleRow | undefined;
    return row ? toRule(row) : undefined;
  }

  list(): StoredRule[] {
    return (this.db.prepare('SELECT * FROM rules ORDER BY id').all() as RuleRow[]).map(toRule);
  }

  /** Sets the state (and why); `checkedFrom` restarts a schedule's evaluation there (a resume does not fire what passed while paused). */
  setState(id: number, state: RuleState, reason: string | undefined, now: Date, checkedFrom?: Date): boolean {
    return this.db.transaction(() => {
      const changed = this.db
        .prepare('UPDATE rules SET state = ?, reason = ?, updated_at = ?, checked_at = coalesce(?, checked_at) WHERE id = ?')
        .run(state, reason ?? null, now.toISOString(), checkedFrom?.toISOString() ?? null, id).changes;
      if (changed) this.bump();
      return changed > 0;
    })();
  }

  /** Replaces the grants snapshot (a resume confirms the rule with the permissions it has now). */
  setGrants(id: number, grants: RuleDraft['grants']): void {
    const rule = this.get(id);
    if (!rule) return;
    const draft: RuleDraft = { source: rule.source, name: rule.name, trigger: rule.trigger, actions: rule.actions, grants, origin: rule.origin };
    this.db.prepare('UPDATE rules SET draft = ? WHERE id = ?').run(JSON.stringify(draft), id);
  }

  remove(id: number): boolean {
    return this.db.transaction(() => {
      const changed = this.db.prepare('DELETE FROM rules WHERE id = ?').run(id).changes;
      if (changed) this.bump();
      return changed > 0;
    })();
  }

  /** Moves a schedule's evaluation from `from` to `to`; false when another host moved it first. */
  claim(id: number, from: string, to: Date): boolean {
    return this.db.prepare('UPDATE rules SET checked_at = ? WHERE id = ? AND checked_at = ?').run(to.toISOString(), id, from).changes > 0;
  }

  recordRun(run: Omit<RuleRun, 'id'>): RuleRun {
    const info = this.db
      .prepare('INSERT INTO rule_runs(rule_id, at, cause, status, detail, request_ids) VALUES (?, ?, ?, ?, ?, ?)')
      .run(run.ruleId, run.at, run.cause.slice(0, 500), run.status, run.detail.slice(0, 4000), JSON.stringify(run.requestIds));
    if (run.status !== 'skipped' && run.status !== 'missed') this.db.prepare('UPDATE rules SET last_run_at = ?, runs = runs + 1 WHERE id = ?').run(run.at, run.ruleId);
    return { ...run, id: Number(info.lastInsertRowid) };
  }

  runs(ruleId: number, limit = 20): RuleRun[] {
    return (this.db.prepare('SELECT * FROM rule_runs WHERE rule_id = ? ORDER BY id DESC LIMIT ?').all(ruleId, limit) as RunRow[]).map(toRun);
  }

  /** Runs that did something (or waited on the user) since `since`: what the rate limit counts. */
  countRunsSince(ruleId: number, since: Date): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM rule_runs WHERE rule_id = ? AND at >= ? AND status IN ('ok', 'failed', 'waiting')`).get(ruleId, since.toISOString()) as { n: number }).n;
  }

  lastRun(ruleId: number): RuleRun | undefined {
    const row = this.db.prepare('SELECT * FROM rule_runs WHERE rule_id = ? ORDER BY id DESC LIMIT 1').get(ruleId) as RunRow | undefined;
    return row ? toRun(row) : undefined;
  }
}
