/**
 * Skills' private records in the profile database, with FTS5 full-text search (BM25).
 * Namespaced by skill id: a skill never sees another skill's records.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/index.js';
import { ensureSchema } from '../store/index.js';
import type { SkillStore, StoredRecord } from '../contracts/index.js';

const MAX_DOC_BYTES = 1_000_000;
const NAME = /^[a-z][a-z0-9_-]{0,63}$/;

interface Row {
  id: string;
  collection: string;
  doc: string;
  text: string;
  created_at: string;
  updated_at: string;
}

function toRecord<T>(row: Row): StoredRecord<T> {
  return { id: row.id, collection: row.collection, doc: JSON.parse(row.doc) as T, text: row.text, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** Words of a user query as an FTS5 expression: each word quoted (no operator injection), prefix-matched, OR-ed. */
export function ftsQuery(query: string): string | undefined {
  const words = query
    .toLowerCase()
    .normalize('NFKC')
    .match(/[\p{L}\p{N}]+/gu);
  if (!words?.length) return undefined;
  return [...new Set(words)].map((w) => `"${w}"*`).join(' OR ');
}

export class SqliteSkillStore {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
    ensureSchema(db, 'skill_records', [
      `CREATE TABLE skill_records (
         rowid INTEGER PRIMARY KEY,
         skill TEXT NOT NULL, collection TEXT NOT NULL, id TEXT NOT NULL,
         doc TEXT NOT NULL, text TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
         UNIQUE (skill, collection, id)
       );
       CREATE VIRTUAL TABLE skill_records_fts USING fts5(text, content='skill_records', content_rowid='rowid', tokenize='porter unicode61');
       CREATE TRIGGER skill_records_ai AFTER INSERT ON skill_records BEGIN
         INSERT INTO skill_records_fts(rowid, text) VALUES (new.rowid, new.text);
       END;
       CREATE TRIGGER skill_records_ad AFTER DELETE ON skill_records BEGIN
         INSERT INTO skill_records_fts(skill_records_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
       END;
       CREATE TRIGGER skill_records_au AFTER UPDATE ON skill_records BEGIN
         INSERT INTO skill_records_fts(skill_records_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
         INSERT INTO skill_records_fts(rowid, text) VALUES (new.rowid, new.text);
       END;`,
    ]);
  }

  /** The store as one skill sees it. */
  forSkill(skill: string): SkillStore {
    const check = (collection: string) => {
      if (!NAME.test(collection)) throw new Error(`collection name "${collection}" must match ${NAME}`);
    };
    return {
      put: async <T extends Record<string, unknown>>(collection: string, doc: T, options: { id?: string; text?: string } = {}) => {
        check(collection);
        const json = JSON.stringify(doc);
        if (json.length > MAX_DOC_BYTES) throw new Error(`record is ${json.length} bytes; the limit is ${MAX_DOC_BYTES}`);
        const id = options.id ?? randomUUID();
        const now = new Date().toISOString();
        const text = options.text ?? Object.values(doc).filter((v) => typeof v === 'string').join(' ');
        this.db
          .prepare(
            `INSERT INTO skill_records(skill, collection, id, doc, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT(skill, collection, id) DO UPDATE SET doc = excluded.doc, text = excluded.text, updated_at = excluded.updated_at`,
          )
          .run(skill, collection, id, json, text, now, now);
        const row = this.db.prepare('SELECT * FROM skill_records WHERE skill = ? AND collection = ? AND id = ?').get(skill, collection, id) as Row;
        return toRecord<T>(row);
      },
      get: async <T extends Record<string, unknown>>(collection: string, id: string) => {
        check(collection);
        const row = this.db.prepare('SELECT * FROM skill_records WHERE skill = ? AND collection = ? AND id = ?').get(skill, collection, id) as Row | undefined;
        return row ? toRecord<T>(row) : undefined;
      },
      delete: async (collection: string, id: string) => {
        check(collection);
        return this.db.prepare('DELETE FROM skill_records WHERE skill = ? AND collection = ? AND id = ?').run(skill, collection, id).changes > 0;
      },
      list: async <T extends Record<string, unknown>>(collection: string, options: { limit?: number; newestFirst?: boolean } = {}) => {
        check(collection);
        const order = options.newestFirst === false ? 'ASC' : 'DESC';
        const rows = this.db
          .prepare(`SELECT * FROM skill_records WHERE skill = ? AND collection = ? ORDER BY created_at ${order}, rowid ${order} LIMIT ?`)
          .all(skill, collection, Math.min(options.limit ?? 100, 10_000)) as Row[];
        return rows.map((r) => toRecord<T>(r));
      },
      search: async <T extends Record<string, unknown>>(collection: string, query: string, options: { limit?: number } = {}) => {
        check(collection);
        const match = ftsQuery(query);
        if (!match) return [];
        const rows = this.db
          .prepare(
            `SELECT r.* FROM skill_records_fts f JOIN skill_records r ON r.rowid = f.rowid
             WHERE skill_records_fts MATCH ? AND r.skill = ? AND r.collection = ?
             ORDER BY bm25(skill_records_fts) LIMIT ?`,
          )
          .all(match, skill, collection, Math.min(options.limit ?? 20, 1000)) as Row[];
        return rows.map((r) => toRecord<T>(r));
      },
    };
  }

  /** Removes every record of a skill (when the user removes the skill and its data). */
  dropSkill(skill: string): number {
    return this.db.prepare('DELETE FROM skill_records WHERE skill = ?').run(skill).changes;
  }
}
