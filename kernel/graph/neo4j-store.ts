/**
 * The scale-out knowledge graph: `GraphStore` on a Neo4j server through neo4j-driver
 * (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD). Each method is one managed transaction; the Cypher
 * lives in neo4j-queries.ts. Integers go to the server as neo4j.int (LIMIT/SKIP need them).
 */
import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import { Q, SCHEMA } from './neo4j-queries.js';
import { fromRel, episodeFromNode, nodeEntity, type Props } from './neo4j-map.js';
import type { EntityInput, EntityRef, EntityType, EpisodeInput, EpisodeQuery, FactInput, FactQuery, GraphEntity, GraphEpisode, GraphFact, GraphRecord, GraphStats, GraphStore, ImportCounts, Neighbourhood, TextHit } from './types.js';
import { exportRecords, importRecords } from './neo4j-transfer.js';
import { impliedAliases, isoNow, nameKey, newId, queryTokens, redactNames } from './util.js';

export interface Neo4jOptions {
  uri: string;
  user?: string;
  password?: string;
  database?: string;
  /** Namespace of this graph inside the database (default "default"). */
  graph?: string;
  clock?: () => string;
}

type Tx = ManagedTransaction;
const int = (n: number) => neo4j.int(Math.max(0, Math.floor(n)));

export class Neo4jGraphStore implements GraphStore {
  readonly backend = 'neo4j' as const;
  private readonly driver: Driver;
  private readonly g: string;
  private readonly database: string | undefined;
  private readonly clock: () => string;
  private seqCounter = 0;

  private constructor(options: Neo4jOptions) {
    this.driver = neo4j.driver(options.uri, neo4j.auth.basic(options.user ?? 'neo4j', options.password ?? ''), { disableLosslessIntegers: true });
    this.g = options.graph ?? 'default';
    this.database = options.database;
    this.clock = options.clock ?? isoNow;
  }

  /** Connects, checks the server answers, and creates constraints and indexes when missing. */
  static async open(options: Neo4jOptions): Promise<Neo4jGraphStore> {
    const store = new Neo4jGraphStore(options);
    try {
      await store.driver.verifyConnectivity();
      const session = store.session();
      try {
        for (const statement of SCHEMA) await session.run(statement);
        await session.run(Q.awaitIndexes);
      } finally {
        await session.close();
      }
    } catch (error) {
      await store.driver.close();
      throw new Error(`Cannot use the Neo4j server at ${options.uri} (${(error as Error).message}). Check that it runs and that NEO4J_USER/NEO4J_PASSWORD are right, or set graph.backend to sqlite.`);
    }
    return store;
  }

  private session() {
    return this.driver.session(this.database ? { database: this.database } : {});
  }

  /** Monotonic ordering key (insertion order, like SQLite's integer keys). */
  private seq(): number {
    return Date.now() * 1000 + (this.seqCounter++ % 1000);
  }

