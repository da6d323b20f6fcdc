/**
 * The embedded knowledge graph: `GraphStore` on the profile's SQLite database (better-sqlite3,
 * WAL, FTS5 for BM25). Every method runs synchronously inside its promise, so a write has
 * committed by the time the call returns — which is what the crash test relies on.
 */
import { ensureSchema, openDatabase, type Db } from '../store/index.js';
import { GRAPH_MIGRATIONS, FACT_COLUMNS, FACT_FROM, toEntity, toFact, type EntityRow, type FactRow } from './sqlite-schema.js';
import { SqliteEpisodes } from './sqlite-episodes.js';
import { NameResolver } from './sqlite-resolve.js';
import { NeighbourhoodWalk } from './sqlite-walk.js';
import { importSqlite } from './sqlite-import.js';
import { impliedAliases, isoNow, nameKey, newId, queryTokens, redactNames } from './util.js';
import type { EntityInput, EntityType, EpisodeInput, EpisodeQuery, FactInput, FactQuery, GraphEntity, GraphFact, GraphRecord, GraphStats, GraphStore, ImportCounts, Neighbourhood, TextHit } from './types.js';

export class SqliteGraphStore implements GraphStore {
  readonly backend = 'sqlite' as const;
  readonly db: Db;
  private readonly owns: boolean;
  private readonly clock: () => string;
  private readonly episodesPart: SqliteEpisodes;
  private readonly resolver: NameResolver;
  private readonly walker: NeighbourhoodWalk;
  private readonly q;

