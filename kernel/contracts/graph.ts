/**
 * The personal knowledge graph as skills see it: plain data types for entities, bi-temporal
 * facts and episodes, and the `GraphCapability` the kernel hands to built-in skills as `ctx.graph`.
 * The storage backends (SQLite, Neo4j) live in kernel/graph and implement a wider interface.
 */

export const ENTITY_TYPES = ['person', 'place', 'organization', 'project', 'file', 'app', 'skill', 'topic'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export interface GraphEntity {
  id: string;
  type: EntityType;
  /** The canonical name, as the user wrote it ("Robert Smith"). */
  name: string;
  /** Other names that resolve to this entity ("Bob", "Robert"). */
  aliases: string[];
  attrs: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  /** When an episode last mentioned it (recency for retrieval). */
  lastSeen: string | null;
}

/**
 * A fact is an edge `subject —predicate→ object` (object an entity, or a literal `value`).
 * Bi-temporal: `validFrom`/`validTo` say when it is true in the world, `recordedAt`/`invalidatedAt`
 * when the system believed it. A contradicting fact sets `invalidatedAt` on the old one; nothing is deleted.
 */
export interface GraphFact {
  id: string;
  subjectId: string;
  predicate: string;
  objectId: string | null;
  value: string | null;
  /** The sentence it came from, for display and full-text search. */
  text: string;
  validFrom: string | null;
  validTo: string | null;
  recordedAt: string;
  invalidatedAt: string | null;
  /** The episode (request) that asserted it. */
  episodeId: string | null;
}

export interface GraphSkillCall {
  step: number;
  skill: string;
  intent: string;
  slots: Record<string, unknown>;
  outcome: string;
  durationMs: number;
}

/** One request the user made, with the skills it called and the entities it mentioned. */
export interface GraphEpisode {
  id: string;
  at: string;
  text: string;
  source: string | null;
  sessionId: string | null;
  status: string;
  calls: GraphSkillCall[];
  /** Ids of the entities it mentions. */
  mentions: string[];
}

export interface GraphSearchHit {
  entity: GraphEntity;
  score: number;
  /** Why it ranked: matched name/fact text, neighbourhood, recency. */
  why: string[];
}

export interface GraphResolution {
  /** The best candidate when it is clearly ahead; absent when none or ambiguous. */
  entity?: GraphEntity;
  candidates: GraphSearchHit[];
  ambiguous: boolean;
}

export interface FactAssertion {
  subject: { name: string; type?: EntityType };
  predicate: string;
  object?: { name: string; type?: EntityType };
  value?: string;
  text: string;
  validFrom?: string;
  /** Which earlier facts a new one contradicts: same subject+predicate, same object+predicate, or none. */
  exclusive?: 'subject' | 'object' | 'none';
}

export interface GraphAbout {
  entity: GraphEntity;
  facts: GraphFact[];
  /** Entities the current facts connect it to, by id. */
  related: GraphEntity[];
  episodes: GraphEpisode[];
}

/** Access to the user's knowledge graph. Granted only to built-in skills. */
export interface GraphCapability {
  /** The entity standing for the user ("me", "my"). */
  me(): Promise<GraphEntity>;
  /** Hybrid retrieval: BM25 over names and facts, graph neighbourhood and recency. */
  search(query: string, options?: { limit?: number; type?: EntityType }): Promise<GraphSearchHit[]>;
  /** Which entity a name refers to ("Alice" → Alice Chen), or the candidates when ambiguous. */
  resolve(name: string, options?: { type?: EntityType }): Promise<GraphResolution>;
  about(entityId: string, options?: { episodes?: number }): Promise<GraphAbout | undefined>;
  upsertEntity(input: { type: EntityType; name: string; aliases?: string[] }): Promise<GraphEntity>;
  /** "Bob is Robert Smith": adds the alias, merging an entity already called that into this one. */
  addAlias(entityId: string, alias: string): Promise<GraphEntity>;
  assertFact(input: FactAssertion): Promise<{ fact: GraphFact; invalidated: GraphFact[]; created: boolean }>;
  facts(query: { entityId: string; includeInvalidated?: boolean }): Promise<GraphFact[]>;
  /** Marks a fact as no longer believed (kept for history). */
  invalidateFact(id: string): Promise<GraphFact | undefined>;
  /** Hard delete: the entity, its aliases, facts and mention links. */
  deleteEntity(id: string): Promise<{ facts: number; mentions: number }>;
  episodes(query: { from?: string; to?: string; entityId?: string; limit?: number }): Promise<GraphEpisode[]>;
}
