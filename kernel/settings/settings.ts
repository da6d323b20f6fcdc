/**
 * Settings persisted in the profile database, validated against the known schema on write.
 */
import type { Db } from '../store/index.js';
import { ensureSchema } from '../store/index.js';
import { ValidationError } from '../contracts/index.js';
import { describeIssues } from '../contracts/validation.js';
import { SETTINGS, type SettingKey } from './schema.js';

export class Settings {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
    ensureSchema(db, 'settings', ['CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL)']);
  }

  static isKnown(key: string): key is SettingKey {
    return Object.prototype.hasOwnProperty.call(SETTINGS, key);
  }

  get<K extends SettingKey>(key: K): (typeof SETTINGS)[K]['default'] {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    if (!row) return SETTINGS[key].default;
    const parsed = SETTINGS[key].schema.safeParse(JSON.parse(row.value));
    return (parsed.success ? parsed.data : SETTINGS[key].default) as (typeof SETTINGS)[K]['default'];
  }

  /** Raw key/value access for non-schema state (e.g. `skills.disabled`). */
  getRaw<T>(key: string, fallback: T): T {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : fallback;
  }

  setRaw(key: string, value: unknown): void {
    this.db
      .prepare('INSERT INTO settings(key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(key, JSON.stringify(value), new Date().toISOString());
  }

  set(key: string, value: unknown): void {
    if (!Settings.isKnown(key)) {
      throw new ValidationError(`Unknown setting "${key}"`, [`known settings: ${Object.keys(SETTINGS).join(', ')}`]);
    }
    const parsed = SETTINGS[key].schema.safeParse(value);
    if (!parsed.success) {
      const d = this.describe()[key]!;
      const expected = d.values ? `one of ${d.values.join(', ')}` : d.type === 'list' ? 'a list, e.g. ["a", "b"]' : `a ${d.type}`;
      throw new ValidationError(`Setting "${key}" must be ${expected} (${d.description.replace(/\.$/, '')}); ${JSON.stringify(value)} is not valid`, [
        // the type is said above; a nested problem (an item of a list) is named by its path
        ...describeIssues(parsed.error).filter((i) => !i.startsWith('(root)')),
        `the default is ${JSON.stringify(d.default)}`,
      ]);
    }
    this.setRaw(key, parsed.data);
  }

  all(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(SETTINGS) as SettingKey[]) {
      const def = SETTINGS[key] as { secret?: boolean };
      const value = this.get(key);
      out[key] = def.secret && value ? '••••••' : value;
    }
    return out;
  }

  describe(): Record<string, { description: string; default: unknown; type: string; values?: string[] }> {
    const out: Record<string, { description: string; default: unknown; type: string; values?: string[] }> = {};
    for (const [key, d] of Object.entries(SETTINGS) as [string, { description: string; default: unknown; values?: string[] }][]) {
      out[key] = { description: d.description, default: d.default, type: Array.isArray(d.default) ? 'list' : typeof d.default, ...(d.values ? { values: d.values } : {}) };
    }
    return out;
  }
}
