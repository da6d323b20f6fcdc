/**
 * The tamper-evident audit log: installs, grants, privileged calls and denials, each entry
 * hash-chained to the one before it (SHA-256 over the previous hash and the entry's canonical
 * JSON). SQLite triggers refuse UPDATE and DELETE; the head (newest sequence number and hash) is
 * kept in the database and in a file beside it (head.ts), so removing entries from the end, or
 * the head, is caught too. `verify()` recomputes the whole chain and names every entry that was
 * edited, removed or inserted; `checkAtStart()` checks the heads and what was added since the
 * last start, and records what it finds in the log itself, so a later append cannot hide it.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../store/index.js';
import { ensureSchema } from '../store/index.js';
import { HEAD_MIGRATION, compareHead, headFilePath, readHeadFile, readHeadRow, writeCheckpoint, writeHeadFile, writeHeadRow, type Head } from './head.js';

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
  | 'skill.sign'
  | 'audit.tampered'
  | 'kernel.inspector-refused'
  | 'rule.create'
  | 'rule.fire'
  | 'rule.stop'
  | 'rule.pause'
  | 'rule.resume'
  | 'rule.delete'
  | 'rule.approve';

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
/** The start-up check moves its checkpoint after this many newly verified entries (a write, so not at every start). */
const CHECKPOINT_EVERY = 32;
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

  /** `profileDir` enables the head file, the second copy of the head that the database alone cannot roll back. */
  constructor(db: Db, profileDir?: string) {
    this.db = db;
    this.headFile = profileDir ? headFilePath(profileDir) : undefined;
    ensureSchema(db, 'audit', [
      `CREATE TABLE audit (
         seq INTEGER PRIMARY KEY, at TEXT NOT NULL, action TEXT NOT NULL, skill TEXT,
         detail TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL
       );
       CREATE INDEX audit_skill ON audit(skill);
       CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
       CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;`,
      HEAD_MIGRATION,
    ]);
  }

  private readonly listeners = new Set<(entry: AuditEntry) => void>();

  /** Called after each entry is written (the operational log mirrors sandbox kills, denials and rule firings). */
  onAppend(listener: (entry: AuditEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  append(action: AuditAction, skill: string | null, detail: Record<string, unknown> = {}, at = new Date()): AuditEntry {
    const entry = this.write(action, skill, detail, at);
    for (const listener of this.listeners) {
      try {
        listener(entry);
      } catch {
        /* a listener's failure never undoes or blocks the audit entry */
      }
    }
    return entry;
  }

  private write(action: AuditAction, skill: string | null, detail: Record<string, unknown>, at: Date): AuditEntry {
    const write = this.db.transaction(() => {
      const last = this.last();
      const entry = { seq: (last?.seq ?? 0) + 1, at: at.toISOString(), action, skill, detail: clampDetail(detail), prev: last?.hash ?? GENESIS };
      const hash = entryHash(entry.prev, entry);
      this.db.prepare('INSERT INTO audit(seq, at, action, skill, detail, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(entry.seq, entry.at, action, skill, JSON.stringify(entry.detail), entry.prev, hash);
      writeHeadRow(this.db, { seq: entry.seq, hash });
      // Written while this transaction holds the write lock: a check that takes the lock never sees the file and the row disagree.
      if (this.headFile) writeHeadFile(this.headFile, { seq: entry.seq, hash });
      return { ...entry, hash };
    });
    return write();
  }

  list(options: { skill?: string; action?: string; limit?: number; sinceSeq?: number } = {}): AuditEntry[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM audit WHERE (? IS NULL OR skill = ?) AND (? IS NULL OR action LIKE ?) AND seq > ? ORDER BY seq DESC LIMIT ?`,
      )
      .all(options.skill ?? null, options.skill ?? null, options.action ?? null, options.action ? `${options.action}%` : null, options.sinceSeq ?? 0, options.limit ?? 100) as Row[];
    return rows.reverse().map(toEntry);
  }

  /** Recomputes the whole chain and compares both heads with it; tampering found at an earlier start stays reported. */
  verify(): AuditVerify {
    const rows = this.db.prepare('SELECT * FROM audit ORDER BY seq').iterate() as Iterable<Row>;
    const { problems, count } = checkChain(rows, GENESIS, 1);
    problems.push(...this.headProblems());
    // Tampering found at an earlier start was recorded in the log; it stays a problem.
    for (const r of this.db.prepare("SELECT seq, detail FROM audit WHERE action = 'audit.tampered' ORDER BY seq").all() as { seq: number; detail: string }[]) {
      problems.push({ seq: r.seq, reason: `tampering was found at a start and recorded here: ${recordedFindings(r.detail)}` });
    }
    return { ok: problems.length === 0, entries: count, problems };
  }

  /**
   * The start-up check: both heads against the newest entry, and the chain of the entries added
   * since the checkpoint (an entry older than that is checked by `verify`). What it finds is
   * appended to the log as an `audit.tampered` entry, so that the next append, which moves the
   * heads, cannot erase the evidence; `verify` reports that entry from then on. Returns the problems
   * found now (empty when none).
   */
  checkAtStart(): AuditProblem[] {
    let found = this.checkSinceCheckpoint();
    if (found.problems.length === 0) {
      if (found.last && found.last.seq - found.checked >= CHECKPOINT_EVERY) writeCheckpoint(this.db, found.last);
      return [];
    }
    // Another process may have been between its insert and its head write: look again holding the write lock.
    this.db
      .transaction(() => {
        found = this.checkSinceCheckpoint();
        if (found.problems.length === 0) return;
        const record = this.append('audit.tampered', null, { found: found.problems.slice(0, 20).map((p) => `entry ${p.seq}: ${p.reason}`) });
        writeCheckpoint(this.db, record);
      })
      .immediate();
    return found.problems;
  }

  private checkSinceCheckpoint(): { problems: AuditProblem[]; last: Head | undefined; checked: number } {
    const problems = this.headProblems();
    const row = readHeadRow(this.db);
    let checked = row?.checkedSeq ?? 0;
    let prev = GENESIS;
    if (row && checked > 0) {
      const at = this.db.prepare('SELECT hash FROM audit WHERE seq = ?').get(checked) as { hash: string } | undefined;
      if (at?.hash === row.checkedHash) prev = row.checkedHash;
      else {
        problems.push({ seq: checked, reason: 'the entry checked at an earlier start is missing or changed (removed or edited)' });
        checked = 0;
      }
    }
    const rows = this.db.prepare('SELECT * FROM audit WHERE seq > ? ORDER BY seq').iterate(checked) as Iterable<Row>;
    problems.push(...checkChain(rows, prev, checked + 1).problems);
    return { problems, last: this.last(), checked };
  }

  /** Where each recorded head disagrees with the newest entry. */
  private headProblems(): AuditProblem[] {
    const problems: AuditProblem[] = [];
    const last = this.last();
    const row = readHeadRow(this.db);
    const inDb = compareHead('the head recorded in the database', row, last);
    if (inDb) problems.push(inDb);
    if (this.headFile) {
      const file = readHeadFile(this.headFile);
      if (file.state === 'bad') problems.push({ seq: last?.seq ?? 0, reason: file.reason });
      else {
        const inFile = compareHead(`the head file ${this.headFile}`, file.state === 'ok' ? file.head : undefined, last);
        if (inFile) problems.push(inFile);
      }
    }
    return problems;
  }

  private last(): Head | undefined {
    return this.db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as Head | undefined;
  }
}

/** Checks links, sequence numbers and hashes of `rows` (in order), starting after `prev`. */
function checkChain(rows: Iterable<Row>, prev: string, expectedSeq: number): { problems: AuditProblem[]; count: number } {
  const problems: AuditProblem[] = [];
  let count = 0;
  for (const row of rows) {
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
  return { problems, count };
}

function recordedFindings(detail: string): string {
  try {
    const found = (JSON.parse(detail) as { found?: unknown }).found;
    return Array.isArray(found) ? found.map(String).join('; ') : 'details unreadable';
  } catch {
    return 'details unreadable';
  }
}

function toEntry(row: Row): AuditEntry {
  return { seq: row.seq, at: row.at, action: row.action as AuditAction, skill: row.skill, detail: JSON.parse(row.detail) as Record<string, unknown>, prev: row.prev, hash: row.hash };
}
