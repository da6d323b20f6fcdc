/**
 * The `GraphStore` interface both knowledge-graph backends implement (SQLite embedded, Neo4j
 * scale-out), and the inputs it takes. Each backend keeps its own query templates; only this
 * interface is shared, and one conformance suite (tests/graph/conformance.ts) checks both.
 */
import type { EntityType, GraphEntity, GraphEpisode, GraphFact, GraphSkillCall } from '../contracts/index.js';

export type { EntityType, GraphEntity, GraphEpisode, GraphFact, GraphSkillCall } from '../contracts/index.js';
export { ENTITY_TYPES } from '../contracts/index.js';

/** A reference to an entity by name: resolved through names and aliases (case-insensitive), created when new. */
export interface EntityRef {
  type: EntityType;
  name: string;
}

export interface EntityInput extends EntityRef {
  aliases?: string[];
  attrs?: Record<string, unknown>;
  /** Time of the change (defaults to now). */
  at?: string;
}

export interface FactInput {
  subjectId: string;
  predicate: string;
  objectId?: string | null;
  value?: string | null;
  text: string;
  validFrom?: string | null;
  validTo?: string | null;
  /** System time of recording (defaults to now). */
  recordedAt?: string;
  episodeId?: string | null;
  /** Invalidate current facts it contradicts: same subject+predicate, or same object+predicate. */
  exclusive?: 'subject' | 'object' | 'none';
}

export interface EpisodeInput {
  id: string;
  at: string;
  text: string;
  source?: string | null;
  sessionId?: string | null;
  status: string;
  calls: GraphSkillCall[];
  /** Entities it mentions, resolved by name/alias (or created) inside the same transaction. */
  mentions: EntityRef[];
}

export interface FactQuery {
  /** Facts where this entity is subject or object. */
  entityId?: string;
  subjectId?: string;
  objectId?: string;
  predicate?: string;
  /** Include facts the system no longer believes (default false). */
  includeInvalidated?: boolean;
  /** Bi-temporal "as of": facts true in the world at `valid` and believed by the system at `recorded`. */
  asOf?: { valid?: string; recorded?: string };
  limit?: number;
}

export interface EpisodeQuery {
  from?: string;
  to?: string;
  entityId?: string;
  limit?: number;
}

export interface TextHit {
  entityId: string;
  /** Higher is better (BM25 turned positive). */
  score: number;
  /** What matched: 'name' or 'fact'. */
  field: 'name' | 'fact';
  factId?: string;
}

export interface Neighbourhood {
  entities: GraphEntity[];
  facts: GraphFact[];
}

export interface GraphStats {
  backend: 'sqlite' | 'neo4j';
  entities: number;
  aliases: number;
  facts: number;
  currentFacts: number;
  episodes: number;
  mentions: number;
  skillCalls: number;
  byType: Partial<Record<EntityType, number>>;
}

/** One line of the portable JSON-lines export. */
export type GraphRecord =
  | { kind: 'header'; format: 'agentos-graph'; version: 1; exportedAt: string }
  | ({ kind: 'entity' } & GraphEntity)
  | ({ kind: 'fact' } & GraphFact)
  | ({ kind: 'episode' } & GraphEpisode);

export interface ImportCounts {
  entities: number;
  facts: number;
  episodes: number;
}

export interface GraphStore {
  readonly backend: 'sqlite' | 'neo4j';
  /** Creates the entity, or returns the one with that type and name/alias (adding new aliases). */
  upsertEntity(input: EntityInput): Promise<GraphEntity>;
  getEntity(id: string): Promise<GraphEntity | undefined>;
  /** Entities whose name or alias equals `name` (case-insensitive), most recently seen first. */
  findEntities(name: string, options?: { type?: EntityType }): Promise<GraphEntity[]>;
  addAlias(entityId: string, alias: string): Promise<GraphEntity>;
  /** Moves facts, mentions and aliases of `fromId` onto `intoId` and deletes `fromId`. */
  mergeEntities(fromId: string, intoId: string): Promise<GraphEntity>;
  /** Hard delete of the entity, its aliases, the facts it takes part in and its mention links. */
  deleteEntity(id: string): Promise<{ facts: number; mentions: number }>;
  /** Records a fact; an identical current fact is returned as is; contradicted facts are invalidated. */
  assertFact(input: FactInput): Promise<{ fact: GraphFact; invalidated: GraphFact[]; created: boolean }>;
  getFact(id: string): Promise<GraphFact | undefined>;
  invalidateFact(id: string, at?: string): Promise<GraphFact | undefined>;
  facts(query: FactQuery): Promise<GraphFact[]>;
  /** Writes episodes (with skill calls and mentions) in one transaction; returns them with mention ids. */
  recordEpisodes(episodes: EpisodeInput[]): Promise<GraphEpisode[]>;
  getEpisode(id: string): Promise<GraphEpisode | undefined>;
  episodes(query: EpisodeQuery): Promise<GraphEpisode[]>;
  /** Entities and current facts within `depth` hops (1 or 2) of an entity. */
  neighbourhood(entityId: string, options?: { depth?: 1 | 2; limit?: number }): Promise<Neighbourhood>;
  /** Full-text (BM25) search over entity names, aliases and current facts. */
  searchText(query: string, options?: { limit?: number; type?: EntityType }): Promise<TextHit[]>;
  stats(): Promise<GraphStats>;
  /** Everything, in an order an import can replay (entities, facts, episodes). */
  exportRecords(): AsyncIterable<GraphRecord>;
  /** Writes records all-or-nothing (one transaction), keeping ids and times. */
  importRecords(records: readonly GraphRecord[]): Promise<ImportCounts>;
  /** A learner's cursor (e.g. the last event-log sequence ingested). */
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}
