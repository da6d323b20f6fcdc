/**
 * Crash safety: a child process ingesting in a loop is killed with SIGKILL; every episode it
 * acknowledged (printed after commit) must be there, and the database must check as consistent.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteGraphStore } from '../../kernel/graph/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

function runAndKill(dir: string, killAfterAcks: number): Promise<number> {
  return new Promise((resolve, reject) => {
    // node --import tsx runs the TypeScript child in this very process, so SIGKILL hits the writer itself.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'crash-child.ts'), dir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let acked = 0;
    let acks = 0;
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const m = /^ack (\d+)$/.exec(line);
        if (m) {
          acked = Number(m[1]);
          acks++;
        }
      }
      if (acks >= killAfterAcks && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(acked) : reject(new Error(`child ended with ${code}: ${stderr}`))));
  });
}

describe('graph ingestion under kill -9', () => {
  it('loses no acknowledged episode and leaves a consistent database', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-crash-'));
    let total = 0;
    for (const killAfter of [40, 97]) {
      const acked = await runAndKill(dir, killAfter);
      expect(acked).toBeGreaterThan(0);
      const db = new Database(path.join(dir, 'agentos.db'));
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      db.prepare("INSERT INTO graph_names_fts(graph_names_fts) VALUES('integrity-check')").run();
      db.prepare("INSERT INTO graph_facts_fts(graph_facts_fts) VALUES('integrity-check')").run();
      const ids = new Set((db.prepare("SELECT id FROM graph_episodes WHERE id LIKE 'c%'").all() as { id: string }[]).map((r) => r.id));
      // The child restarts numbering each run at c1 and skips ids already present, so count this run's acks.
      for (let i = 1; i <= acked; i++) expect(ids.has(`c${i}`)).toBe(true);
      const calls = db.prepare('SELECT count(*) AS c FROM graph_calls').get() as { c: number };
      expect(calls.c).toBe(ids.size);
      db.close();
      total = Math.max(total, acked);
    }
    const store = SqliteGraphStore.open(dir);
    expect((await store.findEntities('Alice Chen'))).toHaveLength(1);
    await store.close();
  }, 60_000);
});
