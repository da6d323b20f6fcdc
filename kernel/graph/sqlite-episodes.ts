/**
 * Episodes in the SQLite graph: one per request, with its skill calls (linked to the skill's
 * entity) and the entities it mentions. Batches are written in one transaction — the ingest
 * path the benchmark measures (bench/graph.md).
 */
import type { Db } from '../store/index.js';
import type { NameResolver, Resolved } from './sqlite-resolve.js';
import type { EntityRef, EpisodeInput, EpisodeQuery, GraphEpisode, GraphSkillCall } from './types.js';

interface EpisodeRow {
  n: number;
  id: string;
  at: string;
  text: string;
  source: string | null;
  session_id: string | null;
  status: string;
}

export class SqliteEpisodes {
  private readonly q;
  private readonly recordTx;

  constructor(
    private readonly db: Db,
    /** Resolves names to entities (creating them when new) without touching their last-seen time. */
    private readonly resolver: NameResolver,
  ) {
    this.recordTx = db.transaction((batch: readonly EpisodeInput[]) => this.write(batch));
    this.q = {
      exists: db.prepare('SELECT n FROM graph_episodes WHERE id = ?'),
      insert: db.prepare('INSERT OR IGNORE INTO graph_episodes(id, at, text, source, session_id, status) VALUES (?, ?, ?, ?, ?, ?)'),
      call: db.prepare('INSERT INTO graph_calls(episode_n, step, skill, skill_n, intent, slots, outcome, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      mention: db.prepare('INSERT OR IGNORE INTO graph_mentions(entity_n, episode_n) VALUES (?, ?)'),
      entityN: db.prepare('SELECT n FROM graph_entities WHERE id = ?'),
      byId: db.prepare('SELECT * FROM graph_episodes WHERE id = ?'),
      calls: db.prepare('SELECT step, skill, intent, slots, outcome, duration_ms FROM graph_calls WHERE episode_n = ? ORDER BY step'),
      mentions: db.prepare('SELECT e.id FROM graph_mentions m JOIN graph_entities e ON e.n = m.entity_n WHERE m.episode_n = ? ORDER BY e.id'),
    };
  }

  private insertCalls(n: number, calls: readonly GraphSkillCall[], at: string): void {
    for (const c of calls) {
      const skillN = this.resolver.resolve({ type: 'skill', name: c.skill }, at).n;
      this.q.call.run(n, c.step, c.skill, skillN, c.intent, JSON.stringify(c.slots ?? {}), c.outcome, c.durationMs);
    }
  }

  /**
   * Writes the batch atomically; an episode id already present is left as it is (ingestion is
   * idempotent). The hot path of ingestion: per episode one insert, one per skill call and one per
   * mention; names resolve through the resolver's cache (no SQL for names seen before), mention
   * rows and last-seen updates go in key order (fewer b-tree pages dirtied per commit), and the
   * transaction takes the write lock up front (BEGIN IMMEDIATE), so the cache check below sees
   * every commit another process made before ours.
   */
  record(episodes: readonly EpisodeInput[]): GraphEpisode[] {
    return this.recordTx.immediate(episodes);
  }

  private write(batch: readonly EpisodeInput[]): GraphEpisode[] {
    this.resolver.sync();
    const out: GraphEpisode[] = [];
    const lastSeen = new Map<number, string>();
    const mentionRows: number[][] = [];
    const written = new Map<string, GraphEpisode>();
    const resolve = (ref: EntityRef, at: string): Resolved => {
      const r = this.resolver.resolve(ref, at);
      if ((lastSeen.get(r.n) ?? '') < at) lastSeen.set(r.n, at);
      return r;
    };
    for (const e of batch) {
      const info = this.q.insert.run(e.id, e.at, e.text, e.source ?? null, e.sessionId ?? null, e.status);
      if (info.changes === 0) {
        // Written earlier in this batch (its mention rows are not in yet) or before it.
        out.push(written.get(e.id) ?? this.hydrate(this.q.byId.get(e.id) as EpisodeRow));
        continue;
      }
      const n = Number(info.lastInsertRowid);
      const calls = e.calls.map((c) => ({ ...c, slots: c.slots ?? {} }));
      for (const c of calls) this.q.call.run(n, c.step, c.skill, resolve({ type: 'skill', name: c.skill }, e.at).n, c.intent, JSON.stringify(c.slots), c.outcome, c.durationMs);
      const mentioned = new Map<number, string>();
      for (const m of e.mentions) {
        const r = resolve(m, e.at);
        mentioned.set(r.n, r.id);
      }
      for (const m of mentioned.keys()) mentionRows.push([m, n]);
      const episode = { id: e.id, at: e.at, text: e.text, source: e.source ?? null, sessionId: e.sessionId ?? null, status: e.status, calls, mentions: [...mentioned.values()].sort() };
      written.set(e.id, episode);
      out.push(episode);
    }
    mentionRows.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
    for (const [entityN, episodeN] of mentionRows) this.q.mention.run(entityN, episodeN);
    this.resolver.touchAll(lastSeen);
    return out;
  }

  /** Import path: ids and mention ids as exported. */
  insertExact(e: GraphEpisode): void {
    const old = this.q.exists.get(e.id) as { n: number } | undefined;
    if (old) this.db.prepare('DELETE FROM graph_episodes WHERE n = ?').run(old.n);
    const n = Number(this.q.insert.run(e.id, e.at, e.text, e.source, e.sessionId, e.status).lastInsertRowid);
    this.insertCalls(n, e.calls, e.at);
    for (const id of e.mentions) {
      const m = this.q.entityN.get(id) as { n: number } | undefined;
      if (!m) throw new Error(`episode ${e.id} mentions "${id}", which is not an entity`);
      this.q.mention.run(m.n, n);
    }
  }

  private hydrate(row: EpisodeRow): GraphEpisode {
    const calls = (this.q.calls.all(row.n) as { step: number; skill: string; intent: string; slots: string; outcome: string; duration_ms: number }[]).map((c) => ({
      step: c.step,
      skill: c.skill,
      intent: c.intent,
      slots: JSON.parse(c.slots) as Record<string, unknown>,
      outcome: c.outcome,
      durationMs: c.duration_ms,
    }));
    const mentions = (this.q.mentions.all(row.n) as { id: string }[]).map((m) => m.id);
    return { id: row.id, at: row.at, text: row.text, source: row.source, sessionId: row.session_id, status: row.status, calls, mentions };
  }

  get(id: string): GraphEpisode | undefined {
    const row = this.q.byId.get(id) as EpisodeRow | undefined;
    return row ? this.hydrate(row) : undefined;
  }

  /** Newest first, within [from, to), optionally only those mentioning an entity. */
  list(query: EpisodeQuery): GraphEpisode[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (query.from) {
      where.push('ep.at >= ?');
      args.push(query.from);
    }
    if (query.to) {
      where.push('ep.at < ?');
      args.push(query.to);
    }
    if (query.entityId) {
      where.push('ep.n IN (SELECT episode_n FROM graph_mentions WHERE entity_n = (SELECT n FROM graph_entities WHERE id = ?))');
      args.push(query.entityId);
    }
    const sql = `SELECT ep.* FROM graph_episodes ep ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ep.at DESC, ep.n DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, query.limit ?? 100) as EpisodeRow[]).map((r) => this.hydrate(r));
  }

  /** Every episode in insertion order, read in pages (no statement stays open while hydrating). */
  *all(): Generator<GraphEpisode> {
    const page = this.db.prepare('SELECT * FROM graph_episodes WHERE n > ? ORDER BY n LIMIT 500');
    for (let last = 0; ; ) {
      const rows = page.all(last) as EpisodeRow[];
      if (rows.length === 0) return;
      for (const row of rows) yield this.hydrate(row);
      last = rows.at(-1)!.n;
    }
  }
}
