/**
 * Name → entity resolution for SQLite ingestion, with an in-memory cache so a batch of episodes
 * does not run one alias lookup per mention. The cache is shared by every store on the same
 * connection, cleared by any change to names (merge, delete, alias, import) and whenever another
 * connection (another process on the profile) has committed since we last looked (`PRAGMA
 * data_version`). Only unambiguous resolutions are cached: when several entities share a name,
 * the choice depends on who was seen last, so those keys always go to SQL.
 */
import type { Db } from '../store/index.js';
import type { EntityRef, EntityType } from './types.js';
import { impliedAliases, nameKey, newId } from './util.js';

export interface Resolved {
  n: number;
  id: string;
}

interface CandidateRow {
  n: number;
  id: string;
  type: string;
  is_name: number;
  last_seen: string | null;
}

/** Keys cached at most; past that the oldest entries go (a user's graph rarely has this many live names). */
const MAX_KEYS = 100_000;

class ResolutionCache {
  /** nameKey → type → entity. */
  readonly byKey = new Map<string, Map<EntityType, Resolved>>();
  /** entity n → the last-seen time it has in the database (lets ingestion skip no-op updates). */
  readonly lastSeen = new Map<number, string | null>();
  dataVersion = -1;

  clear(): void {
    this.byKey.clear();
    this.lastSeen.clear();
  }

  set(key: string, type: EntityType, r: Resolved): void {
    if (this.byKey.size >= MAX_KEYS) {
      // Drop the oldest tenth (Map keeps insertion order): cheap, and hot names come straight back.
      let drop = MAX_KEYS / 10;
      for (const k of this.byKey.keys()) {
        if (drop-- <= 0) break;
        this.byKey.delete(k);
      }
      this.lastSeen.clear();
    }
    let types = this.byKey.get(key);
    if (!types) this.byKey.set(key, (types = new Map()));
    types.set(type, r);
  }
}

const caches = new WeakMap<Db, ResolutionCache>();

export class NameResolver {
  private readonly cache: ResolutionCache;
  private readonly q;

  constructor(private readonly db: Db) {
    let cache = caches.get(db);
    if (!cache) caches.set(db, (cache = new ResolutionCache()));
    this.cache = cache;
    this.q = {
      byKey: db.prepare(
        `SELECT e.n, e.id, e.type, a.is_name, e.last_seen FROM graph_aliases a JOIN graph_entities e ON e.n = a.entity_n
         WHERE a.key = ? AND (? IS NULL OR e.type = ?) ORDER BY a.is_name DESC, e.last_seen DESC NULLS LAST, e.n`,
      ),
      insertEntity: db.prepare('INSERT INTO graph_entities(id, type, name, attrs, created_at, updated_at, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      insertAlias: db.prepare('INSERT OR IGNORE INTO graph_aliases(key, entity_n, alias, is_name) VALUES (?, ?, ?, ?)'),
      insertNameFts: db.prepare('INSERT INTO graph_names_fts(rowid, text) VALUES (?, ?)'),
      touch: db.prepare('UPDATE graph_entities SET last_seen = ? WHERE n = ? AND (last_seen IS NULL OR last_seen < ?)'),
      dataVersion: db.prepare('PRAGMA data_version').pluck(),
    };
  }

  /** Forget every cached resolution (after merges, deletes, alias changes, imports). */
  clear(): void {
    this.cache.clear();
  }

  /** Call inside a write transaction: drops the cache when another connection has committed meanwhile. */
  sync(): void {
    const v = this.q.dataVersion.get() as number;
    if (v !== this.cache.dataVersion) {
      this.cache.clear();
      this.cache.dataVersion = v;
    }
  }

  private remember(key: string, type: EntityType, row: CandidateRow): Resolved {
    const r = { n: row.n, id: row.id };
    this.cache.set(key, type, r);
    if (!this.cache.lastSeen.has(row.n)) this.cache.lastSeen.set(row.n, row.last_seen);
    return r;
  }

  /** The entity a name refers to (best alias match of that type), created when unknown. */
  resolve(ref: EntityRef, at: string): Resolved {
    const key = nameKey(ref.name);
    const hit = this.cache.byKey.get(key)?.get(ref.type);
    if (hit) return hit;
    const rows = this.q.byKey.all(key, ref.type, ref.type) as CandidateRow[];
    const first = rows[0];
    if (first) {
      // Deterministic unless several entities compete for the name on equal terms (then last-seen decides).
      const unique = rows.length === 1 || (first.is_name === 1 && rows[1]!.is_name === 0);
      return unique ? this.remember(key, ref.type, first) : { n: first.n, id: first.id };
    }
    if (ref.type !== 'skill') {
      // The extractor's type is a guess ("Atlas" as a place): a unique entity of another type with that name wins.
      const other = (this.q.byKey.all(key, null, null) as CandidateRow[]).filter((r) => r.type !== 'skill');
      if (other.length === 1) return this.remember(key, ref.type, other[0]!);
    }
    return this.create(key, ref, at);
  }

  private create(key: string, ref: EntityRef, at: string): Resolved {
    const id = newId('e');
    const name = ref.name.trim();
    const n = Number(this.q.insertEntity.run(id, ref.type, name, '{}', at, at, at).lastInsertRowid);
    this.q.insertAlias.run(key, n, name, 1);
    const aliases = impliedAliases(ref.type, name);
    for (const a of aliases) {
      this.q.insertAlias.run(nameKey(a), n, a, 0);
      // "Alice" may now mean this Alice too: earlier answers for that key no longer hold.
      this.cache.byKey.delete(nameKey(a));
    }
    this.q.insertNameFts.run(n, [name, ...aliases].join(' '));
    this.cache.byKey.delete(key);
    const r = { n, id };
    this.cache.set(key, ref.type, r);
    this.cache.lastSeen.set(n, at);
    return r;
  }

  /** Raises last-seen times (entity n → time), in key order, skipping entities already that recent. */
  touchAll(lastSeen: Map<number, string>): void {
    if (this.cache.lastSeen.size > MAX_KEYS) this.cache.lastSeen.clear();
    for (const n of [...lastSeen.keys()].sort((a, b) => a - b)) {
      const at = lastSeen.get(n)!;
      const known = this.cache.lastSeen.get(n);
      if (known !== undefined && known !== null && known >= at) continue;
      this.q.touch.run(at, n, at);
      this.cache.lastSeen.set(n, known !== undefined && known !== null && known > at ? known : at);
    }
  }
}
