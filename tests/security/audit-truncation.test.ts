/**
 * Class 7: an audit log cut short must not verify. Each test tampers the way an attacker with the
 * profile's files would — dropping the guard triggers, deleting the tail, deleting or rolling back
 * the head file, restoring an older copy of the database, adding rows with a valid chain outside
 * AgentOS, emptying the head table — and checks that `verify()` fails, that opening a kernel
 * reports it (the CLI prints it; the kernel still serves) and that the finding survives the
 * appends that follow.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog, HEAD_FILE, entryHash } from '../../kernel/audit/index.js';
import { Kernel } from '../../kernel/index.js';
import { openDatabase } from '../../kernel/store/index.js';
import { main } from '../../hosts/cli/main.js';
import { tempDir } from './helpers.js';

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const o of opened.splice(0)) o.close();
});

/** A profile folder whose log holds `n` entries, closed again. */
function profileWith(n: number): string {
  const dir = tempDir('agentos-audit-');
  const db = openDatabase(dir);
  const log = new AuditLog(db, dir);
  for (let i = 0; i < n; i++) log.append('call.privileged', 'demo', { i });
  db.close();
  return dir;
}

/** What an attacker with the database file can do: drop the guard triggers and run any SQL. */
function tamper(dir: string, sql: string, ...params: unknown[]): void {
  const raw = new Database(path.join(dir, 'agentos.db'));
  raw.exec('DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;');
  if (params.length) raw.prepare(sql).run(...params);
  else raw.exec(sql);
  raw.close();
}

function verify(dir: string) {
  const db = openDatabase(dir);
  opened.push(db);
  return new AuditLog(db, dir).verify();
}

const reasons = (r: { problems: { reason: string }[] }) => r.problems.map((p) => p.reason).join(' | ');

