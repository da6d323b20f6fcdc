/**
 * The SQLite neighbourhood walk: entities and current facts within one or two hops of an entity,
 * nearest first, then most recent first, at most `limit` facts. It walks integer keys only, over
 * the partial covering indexes graph_facts_out/graph_facts_in (migration 2): each step is a
 * backward range scan with a LIMIT, so a hub with 10^4 edges costs no more than a leaf. Rows are
 * hydrated once at the end, in three set queries.
 *
 * What it returns, precisely: hop 1 is the `limit` most recent current facts linking the entity to
 * another entity (either direction). With depth 2, the budget left is shared among the hop-1
 * neighbours, most recent first: each contributes at most max(4, ⌈left / neighbours⌉) of its most
 * recent facts (a fan-out cap, so one hub cannot fill the answer), until the budget is used.
 * "Recent" is the order facts were recorded in this store (their integer key).
 */
import type { Db } from '../store/index.js';
import type { EntityType, GraphEntity, GraphFact, Neighbourhood } from './types.js';

type N = string | null;
type EntityTuple = [number, string, string, string, string, string, string, N];
type FactTuple = [string, number, string, number | null, N, string, N, N, string, N, N];

/** Each hop-2 neighbour gets at least this many facts, however many neighbours share the budget. */
const MIN_FANOUT = 4;

export class NeighbourhoodWalk {
  private readonly q;

  constructor(db: Db) {
    const edges = (index: string, from: string, to: string) =>
      db
        .prepare(
          `SELECT n, ${to} FROM graph_facts INDEXED BY ${index}
           WHERE ${from} = ? AND invalidated_at IS NULL AND object_n IS NOT NULL ORDER BY n DESC LIMIT ?`,
        )
        .raw();
    this.q = {
      out: edges('graph_facts_out', 'subject_n', 'object_n'),
      in: edges('graph_facts_in', 'object_n', 'subject_n'),
      facts: db.prepare(
        `SELECT f.id, f.subject_n, f.predicate, f.object_n, f.value, f.text, f.valid_from, f.valid_to, f.recorded_at, f.invalidated_at, f.episode_id
         FROM json_each(?) j JOIN graph_facts f ON f.n = j.value`,
      ).raw(),
      entities: db.prepare('SELECT e.n, e.id, e.type, e.name, e.attrs, e.created_at, e.updated_at, e.last_seen FROM json_each(?) j JOIN graph_entities e ON e.n = j.value').raw(),
      aliases: db.prepare('SELECT entity_n, alias FROM graph_aliases INDEXED BY graph_aliases_by_entity WHERE entity_n IN (SELECT value FROM json_each(?)) AND is_name = 0 ORDER BY entity_n, alias').raw(),
    };
  }

  /** The `k` most recent current entity-to-entity facts of `n`, both directions: [fact n, other n][]. */
  private edgesOf(n: number, k: number): [number, number][] {
    const out = this.q.out.all(n, k) as [number, number][];
    const inc = this.q.in.all(n, k) as [number, number][];
    if (inc.length === 0) return out;
    if (out.length === 0) return inc;
    return [...out, ...inc].sort((a, b) => b[0] - a[0]).slice(0, k);
  }

  walk(start: number, startId: string, depth: 1 | 2, limit: number): Neighbourhood {
    const facts = new Set<number>();
    const entities = new Set<number>();
    const hop1: number[] = [];
    for (const [f, m] of this.edgesOf(start, limit)) {
      if (facts.has(f)) continue; // a fact linking the entity to itself comes back from both scans
      facts.add(f);
      if (m !== start && !entities.has(m)) {
        entities.add(m);
        hop1.push(m);
      }
    }
    let left = limit - facts.size;
    if (depth === 2 && left > 0 && hop1.length > 0) {
      const share = Math.max(MIN_FANOUT, Math.ceil(left / hop1.length));
      for (const m of hop1) {
        if (left <= 0) break;
        let taken = 0;
        // A few extra rows: the facts back to the start (and to other hop-1 entities) are already in.
        for (const [f, o] of this.edgesOf(m, share + 2)) {
          if (taken >= share || left <= 0) break;
          if (facts.has(f)) continue;
          facts.add(f);
          taken++;
          left--;
          if (o !== start) entities.add(o);
        }
      }
    }
    return this.hydrate(start, startId, [...facts], [...entities]);
  }

  private hydrate(start: number, startId: string, factNs: number[], entityNs: number[]): Neighbourhood {
    if (factNs.length === 0) return { entities: [], facts: [] };
    const list = JSON.stringify(entityNs);
    const aliases = new Map<number, string[]>();
    for (const [n, alias] of this.q.aliases.all(list) as [number, string][]) {
      const known = aliases.get(n);
      if (known) known.push(alias);
      else aliases.set(n, [alias]);
    }
    // Fact endpoints are the start or one of these entities: their ids come from here, not from joins.
    const idOf = new Map<number, string>([[start, startId]]);
    const entities: GraphEntity[] = [];
    for (const [n, id, type, name, attrs, createdAt, updatedAt, lastSeen] of this.q.entities.all(list) as EntityTuple[]) {
      idOf.set(n, id);
      entities.push({ id, type: type as EntityType, name, aliases: aliases.get(n) ?? [], attrs: attrs === '{}' ? {} : (JSON.parse(attrs) as Record<string, unknown>), createdAt, updatedAt, lastSeen });
    }
    const facts: GraphFact[] = [];
    for (const [id, s, predicate, o, value, text, validFrom, validTo, recordedAt, invalidatedAt, episodeId] of this.q.facts.all(JSON.stringify(factNs)) as FactTuple[]) {
      facts.push({ id, subjectId: idOf.get(s)!, predicate, objectId: o === null ? null : idOf.get(o)!, value, text, validFrom, validTo, recordedAt, invalidatedAt, episodeId });
    }
    return { entities, facts };
  }
}
