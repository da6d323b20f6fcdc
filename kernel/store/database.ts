/**
 * The profile's one SQLite database (better-sqlite3, WAL): event log, skill records, timers,
 * settings, grants, the knowledge graph. Subsystems declare their tables through `ensureSchema`.
 * A file that is not a readable database is never replaced: the user gets a message and a fix.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { explainStorage, ProfileStorageError } from './storage-errors.js';

export type Db = Database.Database;

export class CorruptDatabaseError extends Error {
  readonly file: string;
  constructor(file: string, cause: string) {
    super(
      `The profile database ${file} cannot be read (${cause}). It was left untouched. ` +
        `To start a fresh profile, move it aside (mv "${file}" "${file}.broken") and run again; ` +
        `or restore a backup; or point AGENTOS_HOME at another profile folder.`,
    );
    this.name = 'CorruptDatabaseError';
    this.file = file;
  }
}

export const DATABASE_FILE = 'agentos.db';

/** A full disk or an unwritable folder, which must not be reported as a damaged database. */
function notCorrupt(error: unknown, dir: string): ProfileStorageError | undefined {
  const explained = explainStorage(error, dir, 'the profile database');
  return explained instanceof ProfileStorageError ? explained : undefined;
}

export function openDatabase(profileDir: string, options: { readonly?: boolean } = {}): Db {
  const file = path.join(profileDir, DATABASE_FILE);
  try {
    fs.mkdirSync(profileDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw explainStorage(error, profileDir, 'the profile folder');
  }
  let db: Db;
  try {
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: false });
  } catch (error) {
    throw notCorrupt(error, profileDir) ?? new CorruptDatabaseError(file, (error as Error).message);
  }
  try {
    // Touching the schema is the cheapest read that fails on a file that is not a database.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.exec('CREATE TABLE IF NOT EXISTS schema_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL)');
  } catch (error) {
    db.close();
    throw notCorrupt(error, profileDir) ?? new CorruptDatabaseError(file, (error as Error).message);
  }
  return db;
}

/**
 * Bring one subsystem's tables to `migrations.length`: migration i (0-based) runs once, in a
 * transaction with the version bump, so a crash never leaves half a schema.
 */
export function ensureSchema(db: Db, name: string, migrations: readonly string[]): void {
  const row = db.prepare('SELECT version FROM schema_versions WHERE name = ?').get(name) as { version: number } | undefined;
  const current = row?.version ?? 0;
  if (current >= migrations.length) return;
  const apply = db.transaction(() => {
    for (let i = current; i < migrations.length; i++) db.exec(migrations[i]!);
    db.prepare('INSERT INTO schema_versions(name, version) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET version = excluded.version').run(
      name,
      migrations.length,
    );
  });
  try {
    apply();
  } catch (error) {
    throw notCorrupt(error, path.dirname(db.name)) ?? new CorruptDatabaseError(db.name, `could not prepare the ${name} tables: ${(error as Error).message}`);
  }
}