describe('a truncated or rolled-back audit log does not verify', () => {
  it('an untouched log verifies, also after reopening', () => {
    const dir = profileWith(6);
    expect(verify(dir)).toEqual({ ok: true, entries: 6, problems: [] });
  });

  it('the tail and the head file deleted (the red team’s attack)', () => {
    const dir = profileWith(6);
    tamper(dir, 'DELETE FROM audit WHERE seq > 3');
    fs.rmSync(path.join(dir, HEAD_FILE));
    const r = verify(dir);
    expect(r.ok).toBe(false);
    expect(reasons(r)).toMatch(/entries 4–6 are missing/);
    expect(reasons(r)).toMatch(/head file .* is missing/);
  });

  it('the tail, the head file and the database head all removed consistently: the missing file still fails', () => {
    const dir = profileWith(6);
    tamper(dir, 'DELETE FROM audit WHERE seq > 3; UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit WHERE seq = 3)');
    fs.rmSync(path.join(dir, HEAD_FILE));
    expect(verify(dir)).toMatchObject({ ok: false });
  });

  it('a non-empty log without its head in the database', () => {
    const dir = profileWith(3);
    tamper(dir, 'DELETE FROM audit_head');
    expect(reasons(verify(dir))).toMatch(/head recorded in the database is missing/);
  });

  it('the head file alone deleted, or edited to say less', () => {
    const a = profileWith(4);
    fs.rmSync(path.join(a, HEAD_FILE));
    expect(verify(a).ok).toBe(false);
    const b = profileWith(4);
    fs.writeFileSync(path.join(b, HEAD_FILE), 'not json');
    expect(reasons(verify(b))).toMatch(/malformed/);
  });

  it('a head behind the log: entries with a valid chain added outside AgentOS', () => {
    const dir = profileWith(3);
    const raw = new Database(path.join(dir, 'agentos.db'));
    const last = raw.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
    const forged = { seq: last.seq + 1, at: new Date().toISOString(), action: 'grant.add' as const, skill: 'demo', detail: { forged: true } };
    raw.prepare('INSERT INTO audit(seq, at, action, skill, detail, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(forged.seq, forged.at, forged.action, forged.skill, JSON.stringify(forged.detail), last.hash, entryHash(last.hash, forged));
    raw.close();
    expect(reasons(verify(dir))).toMatch(/entries 4–4 past the head/);
  });

  it('the newest entry replaced by another with a valid chain', () => {
    const dir = profileWith(3);
    const raw = new Database(path.join(dir, 'agentos.db'));
    raw.exec('DROP TRIGGER audit_no_delete');
    const prev = (raw.prepare('SELECT hash FROM audit WHERE seq = 2').get() as { hash: string }).hash;
    raw.exec('DELETE FROM audit WHERE seq = 3');
    const forged = { seq: 3, at: new Date().toISOString(), action: 'call.privileged' as const, skill: 'demo', detail: { i: 'innocent' } };
    raw.prepare('INSERT INTO audit(seq, at, action, skill, detail, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(3, forged.at, forged.action, forged.skill, JSON.stringify(forged.detail), prev, entryHash(prev, forged));
    raw.close();
    expect(reasons(verify(dir))).toMatch(/newest entry does not match/);
  });

  it('an older copy of the database restored (a rollback), or an older head file restored', () => {
    const dir = profileWith(3);
    const backup = tempDir('agentos-audit-backup-');
    for (const f of fs.readdirSync(dir)) fs.cpSync(path.join(dir, f), path.join(backup, f), { recursive: true });
    const db = openDatabase(dir);
    const log = new AuditLog(db, dir);
    log.append('grant.add', 'demo', { after: 'backup' });
    log.append('call.privileged', 'demo', { after: 'backup' });
    db.close();
    const oldHead = fs.readFileSync(path.join(backup, HEAD_FILE));
    // The database rolled back, the newer head file left in place.
    const rolledDb = tempDir('agentos-audit-rolled-');
    for (const f of fs.readdirSync(backup)) fs.cpSync(path.join(backup, f), path.join(rolledDb, f), { recursive: true });
    fs.copyFileSync(path.join(dir, HEAD_FILE), path.join(rolledDb, HEAD_FILE));
    expect(reasons(verify(rolledDb))).toMatch(/entries 4–5 are missing: the head file/);
    // The head file rolled back, the newer database left in place.
    fs.writeFileSync(path.join(dir, HEAD_FILE), oldHead);
    expect(reasons(verify(dir))).toMatch(/entries 4–5 past the head file/);
  });
});

describe('tampering is reported at start-up and the report survives', () => {
  it('a kernel opened on a truncated log reports it, keeps serving, and records the finding', async () => {
    const dir = profileWith(5);
    tamper(dir, 'DELETE FROM audit WHERE seq > 2');
    fs.rmSync(path.join(dir, HEAD_FILE));
    const kernel = new Kernel({ profileDir: dir });
    opened.push(kernel);
    expect(kernel.auditProblems.join(' ')).toMatch(/entries 3–5 are missing/);
    expect((await kernel.handle({ text: 'what can you do', source: 'cli' })).status).toBe('served');
    // The next appends move the heads; the finding stays in the log and keeps verification failing.
    kernel.audit.append('grant.add', 'demo', {});
    const r = kernel.audit.verify();
    expect(r.ok).toBe(false);
    expect(reasons(r)).toMatch(/tampering was found at a start and recorded here: .*entries 3–5 are missing/);
    expect(kernel.audit.list({ action: 'audit.tampered' })).toHaveLength(1);
    kernel.close();
    opened.pop();
    // A later start has nothing new to report; `audit --verify` still fails.
    const again = new Kernel({ profileDir: dir });
    opened.push(again);
    expect(again.auditProblems).toEqual([]);
    expect(again.audit.verify().ok).toBe(false);
  });

  it('an entry edited after the last start-up checkpoint is caught at the next start', () => {
    const dir = profileWith(3);
    const first = new Kernel({ profileDir: dir });
    first.close();
    const db = openDatabase(dir);
    const log = new AuditLog(db, dir);
    for (let i = 0; i < 40; i++) log.append('call.privileged', 'demo', { n: i });
    db.close();
    tamper(dir, `UPDATE audit SET detail = '{"n":"edited"}' WHERE seq = 20`);
    const kernel = new Kernel({ profileDir: dir });
    opened.push(kernel);
    expect(kernel.auditProblems.join(' ')).toMatch(/audit entry 20: its content does not match its hash/);
  });

  it('an untouched profile opens without a report, however often', () => {
    const dir = profileWith(40);
    for (let i = 0; i < 3; i++) {
      const kernel = new Kernel({ profileDir: dir });
      expect(kernel.auditProblems).toEqual([]);
      kernel.audit.append('call.privileged', 'demo', { open: i });
      kernel.close();
    }
    expect(verify(dir).ok).toBe(true);
  });

  it('the CLI prints the report with a request and `audit --verify` exits 1', async () => {
    const dir = profileWith(4);
    tamper(dir, 'DELETE FROM audit WHERE seq = 4');
    const saved = process.env.AGENTOS_HOME;
    process.env.AGENTOS_HOME = dir;
    try {
      const lines: string[] = [];
      const io = { out: (t: string) => void lines.push(t), err: (t: string) => void lines.push(t) };
      expect(await main(['what can you do'], io)).toBe(0);
      expect(lines.join('\n')).toMatch(/audit log was tampered with: audit entry 4: entries 4–4 are missing/);
      lines.length = 0;
      expect(await main(['audit', '--verify'], io)).toBe(1);
      expect(lines.join('\n')).toMatch(/tampered with/);
    } finally {
      if (saved === undefined) delete process.env.AGENTOS_HOME;
      else process.env.AGENTOS_HOME = saved;
    }
  });
});
