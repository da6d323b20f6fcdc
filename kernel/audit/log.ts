/**
 * The tamper-evident audit log: installs, grants, privileged calls and denials, each entry
 * hash-chained to the one before it (SHA-256 over the previous hash and the entry's canonical
 * JSON). SQLite triggers refuse UPDATE and DELETE; a head file beside the database records the last
 * sequence number and hash, so removing entries from the end is caught too. `verify()` recomputes
 * the chain and names the first entry that was edited, removed or inserted.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/index.js';
import { ensureSchema } from '../store/index.js';

export type AuditAction =
  | 'skill.install'
  | 'skill.update'
  | 'skill.remove'
  | 'skill.rollback'
  | 'skill.refused'
  | 'scan.blocked'
  | 'grant.add'
  | 'grant.revoke'
  | 'grant.use'
  | 'call.privileged'
  | 'call.denied'
  | 'sandbox.violation'
  | 'sandbox.killed'
  | 'untrusted.confirm'
  | 'keys.new'
  | 'skill.sign';

export interface AuditEntry {
  seq: number;
  at: string;
  action: AuditAction;
  skill: string | null;
  detail: Record<string, unknown>;
  prev: string;
  hash: string;
}

export interface AuditProblem {
  seq: number;
  reason: string;
}

export interface AuditVerify {
  ok: boolean;
  entries: number;
  problems: AuditProblem[];
}

const GENESIS = '0'.repeat(64);
const MAX_DETAIL_CHARS = 4000;
/** Control characters (except tab and newline) become '?' so entries print safely in a terminal. */
const clean = (s: string) => [...s].map((c) => { const n = c.charCodeAt(0); return (n < 32 && n !== 9 && n !== 10) || n === 127 ? '?' : c; }).join('');

/** Stable JSON: keys sorted, so the hash does not depend on insertion order. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
    .join(',')}}`;
}

export function entryHash(prev: string, e: Pick<AuditEntry, 'seq' | 'at' | 'action' | 'skill' | 'detail'>): string {
  return createHash('sha256').update(prev).update('\n').update(canonical({ seq: e.seq, at: e.at, action: e.action, skill: e.skill, detail: e.detail })).digest('hex');
}

/** Keeps details small and free of control characters (they come partly from skills). */
function clampDetail(detail: Record<string, unknown>): Record<string, unknown> {
  const text = JSON.stringify(detail, (_k, v: unknown) => (typeof v === 'string' ? clean(v.slice(0, 1000)) : v));
  if (text.length <= MAX_DETAIL_CHARS) return JSON.parse(text) as Record<string, unknown>;
  return { truncated: text.slice(0, MAX_DETAIL_CHARS) };
}

interface Row {
  seq: number;
  at: string;
  action: string;
  skill: string | null;
  detail: string;
  prev: string;
  hash: string;
}

export class AuditLog {
  private readonly db: Db;
  private readonly headFile: string | undefined;

  /** `profileDir` enables the head file that catches removal of the newest entries. */
  constructor(db: Db, profileDir?: string) {
    this.db = db;
    this.headFile = profileDir ? path.join(profileDir, 'audit.head') : undefined;
    ensureSchema(db, 'audit', [
      `CREATE TABLE audit (
         seq INTEGER PRIMARY KEY, at TEXT NOT NULL, action TEXT NOT NULL, skill TEXT,
         detail TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL
       );
       CREATE INDEX audit_skill ON audit(skill);
       CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
       CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;`,
    ]);
  }

  append(action: AuditAction, skill: string | null, detail: Record<string, unknown> = {}, at = new Date()): AuditEntry {
    const write = this.db.transaction(() => {
      const last = this.db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
      const entry = { seq: (last?.seq ?? 0) + 1, at: at.toISOString(), action, skill, detail: clampDetail(detail), prev: last?.hash ?? GENESIS };
      const hash = entryHash(entry.prev, entry);
      this.db.prepare('INSERT INTO audit(seq, at, action, skill, detail, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(entry.seq, entry.at, action, skill, JSON.stringify(entry.detail), entry.prev, hash);
      return { ...entry, hash };
    });
    const entry = write();
    if (this.headFile) {
      // Written after the commit: a crash in between leaves the head one entry behind, which verify reports as a warning-free state (head ≤ last).
      const tmp = `${this.headFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ seq: entry.seq, hash: entry.hash }), { mode: 0o600 });
      fs.renameSync(tmp, this.headFile);
    }
    return entry;
  }

  list(options: { skill?: string; action?: string; limit?: number; sinceSeq?: number } = {}): AuditEntry[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM audit WHERE (? IS NULL OR skill = ?) AND (? IS NULL OR action LIKE ?) AND seq > ? ORDER BY seq DESC LIMIT ?`,
      )
      .all(options.skill ?? null, options.skill ?? null, options.action ?? null, options.action ? `${options.action}%` : null, options.sinceSeq ?? 0, options.limit ?? 100) as Row[];
    return rows.reverse().map(toEntry);
  }

  /** Recomputes the whole chain. */
  verify(): AuditVerify {
    const problems: AuditProblem[] = [];
    let prev = GENESIS;
    let expectedSeq = 1;
    let count = 0;
    for (const row of this.db.prepare('SELECT * FROM audit ORDER BY seq').iterate() as Iterable<Row>) {
      count++;
      let entry: AuditEntry;
      try {
        entry = toEntry(row);
      } catch {
        problems.push({ seq: row.seq, reason: 'its detail is not valid JSON (edited)' });
        prev = row.hash;
        expectedSeq = row.seq + 1;
        continue;
      }
      if (row.seq !== expectedSeq) problems.push({ seq: row.seq, reason: `entries ${expectedSeq}–${row.seq - 1} are missing (removed)` });
      if (row.prev !== prev) problems.push({ seq: row.seq, reason: 'it does not link to the entry before it (an entry was removed, inserted or edited)' });
      if (entryHash(row.prev, entry) !== row.hash) problems.push({ seq: row.seq, reason: 'its content does not match its hash (edited)' });
      prev = row.hash;
      expectedSeq = row.seq + 1;
    }
    if (this.headFile && fs.existsSync(this.headFile)) {
      try {
        const head = JSON.parse(fs.readFileSync(this.headFile, 'utf8')) as { seq: number; hash: string };
        const at = this.db.prepare('SELECT hash FROM audit WHERE seq = ?').get(head.seq) as { hash: string } | undefined;
        if (!at) problems.push({ seq: head.seq, reason: `the newest entries up to ${head.seq} are missing (removed from the end)` });
        else if (at.hash !== head.hash) problems.push({ seq: head.seq, reason: 'the newest entry does not match the recorded head (edited or replaced)' });
      } catch {
        problems.push({ seq: 0, reason: `the head file ${this.headFile} is unreadable` });
      }
    }
    return { ok: problems.length === 0, entries: count, problems };
  }
}

function toEntry(row: Row): AuditEntry {
  return { seq: row.seq, at: row.at, action: row.action as AuditAction, skill: row.skill, detail: JSON.parse(row.detail) as Record<string, unknown>, prev: row.prev, hash: row.hash };
}
