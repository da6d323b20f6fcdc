/**
 * Where the audit log's head is kept, and how it is compared with the log. The head (sequence
 * number and hash of the newest entry) is kept twice: a row in the database, written in the same
 * transaction as the entry, and the `audit.head` file beside the database, written before that
 * transaction commits. Truncating the log, deleting or restoring an older copy of the database or
 * of the head file, or adding rows without going through `append`, leaves the log and one of its
 * heads disagreeing, which `compareHeads` names. The row also holds the start-up check's
 * checkpoint: the newest entry whose chain was verified, so each start checks only what is new.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Db } from '../store/index.js';

export const HEAD_FILE = 'audit.head';

export interface Head {
  seq: number;
  hash: string;
}

export interface HeadRow extends Head {
  checkedSeq: number;
  checkedHash: string;
}

const HeadFileSchema = z.object({ seq: z.number().int().nonnegative(), hash: z.string().regex(/^[0-9a-f]{64}$/) });

/** The head table's migration: one row, seeded from the newest entry of a log that predates it. */
export const HEAD_MIGRATION = `CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL,
    checked_seq INTEGER NOT NULL DEFAULT 0, checked_hash TEXT NOT NULL DEFAULT ''
  );
  INSERT INTO audit_head(id, seq, hash) SELECT 1, seq, hash FROM audit ORDER BY seq DESC LIMIT 1;`;

export function readHeadRow(db: Db): HeadRow | undefined {
  const row = db.prepare('SELECT seq, hash, checked_seq AS checkedSeq, checked_hash AS checkedHash FROM audit_head WHERE id = 1').get() as HeadRow | undefined;
  return row;
}

export function writeHeadRow(db: Db, head: Head): void {
  db.prepare('INSERT INTO audit_head(id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash').run(head.seq, head.hash);
}

export function writeCheckpoint(db: Db, head: Head): void {
  db.prepare('UPDATE audit_head SET checked_seq = ?, checked_hash = ? WHERE id = 1').run(head.seq, head.hash);
}

export function headFilePath(profileDir: string): string {
  return path.join(profileDir, HEAD_FILE);
}

export function writeHeadFile(file: string, head: Head): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(head), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** The head file: missing, unreadable (named as a problem), or its contents. */
export function readHeadFile(file: string): { state: 'missing' } | { state: 'bad'; reason: string } | { state: 'ok'; head: Head } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    return { state: 'bad', reason: `the head file ${file} cannot be read (${(error as Error).message})` };
  }
  try {
    const parsed = HeadFileSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { state: 'ok', head: parsed.data };
  } catch {
    // Not JSON: reported below like any other malformed head.
  }
  return { state: 'bad', reason: `the head file ${file} is malformed (edited or damaged)` };
}

/** Why a recorded head (`where` says which) disagrees with the log's newest entry; undefined when it agrees. */
export function compareHead(where: string, head: Head | undefined, last: Head | undefined): { seq: number; reason: string } | undefined {
  if (!last && !head) return undefined;
  if (!head) return { seq: last!.seq, reason: `${where} is missing although the log has ${last!.seq} entries: entries may have been removed from the end and the head deleted` };
  if (!last) return head.seq === 0 ? undefined : { seq: head.seq, reason: `the log is empty but ${where} records ${head.seq} entries: every entry was removed` };
  if (head.seq > last.seq) return { seq: head.seq, reason: `entries ${last.seq + 1}–${head.seq} are missing: ${where} records more than the log holds (removed from the end)` };
  if (head.seq < last.seq) return { seq: last.seq, reason: `the log has entries ${head.seq + 1}–${last.seq} past ${where} (written outside AgentOS, or the head was rolled back)` };
  if (head.hash !== last.hash) return { seq: head.seq, reason: `the newest entry does not match ${where} (edited or replaced)` };
  return undefined;
}