  constructor(db: Db, options: { ownsDb?: boolean; clock?: () => string } = {}) {
    this.db = db;
    this.owns = options.ownsDb ?? false;
    this.clock = options.clock ?? isoNow;
    ensureSchema(db, 'graph', GRAPH_MIGRATIONS);
    // A bigger page cache and memory-mapped reads keep 2-hop walks off the disk on large graphs.
    db.pragma('cache_size = -65536');
    db.pragma('mmap_size = 268435456');
    // Checkpoint the WAL every ~40 MB instead of every 4 MB: bulk ingestion dirties a few hundred
    // pages per batch (random request ids, mention lists), and a checkpoint (with its fsync) after
    // nearly every batch was half of the ingest time; pages rewritten by many batches are now copied once.
    db.pragma('wal_autocheckpoint = 10000');
    this.q = {
      byKey: db.prepare(
        `SELECT e.* FROM graph_aliases a JOIN graph_entities e ON e.n = a.entity_n
         WHERE a.key = ? AND (? IS NULL OR e.type = ?) ORDER BY a.is_name DESC, e.last_seen DESC NULLS LAST, e.n`,
      ),
      byId: db.prepare('SELECT * FROM graph_entities WHERE id = ?'),
      byN: db.prepare('SELECT * FROM graph_entities WHERE n = ?'),
      nOf: db.prepare('SELECT n FROM graph_entities WHERE id = ?').pluck(),
      aliasesOf: db.prepare('SELECT alias FROM graph_aliases WHERE entity_n = ? AND is_name = 0 ORDER BY alias'),
      insertEntity: db.prepare(
        'INSERT INTO graph_entities(id, type, name, attrs, created_at, updated_at, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      insertAlias: db.prepare('INSERT OR IGNORE INTO graph_aliases(key, entity_n, alias, is_name) VALUES (?, ?, ?, ?)'),
      deleteNameFts: db.prepare('DELETE FROM graph_names_fts WHERE rowid = ?'),
      insertNameFts: db.prepare('INSERT INTO graph_names_fts(rowid, text) VALUES (?, ?)'),
      fact: db.prepare(`SELECT ${FACT_COLUMNS} FROM ${FACT_FROM} WHERE f.id = ?`),
      insertFact: db.prepare(
        `INSERT INTO graph_facts(id, subject_n, predicate, object_n, value, text, valid_from, valid_to, recorded_at, invalidated_at, episode_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertFactFts: db.prepare('INSERT INTO graph_facts_fts(rowid, text) VALUES (?, ?)'),
      deleteFactFts: db.prepare('DELETE FROM graph_facts_fts WHERE rowid = ?'),
      invalidate: db.prepare('UPDATE graph_facts SET invalidated_at = ? WHERE n = ? AND invalidated_at IS NULL'),
      sameFact: db.prepare(
        `SELECT n, id FROM graph_facts WHERE subject_n = ? AND predicate = ? AND object_n IS ? AND value IS ? AND invalidated_at IS NULL`,
      ),
      bySubject: db.prepare('SELECT n FROM graph_facts WHERE subject_n = ? AND predicate = ? AND invalidated_at IS NULL'),
      byObject: db.prepare('SELECT n FROM graph_facts WHERE object_n = ? AND predicate = ? AND invalidated_at IS NULL'),
      meta: db.prepare('SELECT value FROM graph_meta WHERE key = ?'),
      setMeta: db.prepare('INSERT INTO graph_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    };
    this.resolver = new NameResolver(db);
    this.walker = new NeighbourhoodWalk(db);
    this.episodesPart = new SqliteEpisodes(db, this.resolver);
  }

  static open(profileDir: string, options: { clock?: () => string } = {}): SqliteGraphStore {
    return new SqliteGraphStore(openDatabase(profileDir), { ...options, ownsDb: true });
  }

  // ---- entities ------------------------------------------------------------------------------

  private entityRow(id: string): EntityRow | undefined {
    return this.q.byId.get(id) as EntityRow | undefined;
  }

  private hydrate(row: EntityRow): GraphEntity {
    return toEntity(row, (this.q.aliasesOf.all(row.n) as { alias: string }[]).map((a) => a.alias));
  }

  private reindexName(n: number): void {
    const row = this.q.byN.get(n) as EntityRow;
    const aliases = (this.q.aliasesOf.all(n) as { alias: string }[]).map((a) => a.alias);
    this.q.deleteNameFts.run(n);
    this.q.insertNameFts.run(n, [row.name, ...aliases].join(' '));
  }

  async upsertEntity(input: EntityInput): Promise<GraphEntity> {
    const at = input.at ?? this.clock();
    return this.renaming(() => {
      const key = nameKey(input.name);
      if (!key) throw new Error('An entity needs a non-empty name.');
      let row = this.q.byKey.get(key, input.type, input.type) as EntityRow | undefined;
      if (!row) {
        const info = this.q.insertEntity.run(newId('e'), input.type, input.name.trim(), JSON.stringify(input.attrs ?? {}), at, at, null);
        row = this.q.byN.get(Number(info.lastInsertRowid)) as EntityRow;
        this.q.insertAlias.run(key, row.n, input.name.trim(), 1);
      } else if (input.attrs && Object.keys(input.attrs).length > 0) {
        const attrs = { ...(JSON.parse(row.attrs) as Record<string, unknown>), ...input.attrs };
        this.db.prepare('UPDATE graph_entities SET attrs = ?, updated_at = ? WHERE n = ?').run(JSON.stringify(attrs), at, row.n);
      }
      for (const alias of [...impliedAliases(input.type, input.name), ...(input.aliases ?? [])]) {
        if (nameKey(alias) && nameKey(alias) !== key) this.q.insertAlias.run(nameKey(alias), row.n, alias.trim(), 0);
      }
      this.reindexName(row.n);
      return this.hydrate(this.q.byN.get(row.n) as EntityRow);
    });
  }

  async getEntity(id: string): Promise<GraphEntity | undefined> {
    const row = this.entityRow(id);
    return row ? this.hydrate(row) : undefined;
  }

  async findEntities(name: string, options: { type?: EntityType } = {}): Promise<GraphEntity[]> {
    const type = options.type ?? null;
    return (this.q.byKey.all(nameKey(name), type, type) as EntityRow[]).map((r) => this.hydrate(r));
  }

  async addAlias(entityId: string, alias: string): Promise<GraphEntity> {
    return this.renaming(() => {
      const row = this.entityRow(entityId);
      if (!row) throw new Error(`No entity has the id "${entityId}".`);
      const key = nameKey(alias);
      if (!key) throw new Error('An alias cannot be empty.');
      this.q.insertAlias.run(key, row.n, alias.trim(), 0);
      this.db.prepare('UPDATE graph_entities SET updated_at = ? WHERE n = ?').run(this.clock(), row.n);
      this.reindexName(row.n);
      return this.hydrate(this.q.byN.get(row.n) as EntityRow);
    });
  }

  async mergeEntities(fromId: string, intoId: string): Promise<GraphEntity> {
    return this.renaming(() => {
      const from = this.entityRow(fromId);
      const into = this.entityRow(intoId);
      if (!from || !into) throw new Error(`Cannot merge: no entity has the id "${!from ? fromId : intoId}".`);
      if (from.n === into.n) return this.hydrate(into);
      const db = this.db;
      db.prepare('UPDATE graph_facts SET subject_n = ? WHERE subject_n = ?').run(into.n, from.n);
      db.prepare('UPDATE graph_facts SET object_n = ? WHERE object_n = ?').run(into.n, from.n);
      db.prepare('INSERT OR IGNORE INTO graph_mentions(entity_n, episode_n) SELECT ?, episode_n FROM graph_mentions WHERE entity_n = ?').run(into.n, from.n);
      db.prepare('UPDATE graph_calls SET skill_n = ? WHERE skill_n = ?').run(into.n, from.n);
      db.prepare('INSERT OR IGNORE INTO graph_aliases(key, entity_n, alias, is_name) SELECT key, ?, alias, 0 FROM graph_aliases WHERE entity_n = ?').run(into.n, from.n);
      const lastSeen = [from.last_seen, into.last_seen].filter((x): x is string => x !== null).sort().at(-1) ?? null;
      db.prepare('UPDATE graph_entities SET last_seen = ?, updated_at = ? WHERE n = ?').run(lastSeen, this.clock(), into.n);
      this.q.deleteNameFts.run(from.n);
      db.prepare('DELETE FROM graph_entities WHERE n = ?').run(from.n);
      this.reindexName(into.n);
      return this.hydrate(this.q.byN.get(into.n) as EntityRow);
    });
  }

  async deleteEntity(id: string): Promise<{ facts: number; mentions: number }> {
    return this.renaming(() => {
      const row = this.entityRow(id);
      if (!row) return { facts: 0, mentions: 0 };
      const facts = this.db.prepare('SELECT n FROM graph_facts WHERE subject_n = ? OR object_n = ?').all(row.n, row.n) as { n: number }[];
      for (const f of facts) this.q.deleteFactFts.run(f.n);
      this.db.prepare('DELETE FROM graph_facts WHERE subject_n = ? OR object_n = ?').run(row.n, row.n);
      // Forgetting someone also blanks their names out of the episodes that mentioned them.
      const names = [row.name, ...(this.q.aliasesOf.all(row.n) as { alias: string }[]).map((a) => a.alias)];
      const setText = this.db.prepare('UPDATE graph_episodes SET text = ? WHERE n = ?');
      const mentioned = this.db.prepare('SELECT ep.n, ep.text FROM graph_mentions m JOIN graph_episodes ep ON ep.n = m.episode_n WHERE m.entity_n = ?').all(row.n) as { n: number; text: string }[];
      for (const ep of mentioned) setText.run(redactNames(ep.text, names), ep.n);
      const mentions = this.db.prepare('DELETE FROM graph_mentions WHERE entity_n = ?').run(row.n).changes;
      this.q.deleteNameFts.run(row.n);
      this.db.prepare('DELETE FROM graph_entities WHERE n = ?').run(row.n);
      return { facts: facts.length, mentions };
    });
  }

  // ---- facts ---------------------------------------------------------------------------------

  async assertFact(input: FactInput): Promise<{ fact: GraphFact; invalidated: GraphFact[]; created: boolean }> {
    const run = this.db.transaction(() => {
      const subject = this.entityRow(input.subjectId);
      if (!subject) throw new Error(`No entity has the id "${input.subjectId}" (the fact's subject).`);
      const object = input.objectId ? this.entityRow(input.objectId) : undefined;
      if (input.objectId && !object) throw new Error(`No entity has the id "${input.objectId}" (the fact's object).`);
      const value = input.value ?? null;
      if (!object && value === null) throw new Error('A fact needs an object entity or a value.');
      const predicate = input.predicate.trim().toLowerCase();
      const same = this.q.sameFact.get(subject.n, predicate, object?.n ?? null, value) as { id: string } | undefined;
      if (same) return { fact: toFact(this.q.fact.get(same.id) as FactRow), invalidated: [], created: false };
      const at = input.recordedAt ?? this.clock();
      const contradicted =
        input.exclusive === 'subject' ? this.q.bySubject.all(subject.n, predicate) : input.exclusive === 'object' && object ? this.q.byObject.all(object.n, predicate) : [];
      const invalidatedNs = (contradicted as { n: number }[]).map((c) => c.n);
      for (const n of invalidatedNs) {
        this.q.invalidate.run(at, n);
        this.q.deleteFactFts.run(n);
      }
      const id = newId('f');
      const info = this.q.insertFact.run(id, subject.n, predicate, object?.n ?? null, value, input.text, input.validFrom ?? null, input.validTo ?? null, at, null, input.episodeId ?? null);
      this.q.insertFactFts.run(Number(info.lastInsertRowid), input.text);
      const invalidated = invalidatedNs.map((n) => toFact(this.db.prepare(`SELECT ${FACT_COLUMNS} FROM ${FACT_FROM} WHERE f.n = ?`).get(n) as FactRow));
      return { fact: toFact(this.q.fact.get(id) as FactRow), invalidated, created: true };
    });
    return run();
  }

  async getFact(id: string): Promise<GraphFact | undefined> {
    const row = this.q.fact.get(id) as FactRow | undefined;
    return row ? toFact(row) : undefined;
  }

  async invalidateFact(id: string, at?: string): Promise<GraphFact | undefined> {
    const row = this.q.fact.get(id) as FactRow | undefined;
    if (!row) return undefined;
    if (row.invalidated_at === null) {
      this.db.transaction(() => {
        this.q.invalidate.run(at ?? this.clock(), row.n);
        this.q.deleteFactFts.run(row.n);
      })();
    }
    return toFact(this.q.fact.get(id) as FactRow);
  }

  async facts(query: FactQuery): Promise<GraphFact[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const nOf = '(SELECT n FROM graph_entities WHERE id = ?)';
    if (query.entityId) {
      where.push(`(f.subject_n = ${nOf} OR f.object_n = ${nOf})`);
      args.push(query.entityId, query.entityId);
    }
    if (query.subjectId) {
      where.push(`f.subject_n = ${nOf}`);
      args.push(query.subjectId);
    }
    if (query.objectId) {
      where.push(`f.object_n = ${nOf}`);
      args.push(query.objectId);
    }
    if (query.predicate) {
      where.push('f.predicate = ?');
      args.push(query.predicate.trim().toLowerCase());
    }
    if (query.asOf?.recorded) {
      where.push('f.recorded_at <= ? AND (f.invalidated_at IS NULL OR f.invalidated_at > ?)');
      args.push(query.asOf.recorded, query.asOf.recorded);
    } else if (!query.includeInvalidated) where.push('f.invalidated_at IS NULL');
    if (query.asOf?.valid) {
      where.push('(f.valid_from IS NULL OR f.valid_from <= ?) AND (f.valid_to IS NULL OR f.valid_to > ?)');
      args.push(query.asOf.valid, query.asOf.valid);
    }
    const sql = `SELECT ${FACT_COLUMNS} FROM ${FACT_FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY f.recorded_at, f.n LIMIT ?`;
    return (this.db.prepare(sql).all(...args, query.limit ?? 1000) as FactRow[]).map(toFact);
  }

  // ---- episodes ------------------------------------------------------------------------------

  async recordEpisodes(episodes: EpisodeInput[]) {
    return this.episodesPart.record(episodes);
  }

  async getEpisode(id: string) {
    return this.episodesPart.get(id);
  }

  async episodes(query: EpisodeQuery) {
    return this.episodesPart.list(query);
  }

  // ---- retrieval -----------------------------------------------------------------------------

  async neighbourhood(entityId: string, options: { depth?: 1 | 2; limit?: number } = {}): Promise<Neighbourhood> {
    const start = this.q.nOf.get(entityId) as number | undefined;
    if (start === undefined) return { entities: [], facts: [] };
    return this.walker.walk(start, entityId, options.depth ?? 2, Math.max(1, Math.floor(options.limit ?? 200)));
  }

  async searchText(query: string, options: { limit?: number; type?: EntityType } = {}): Promise<TextHit[]> {
    const tokens = queryTokens(query);
    if (tokens.length === 0) return [];
    const match = tokens.map((t) => `"${t}"*`).join(' OR ');
    const limit = options.limit ?? 20;
    const type = options.type ?? null;
    const names = this.db
      .prepare(
        `SELECT e.id AS entityId, -bm25(graph_names_fts) AS score FROM graph_names_fts JOIN graph_entities e ON e.n = graph_names_fts.rowid
         WHERE graph_names_fts MATCH ? AND (? IS NULL OR e.type = ?) ORDER BY bm25(graph_names_fts) LIMIT ?`,
      )
      .all(match, type, type, limit) as { entityId: string; score: number }[];
    const facts = this.db
      .prepare(
        `SELECT f.id AS factId, s.id AS subjectId, s.type AS subjectType, o.id AS objectId, o.type AS objectType, -bm25(graph_facts_fts) AS score
         FROM graph_facts_fts JOIN graph_facts f ON f.n = graph_facts_fts.rowid JOIN graph_entities s ON s.n = f.subject_n
         LEFT JOIN graph_entities o ON o.n = f.object_n
         WHERE graph_facts_fts MATCH ? ORDER BY bm25(graph_facts_fts) LIMIT ?`,
      )
      .all(match, limit) as { factId: string; subjectId: string; subjectType: string; objectId: string | null; objectType: string | null; score: number }[];
    const hits: TextHit[] = names.map((r) => ({ entityId: r.entityId, score: r.score, field: 'name' }));
    for (const f of facts) {
      if (!type || f.subjectType === type) hits.push({ entityId: f.subjectId, score: f.score, field: 'fact', factId: f.factId });
      if (f.objectId && (!type || f.objectType === type)) hits.push({ entityId: f.objectId, score: f.score / 2, field: 'fact', factId: f.factId });
    }
    return hits.sort((a, b) => b.score - a.score);
  }

  async stats(): Promise<GraphStats> {
    const count = (sql: string) => (this.db.prepare(sql).get() as { c: number }).c;
    const byType = Object.fromEntries((this.db.prepare('SELECT type, count(*) AS c FROM graph_entities GROUP BY type').all() as { type: string; c: number }[]).map((r) => [r.type, r.c]));
    return {
      backend: 'sqlite',
      entities: count('SELECT count(*) AS c FROM graph_entities'),
      aliases: count('SELECT count(*) AS c FROM graph_aliases WHERE is_name = 0'),
      facts: count('SELECT count(*) AS c FROM graph_facts'),
      currentFacts: count('SELECT count(*) AS c FROM graph_facts WHERE invalidated_at IS NULL'),
      episodes: count('SELECT count(*) AS c FROM graph_episodes'),
      mentions: count('SELECT count(*) AS c FROM graph_mentions'),
      skillCalls: count('SELECT count(*) AS c FROM graph_calls'),
      byType,
    };
  }

  // ---- export / import -----------------------------------------------------------------------

  async *exportRecords(): AsyncIterable<GraphRecord> {
    yield { kind: 'header', format: 'agentos-graph', version: 1, exportedAt: this.clock() };
    const entities = this.db.prepare('SELECT * FROM graph_entities WHERE n > ? ORDER BY n LIMIT 1000');
    for (let last = 0, rows: EntityRow[]; (rows = entities.all(last) as EntityRow[]).length > 0; last = rows.at(-1)!.n) {
      for (const row of rows) yield { kind: 'entity', ...this.hydrate(row) };
    }
    const facts = this.db.prepare(`SELECT ${FACT_COLUMNS} FROM ${FACT_FROM} WHERE f.n > ? ORDER BY f.n LIMIT 1000`);
    for (let last = 0, rows: FactRow[]; (rows = facts.all(last) as FactRow[]).length > 0; last = rows.at(-1)!.n) {
      for (const row of rows) yield { kind: 'fact', ...toFact(row) };
    }
    for (const episode of this.episodesPart.all()) yield { kind: 'episode', ...episode };
  }

  async importRecords(records: readonly GraphRecord[]): Promise<ImportCounts> {
    // Import rewrites names and aliases wholesale: resolve from the database before and after it.
    this.resolver.clear();
    try {
      return importSqlite(this.db, records, (n) => this.reindexName(n), this.episodesPart);
    } finally {
      this.resolver.clear();
    }
  }

  /** Runs a write that can change names or aliases in one transaction; the name cache never outlives it. */
  private renaming<T>(write: () => T): T {
    try {
      return this.db.transaction(write)();
    } finally {
      this.resolver.clear();
    }
  }

  async getMeta(key: string): Promise<string | undefined> {
    return (this.q.meta.get(key) as { value: string } | undefined)?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.q.setMeta.run(key, value);
  }

  async close(): Promise<void> {
    if (this.owns && this.db.open) this.db.close();
  }
}