  private write<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.inSession((session) => session.executeWrite(work));
  }

  private read<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.inSession((session) => session.executeRead(work));
  }

  private async inSession<T>(use: (session: ReturnType<Neo4jGraphStore['session']>) => Promise<T>): Promise<T> {
    const session = this.session();
    try {
      return await use(session);
    } finally {
      await session.close();
    }
  }

  private async rows(tx: Tx, query: string, params: Record<string, unknown> = {}) {
    return (await tx.run(query, { g: this.g, ...params })).records;
  }

  // ---- entities ------------------------------------------------------------------------------

  private async entityTx(tx: Tx, id: string): Promise<GraphEntity | undefined> {
    const [r] = await this.rows(tx, Q.byId, { id });
    return r ? nodeEntity(r.get('e') as { properties: Props }) : undefined;
  }

  private async byKeyTx(tx: Tx, name: string, type: EntityType | null): Promise<GraphEntity[]> {
    return (await this.rows(tx, Q.byKey, { key: nameKey(name), type })).map((r) => nodeEntity(r.get('e') as { properties: Props }));
  }

  private async refreshAliases(tx: Tx, id: string): Promise<void> {
    const aliases = (await this.rows(tx, Q.aliasesOf, { id })).map((r) => r.get('alias') as string);
    const e = await this.entityTx(tx, id);
    await this.rows(tx, Q.setAliases, { id, aliases, aliasText: [e?.name ?? '', ...aliases].join(' ') });
  }

  private async createTx(tx: Tx, type: EntityType, name: string, attrs: Record<string, unknown>, at: string, lastSeen: string | null, extra: string[] = []): Promise<string> {
    const id = newId('e');
    await this.rows(tx, Q.createEntity(type), { id, type, name, attrs: JSON.stringify(attrs), createdAt: at, updatedAt: at, lastSeen, seq: this.seq() });
    await this.rows(tx, Q.addAlias, { id, key: nameKey(name), alias: name, isName: true });
    for (const a of [...impliedAliases(type, name), ...extra]) {
      if (nameKey(a) && nameKey(a) !== nameKey(name)) await this.rows(tx, Q.addAlias, { id, key: nameKey(a), alias: a.trim(), isName: false });
    }
    await this.refreshAliases(tx, id);
    return id;
  }

  private async resolveTx(tx: Tx, ref: EntityRef, at: string): Promise<string> {
    let found = (await this.byKeyTx(tx, ref.name, ref.type))[0];
    if (!found && ref.type !== 'skill') {
      const other = (await this.byKeyTx(tx, ref.name, null)).filter((e) => e.type !== 'skill');
      if (other.length === 1) found = other[0];
    }
    if (found) {
      await this.rows(tx, Q.touch, { id: found.id, at });
      return found.id;
    }
    return this.createTx(tx, ref.type, ref.name.trim(), {}, at, at);
  }

  async upsertEntity(input: EntityInput): Promise<GraphEntity> {
    const at = input.at ?? this.clock();
    if (!nameKey(input.name)) throw new Error('An entity needs a non-empty name.');
    return this.write(async (tx) => {
      const found = (await this.byKeyTx(tx, input.name, input.type))[0];
      let id: string;
      if (!found) id = await this.createTx(tx, input.type, input.name.trim(), input.attrs ?? {}, at, null, input.aliases ?? []);
      else {
        id = found.id;
        if (input.attrs && Object.keys(input.attrs).length > 0) await this.rows(tx, Q.setAttrs, { id, attrs: JSON.stringify({ ...found.attrs, ...input.attrs }), at });
        for (const a of [...impliedAliases(input.type, input.name), ...(input.aliases ?? [])]) {
          if (nameKey(a) && nameKey(a) !== nameKey(found.name)) await this.rows(tx, Q.addAlias, { id, key: nameKey(a), alias: a.trim(), isName: false });
        }
        await this.refreshAliases(tx, id);
      }
      return (await this.entityTx(tx, id))!;
    });
  }

  async getEntity(id: string): Promise<GraphEntity | undefined> {
    return this.read((tx) => this.entityTx(tx, id));
  }

  async findEntities(name: string, options: { type?: EntityType } = {}): Promise<GraphEntity[]> {
    return this.read((tx) => this.byKeyTx(tx, name, options.type ?? null));
  }

  async addAlias(entityId: string, alias: string): Promise<GraphEntity> {
    if (!nameKey(alias)) throw new Error('An alias cannot be empty.');
    return this.write(async (tx) => {
      if (!(await this.entityTx(tx, entityId))) throw new Error(`No entity has the id "${entityId}".`);
      await this.rows(tx, Q.addAlias, { id: entityId, key: nameKey(alias), alias: alias.trim(), isName: false });
      await this.rows(tx, Q.touched, { id: entityId, at: this.clock() });
      await this.refreshAliases(tx, entityId);
      return (await this.entityTx(tx, entityId))!;
    });
  }

  async mergeEntities(fromId: string, intoId: string): Promise<GraphEntity> {
    return this.write(async (tx) => {
      const from = await this.entityTx(tx, fromId);
      const into = await this.entityTx(tx, intoId);
      if (!from || !into) throw new Error(`Cannot merge: no entity has the id "${!from ? fromId : intoId}".`);
      if (fromId === intoId) return into;
      const p = { from: fromId, into: intoId, at: this.clock() };
      for (const q of [Q.mergeOutgoing, Q.mergeIncoming, Q.mergeMentions, Q.mergeCalls, Q.mergeAliases, Q.mergeLastSeen]) await this.rows(tx, q, p);
      await this.refreshAliases(tx, intoId);
      return (await this.entityTx(tx, intoId))!;
    });
  }

  async deleteEntity(id: string): Promise<{ facts: number; mentions: number }> {
    return this.write(async (tx) => {
      const entity = await this.entityTx(tx, id);
      if (!entity) return { facts: 0, mentions: 0 };
      const [counts] = await this.rows(tx, Q.countIncident, { id });
      const names = [entity.name, ...entity.aliases];
      for (const r of await this.rows(tx, Q.mentioningEpisodes, { id })) {
        await this.rows(tx, Q.setEpisodeText, { id: r.get('id') as string, text: redactNames(r.get('text') as string, names) });
      }
      await this.rows(tx, Q.deleteAliases, { id });
      await this.rows(tx, Q.detachDelete, { id });
      return { facts: Number(counts?.get('facts') ?? 0), mentions: Number(counts?.get('mentions') ?? 0) };
    });
  }

  // ---- facts ---------------------------------------------------------------------------------

  async assertFact(input: FactInput): Promise<{ fact: GraphFact; invalidated: GraphFact[]; created: boolean }> {
    return this.write(async (tx) => {
      if (!(await this.entityTx(tx, input.subjectId))) throw new Error(`No entity has the id "${input.subjectId}" (the fact's subject).`);
      if (input.objectId && !(await this.entityTx(tx, input.objectId))) throw new Error(`No entity has the id "${input.objectId}" (the fact's object).`);
      const o = input.objectId ?? null;
      const v = input.value ?? null;
      if (o === null && v === null) throw new Error('A fact needs an object entity or a value.');
      const p = input.predicate.trim().toLowerCase();
      const [same] = await this.rows(tx, Q.sameFact, { s: input.subjectId, p, o, v });
      if (same) return { fact: fromRel(same.get('r') as { properties: Props }), invalidated: [], created: false };
      const at = input.recordedAt ?? this.clock();
      const contradicted =
        input.exclusive === 'subject'
          ? await this.rows(tx, Q.contradictedBySubject, { id: input.subjectId, p })
          : input.exclusive === 'object' && o
            ? await this.rows(tx, Q.contradictedByObject, { id: o, p })
            : [];
      const invalidated: GraphFact[] = [];
      for (const c of contradicted) {
        const [r] = await this.rows(tx, Q.invalidate, { id: (c.get('r') as { properties: Props }).properties.id, at });
        if (r) invalidated.push(fromRel(r.get('r') as { properties: Props }));
      }
      const id = newId('f');
      const [created] = await this.rows(tx, Q.createFact, {
        id, s: input.subjectId, p, o, v, text: input.text, validFrom: input.validFrom ?? null, validTo: input.validTo ?? null,
        recordedAt: at, invalidatedAt: null, episodeId: input.episodeId ?? null, seq: this.seq(),
      });
      return { fact: fromRel(created!.get('r') as { properties: Props }), invalidated, created: true };
    });
  }

  async getFact(id: string): Promise<GraphFact | undefined> {
    return this.read(async (tx) => {
      const [r] = await this.rows(tx, Q.factById, { id });
      return r ? fromRel(r.get('r') as { properties: Props }) : undefined;
    });
  }

  async invalidateFact(id: string, at?: string): Promise<GraphFact | undefined> {
    return this.write(async (tx) => {
      await this.rows(tx, Q.invalidate, { id, at: at ?? this.clock() });
      const [r] = await this.rows(tx, Q.factById, { id });
      return r ? fromRel(r.get('r') as { properties: Props }) : undefined;
    });
  }

  async facts(query: FactQuery): Promise<GraphFact[]> {
    const where = ['r.g = $g'];
    if (query.subjectId) where.push('r.subjectId = $subjectId');
    if (query.objectId) where.push('r.objectId = $objectId');
    if (query.predicate) where.push('r.predicate = $predicate');
    if (query.asOf?.recorded) where.push('r.recordedAt <= $recorded AND (r.invalidatedAt IS NULL OR r.invalidatedAt > $recorded)');
    else if (!query.includeInvalidated) where.push('r.invalidatedAt IS NULL');
    if (query.asOf?.valid) where.push('(r.validFrom IS NULL OR r.validFrom <= $valid) AND (r.validTo IS NULL OR r.validTo > $valid)');
    const match = query.entityId ? 'MATCH (x:Entity {g: $g, id: $entityId})-[r:FACT]-() WITH DISTINCT r' : 'MATCH ()-[r:FACT]->()';
    const cypher = `${match} WHERE ${where.join(' AND ')} RETURN r ORDER BY r.recordedAt, r.seq LIMIT $limit`;
    return this.read(async (tx) =>
      (
        await this.rows(tx, cypher, {
          entityId: query.entityId ?? null, subjectId: query.subjectId ?? null, objectId: query.objectId ?? null,
          predicate: query.predicate?.trim().toLowerCase() ?? null, recorded: query.asOf?.recorded ?? null, valid: query.asOf?.valid ?? null,
          limit: int(query.limit ?? 1000),
        })
      ).map((r) => fromRel(r.get('r') as { properties: Props })),
    );
  }

  // ---- episodes ------------------------------------------------------------------------------

  private async insertEpisodeTx(tx: Tx, e: GraphEpisode | EpisodeInput, mentionIds: string[] | null): Promise<GraphEpisode> {
    const calls = e.calls.map((c) => ({ ...c, slots: c.slots ?? {} }));
    await this.rows(tx, Q.createEpisode, { id: e.id, at: e.at, text: e.text, source: e.source ?? null, sessionId: e.sessionId ?? null, status: e.status, calls: JSON.stringify(calls), seq: this.seq() });
    for (const c of calls) {
      const skill = await this.resolveTx(tx, { type: 'skill', name: c.skill }, e.at);
      await this.rows(tx, Q.linkCall, { episode: e.id, skill, step: c.step, intent: c.intent, outcome: c.outcome, durationMs: c.durationMs });
    }
    const mentions = new Set<string>();
    if (mentionIds) for (const id of mentionIds) mentions.add(id);
    else for (const m of (e as EpisodeInput).mentions) mentions.add(await this.resolveTx(tx, m, e.at));
    for (const entity of mentions) await this.rows(tx, Q.mention, { episode: e.id, entity });
    return { id: e.id, at: e.at, text: e.text, source: e.source ?? null, sessionId: e.sessionId ?? null, status: e.status, calls, mentions: [...mentions].sort() };
  }

  async recordEpisodes(episodes: EpisodeInput[]): Promise<GraphEpisode[]> {
    return this.write(async (tx) => {
      const out: GraphEpisode[] = [];
      for (const e of episodes) {
        if ((await this.rows(tx, Q.episodeExists, { id: e.id })).length > 0) out.push((await this.episodeTx(tx, e.id))!);
        else out.push(await this.insertEpisodeTx(tx, e, null));
      }
      return out;
    });
  }

  private async episodeTx(tx: Tx, id: string): Promise<GraphEpisode | undefined> {
    const [r] = await this.rows(tx, Q.episode, { id });
    return r ? episodeFromNode(r.get('ep') as { properties: Props }, r.get('mentions') as string[]) : undefined;
  }

  async getEpisode(id: string): Promise<GraphEpisode | undefined> {
    return this.read((tx) => this.episodeTx(tx, id));
  }

  async episodes(query: EpisodeQuery): Promise<GraphEpisode[]> {
    return this.read(async (tx) =>
      (await this.rows(tx, Q.episodes, { from: query.from ?? null, to: query.to ?? null, entity: query.entityId ?? null, limit: int(query.limit ?? 100) })).map((r) =>
        episodeFromNode(r.get('ep') as { properties: Props }, r.get('mentions') as string[]),
      ),
    );
  }

  // ---- retrieval -----------------------------------------------------------------------------

  async neighbourhood(entityId: string, options: { depth?: 1 | 2; limit?: number } = {}): Promise<Neighbourhood> {
    const limit = options.limit ?? 200;
    return this.read(async (tx) => {
      if (!(await this.entityTx(tx, entityId))) return { entities: [], facts: [] };
      const facts = new Map<string, GraphFact>();
      const seen = new Set([entityId]);
      let frontier = [entityId];
      for (let depth = 0; depth < (options.depth ?? 2) && frontier.length > 0 && facts.size < limit; depth++) {
        const next: string[] = [];
        for (const r of await this.rows(tx, Q.incident, { ids: frontier, limit: int(limit - facts.size) })) {
          const f = fromRel(r.get('r') as { properties: Props });
          facts.set(f.id, f);
          for (const id of [f.subjectId, f.objectId]) {
            if (id && !seen.has(id)) {
              seen.add(id);
              next.push(id);
            }
          }
        }
        frontier = next;
      }
      seen.delete(entityId);
      const entities = (await this.rows(tx, Q.entitiesByIds, { ids: [...seen] })).map((r) => nodeEntity(r.get('e') as { properties: Props }));
      return { entities, facts: [...facts.values()] };
    });
  }

  async searchText(query: string, options: { limit?: number; type?: EntityType } = {}): Promise<TextHit[]> {
    const tokens = queryTokens(query);
    if (tokens.length === 0) return [];
    const q = tokens.map((t) => `${t}*`).join(' OR ');
    const limit = int(options.limit ?? 20);
    const type = options.type ?? null;
    return this.read(async (tx) => {
      const hits: TextHit[] = (await this.rows(tx, Q.searchNames, { q, type, limit })).map((r) => ({ entityId: r.get('entityId') as string, score: r.get('score') as number, field: 'name' as const }));
      for (const r of await this.rows(tx, Q.searchFacts, { q, limit })) {
        const score = r.get('score') as number;
        const factId = r.get('factId') as string;
        if (!type || r.get('subjectType') === type) hits.push({ entityId: r.get('subjectId') as string, score, field: 'fact', factId });
        const objectId = r.get('objectId') as string | null;
        if (objectId && (!type || r.get('objectType') === type)) hits.push({ entityId: objectId, score: score / 2, field: 'fact', factId });
      }
      return hits.sort((a, b) => b.score - a.score);
    });
  }

  async stats(): Promise<GraphStats> {
    return this.read(async (tx) => {
      const out: Record<string, number> = {};
      for (const [key, q] of Object.entries(Q.count)) out[key] = Number((await this.rows(tx, q))[0]?.get('c') ?? 0);
      const byType = Object.fromEntries((await this.rows(tx, Q.byType)).map((r) => [r.get('type') as string, Number(r.get('c'))]));
      return { backend: 'neo4j', entities: out.entities!, aliases: out.aliases!, facts: out.facts!, currentFacts: out.currentFacts!, episodes: out.episodes!, mentions: out.mentions!, skillCalls: out.skillCalls!, byType };
    });
  }

  /** The portable record stream (neo4j-transfer.ts). */
  exportRecords(): AsyncIterable<GraphRecord> {
    return exportRecords((query, params) => this.read((tx) => this.rows(tx, query, params)), this.clock());
  }

  async importRecords(records: readonly GraphRecord[]): Promise<ImportCounts> {
    return this.write((tx) =>
      importRecords(records, {
        rows: (query, params) => this.rows(tx, query, params),
        hasEntity: async (id) => (await this.entityTx(tx, id)) !== undefined,
        refreshAliases: (id) => this.refreshAliases(tx, id),
        insertEpisode: async (episode, mentions) => void (await this.insertEpisodeTx(tx, episode, mentions)),
        seq: () => this.seq(),
      }),
    );
  }

  async getMeta(key: string): Promise<string | undefined> {
    return this.read(async (tx) => ((await this.rows(tx, Q.getMeta, { key }))[0]?.get('value') as string | undefined) ?? undefined);
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.write((tx) => this.rows(tx, Q.setMeta, { key, value }));
  }

  /** Deletes every node of this graph namespace (tests; `agentos graph import --replace`). */
  async dropGraph(): Promise<void> {
    await this.write((tx) => this.rows(tx, Q.dropGraph));
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}
