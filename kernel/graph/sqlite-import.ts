/**
 * Loads exported graph records into SQLite in one transaction, keeping ids and times exactly,
 * so export → import → export gives the same lines. Any failure rolls everything back.
 */
import type { Db } from '../store/index.js';
import type { SqliteEpisodes } from './sqlite-episodes.js';
import type { GraphRecord, ImportCounts } from './types.js';
import { nameKey } from './util.js';

export function importSqlite(db: Db, records: readonly GraphRecord[], reindexName: (n: number) => void, episodes: SqliteEpisodes): ImportCounts {
  const entityN = db.prepare('SELECT n FROM graph_entities WHERE id = ?');
  const upsertEntity = db.prepare(
    `INSERT INTO graph_entities(id, type, name, attrs, created_at, updated_at, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET type = excluded.type, name = excluded.name, attrs = excluded.attrs,
       created_at = excluded.created_at, updated_at = excluded.updated_at, last_seen = excluded.last_seen`,
  );
  const clearAliases = db.prepare('DELETE FROM graph_aliases WHERE entity_n = ?');
  const alias = db.prepare('INSERT OR IGNORE INTO graph_aliases(key, entity_n, alias, is_name) VALUES (?, ?, ?, ?)');
  const factN = db.prepare('SELECT n FROM graph_facts WHERE id = ?');
  const deleteFact = db.prepare('DELETE FROM graph_facts WHERE n = ?');
  const deleteFactFts = db.prepare('DELETE FROM graph_facts_fts WHERE rowid = ?');
  const insertFact = db.prepare(
    `INSERT INTO graph_facts(id, subject_n, predicate, object_n, value, text, valid_from, valid_to, recorded_at, invalidated_at, episode_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertFactFts = db.prepare('INSERT INTO graph_facts_fts(rowid, text) VALUES (?, ?)');
  const nOf = (id: string, what: string): number => {
    const row = entityN.get(id) as { n: number } | undefined;
    if (!row) throw new Error(`${what} "${id}" is not an entity in the file or the graph`);
    return row.n;
  };
  const counts: ImportCounts = { entities: 0, facts: 0, episodes: 0 };
  db.transaction(() => {
    for (const r of records) {
      if (r.kind === 'entity') {
        upsertEntity.run(r.id, r.type, r.name, JSON.stringify(r.attrs), r.createdAt, r.updatedAt, r.lastSeen);
        const n = nOf(r.id, 'entity');
        clearAliases.run(n);
        alias.run(nameKey(r.name), n, r.name, 1);
        for (const a of r.aliases) if (nameKey(a)) alias.run(nameKey(a), n, a, 0);
        reindexName(n);
        counts.entities++;
      } else if (r.kind === 'fact') {
        const old = factN.get(r.id) as { n: number } | undefined;
        if (old) {
          deleteFactFts.run(old.n);
          deleteFact.run(old.n);
        }
        const subject = nOf(r.subjectId, `fact ${r.id}: subject`);
        const object = r.objectId === null ? null : nOf(r.objectId, `fact ${r.id}: object`);
        const info = insertFact.run(r.id, subject, r.predicate, object, r.value, r.text, r.validFrom, r.validTo, r.recordedAt, r.invalidatedAt, r.episodeId);
        if (r.invalidatedAt === null) insertFactFts.run(Number(info.lastInsertRowid), r.text);
        counts.facts++;
      } else if (r.kind === 'episode') {
        episodes.insertExact(r);
        counts.episodes++;
      }
    }
  })();
  return counts;
}
