/**
 * A SkillStore kept as JSON files in a folder: used when the optimizer runs outside the kernel
 * (the benchmark script). Inside AgentOS the skill gets the profile's SQLite store as ctx.store.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SkillStore, StoredRecord } from '../../../kernel/contracts/index.js';

export function fileStore(dir: string): SkillStore {
  const file = (c: string) => path.join(dir, `${c.replace(/[^a-z0-9_-]/gi, '_')}.json`);
  const load = (c: string): Record<string, StoredRecord> => {
    try {
      return JSON.parse(fs.readFileSync(file(c), 'utf8')) as Record<string, StoredRecord>;
    } catch {
      return {};
    }
  };
  const save = (c: string, recs: Record<string, StoredRecord>) => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file(c), JSON.stringify(recs));
  };
  let counter = 0;
  return {
    async put(collection, doc, options = {}) {
      const recs = load(collection);
      const id = options.id ?? `${Date.now().toString(36)}${(counter++).toString(36)}`;
      const now = new Date().toISOString();
      const rec = { id, collection, doc, text: options.text ?? '', createdAt: recs[id]?.createdAt ?? now, updatedAt: now };
      recs[id] = rec as StoredRecord;
      save(collection, recs);
      return rec;
    },
    async get<T extends Record<string, unknown>>(collection: string, id: string) {
      return load(collection)[id] as StoredRecord<T> | undefined;
    },
    async delete(collection, id) {
      const recs = load(collection);
      if (!(id in recs)) return false;
      delete recs[id];
      save(collection, recs);
      return true;
    },
    async list<T extends Record<string, unknown>>(collection: string, options: { limit?: number; newestFirst?: boolean } = {}) {
      const all = Object.values(load(collection)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      if (options.newestFirst) all.reverse();
      return all.slice(0, options.limit ?? 1000) as StoredRecord<T>[];
    },
    async search<T extends Record<string, unknown>>(collection: string, query: string, options: { limit?: number } = {}) {
      const words = query.toLowerCase().split(/\W+/).filter(Boolean);
      return Object.values(load(collection))
        .filter((r) => words.every((w) => r.text.toLowerCase().includes(w)))
        .slice(0, options.limit ?? 20) as StoredRecord<T>[];
    },
  };
}
