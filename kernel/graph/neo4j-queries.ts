/**
 * Cypher templates of the Neo4j backend. The model: (:Entity:<Type> {g, id, …}) nodes, one
 * (:Alias {g, key, alias, isName, entityId}) node per name for indexed lookup, facts as
 * [:FACT] relationships (a literal-valued fact is a loop on its subject carrying `value`),
 * (:Episode) nodes with [:MENTIONS] to entities and [:CALLED] to skill entities, and
 * (:GraphMeta) for cursors. `g` namespaces one graph in a shared database (tests use their own).
 * All user values travel as parameters; only the type label comes from a fixed list.
 */
import type { EntityType } from './types.js';

export const TYPE_LABELS: Record<EntityType, string> = {
  person: 'Person',
  place: 'Place',
  organization: 'Organization',
  project: 'Project',
  file: 'File',
  app: 'App',
  skill: 'Skill',
  topic: 'Topic',
};

export const SCHEMA: readonly string[] = [
  'CREATE CONSTRAINT agentos_entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE (e.g, e.id) IS UNIQUE',
  'CREATE CONSTRAINT agentos_episode_id IF NOT EXISTS FOR (e:Episode) REQUIRE (e.g, e.id) IS UNIQUE',
  'CREATE INDEX agentos_alias_key IF NOT EXISTS FOR (a:Alias) ON (a.key)',
  'CREATE INDEX agentos_alias_entity IF NOT EXISTS FOR (a:Alias) ON (a.entityId)',
  'CREATE INDEX agentos_fact_id IF NOT EXISTS FOR ()-[r:FACT]-() ON (r.id)',
  'CREATE INDEX agentos_episode_at IF NOT EXISTS FOR (e:Episode) ON (e.at)',
  'CREATE INDEX agentos_meta_key IF NOT EXISTS FOR (m:GraphMeta) ON (m.key)',
  'CREATE FULLTEXT INDEX agentos_names IF NOT EXISTS FOR (e:Entity) ON EACH [e.aliasText]',
  'CREATE FULLTEXT INDEX agentos_facts IF NOT EXISTS FOR ()-[r:FACT]-() ON EACH [r.ftText]',
];

export const Q = {
  awaitIndexes: 'CALL db.awaitIndexes(120)',
  byKey: `MATCH (a:Alias {g: $g, key: $key})
    MATCH (e:Entity {g: $g, id: a.entityId})
    WHERE $type IS NULL OR e.type = $type
    RETURN e, a.isName AS isName
    ORDER BY isName DESC, coalesce(e.lastSeen, '') DESC, e.seq`,
  byId: 'MATCH (e:Entity {g: $g, id: $id}) RETURN e',
  createEntity: (type: EntityType) =>
    `CREATE (e:Entity:${TYPE_LABELS[type]} {g: $g, id: $id, type: $type, name: $name, attrs: $attrs, createdAt: $createdAt,
       updatedAt: $updatedAt, lastSeen: $lastSeen, seq: $seq, aliases: [], aliasText: $name}) RETURN e`,
  addAlias: `MERGE (a:Alias {g: $g, key: $key, entityId: $id}) ON CREATE SET a.alias = $alias, a.isName = $isName`,
  aliasesOf: 'MATCH (a:Alias {g: $g, entityId: $id}) WHERE a.isName = false RETURN a.alias AS alias ORDER BY alias',
  setAliases: 'MATCH (e:Entity {g: $g, id: $id}) SET e.aliases = $aliases, e.aliasText = $aliasText',
  setAttrs: 'MATCH (e:Entity {g: $g, id: $id}) SET e.attrs = $attrs, e.updatedAt = $at',
  touched: 'MATCH (e:Entity {g: $g, id: $id}) SET e.updatedAt = $at',
  touch: `MATCH (e:Entity {g: $g, id: $id}) WHERE e.lastSeen IS NULL OR e.lastSeen < $at SET e.lastSeen = $at`,
  deleteAliases: 'MATCH (a:Alias {g: $g, entityId: $id}) DELETE a',
  // Facts -----------------------------------------------------------------------------------
  sameFact: `MATCH (s:Entity {g: $g, id: $s})-[r:FACT]->()
    WHERE r.predicate = $p AND r.invalidatedAt IS NULL
      AND coalesce(r.objectId, '') = coalesce($o, '') AND coalesce(r.value, '\u0000') = coalesce($v, '\u0000')
    RETURN r LIMIT 1`,
  contradictedBySubject: `MATCH (s:Entity {g: $g, id: $id})-[r:FACT]->() WHERE r.predicate = $p AND r.invalidatedAt IS NULL RETURN r`,
  contradictedByObject: `MATCH ()-[r:FACT]->(o:Entity {g: $g, id: $id}) WHERE r.predicate = $p AND r.invalidatedAt IS NULL AND r.objectId = $id RETURN r`,
  invalidate: `MATCH ()-[r:FACT {id: $id}]->() WHERE r.g = $g AND r.invalidatedAt IS NULL SET r.invalidatedAt = $at REMOVE r.ftText RETURN r`,
  /** `$o` null: a literal fact, stored as a loop on the subject. */
  createFact: `MATCH (s:Entity {g: $g, id: $s})
    OPTIONAL MATCH (o:Entity {g: $g, id: $o})
    WITH s, coalesce(o, s) AS target
    CREATE (s)-[r:FACT {g: $g, id: $id, subjectId: $s, predicate: $p, objectId: $o, value: $v, text: $text, validFrom: $validFrom,
      validTo: $validTo, recordedAt: $recordedAt, invalidatedAt: $invalidatedAt, episodeId: $episodeId, seq: $seq}]->(target)
    FOREACH (_ IN CASE WHEN $invalidatedAt IS NULL THEN [1] ELSE [] END | SET r.ftText = $text)
    RETURN r`,
  factById: 'MATCH ()-[r:FACT {id: $id}]->() WHERE r.g = $g RETURN r',
  deleteFactById: 'MATCH ()-[r:FACT {id: $id}]->() WHERE r.g = $g DELETE r',
  /** Facts whose endpoints include any of `$ids`, current and between entities. */
  incident: `MATCH (y:Entity {g: $g})-[r:FACT]-(z:Entity)
    WHERE y.id IN $ids AND r.invalidatedAt IS NULL AND r.objectId IS NOT NULL
    WITH DISTINCT r ORDER BY r.seq LIMIT $limit RETURN r`,
  entitiesByIds: 'MATCH (e:Entity {g: $g}) WHERE e.id IN $ids RETURN e',
  // Merge and delete --------------------------------------------------------------------------
  mergeOutgoing: `MATCH (a:Entity {g: $g, id: $from}), (b:Entity {g: $g, id: $into})
    MATCH (a)-[r:FACT]->(o:Entity)
    WITH a, b, r, CASE WHEN o = a THEN b ELSE o END AS target
    CREATE (b)-[r2:FACT]->(target)
    SET r2 = properties(r), r2.subjectId = $into, r2.objectId = CASE WHEN r.objectId = $from THEN $into ELSE r.objectId END
    DELETE r`,
  mergeIncoming: `MATCH (a:Entity {g: $g, id: $from}), (b:Entity {g: $g, id: $into})
    MATCH (s:Entity)-[r:FACT]->(a) WHERE s <> a
    CREATE (s)-[r2:FACT]->(b) SET r2 = properties(r), r2.objectId = $into
    DELETE r`,
  mergeMentions: `MATCH (a:Entity {g: $g, id: $from}), (b:Entity {g: $g, id: $into})
    MATCH (ep:Episode)-[m:MENTIONS]->(a) MERGE (ep)-[:MENTIONS]->(b) DELETE m`,
  mergeCalls: `MATCH (a:Entity {g: $g, id: $from}), (b:Entity {g: $g, id: $into})
    MATCH (ep:Episode)-[c:CALLED]->(a) CREATE (ep)-[c2:CALLED]->(b) SET c2 = properties(c) DELETE c`,
  mergeAliases: `MATCH (al:Alias {g: $g, entityId: $from})
    MERGE (x:Alias {g: $g, key: al.key, entityId: $into}) ON CREATE SET x.alias = al.alias, x.isName = false
    DELETE al`,
  mergeLastSeen: `MATCH (a:Entity {g: $g, id: $from}), (b:Entity {g: $g, id: $into})
    SET b.lastSeen = CASE WHEN a.lastSeen IS NOT NULL AND (b.lastSeen IS NULL OR a.lastSeen > b.lastSeen) THEN a.lastSeen ELSE b.lastSeen END,
        b.updatedAt = $at
    DETACH DELETE a`,
  countIncident: `MATCH (e:Entity {g: $g, id: $id})
    OPTIONAL MATCH (e)-[r:FACT]-() WITH e, count(DISTINCT r) AS facts
    OPTIONAL MATCH (:Episode)-[m:MENTIONS]->(e) RETURN facts, count(m) AS mentions`,
  mentioningEpisodes: 'MATCH (ep:Episode)-[:MENTIONS]->(e:Entity {g: $g, id: $id}) RETURN ep.id AS id, ep.text AS text',
  setEpisodeText: 'MATCH (ep:Episode {g: $g, id: $id}) SET ep.text = $text',
  detachDelete: 'MATCH (e:Entity {g: $g, id: $id}) DETACH DELETE e',
  // Episodes ----------------------------------------------------------------------------------
  episodeExists: 'MATCH (ep:Episode {g: $g, id: $id}) RETURN ep.id AS id',
  createEpisode: `CREATE (ep:Episode {g: $g, id: $id, at: $at, text: $text, source: $source, sessionId: $sessionId, status: $status,
    calls: $calls, seq: $seq})`,
  deleteEpisode: 'MATCH (ep:Episode {g: $g, id: $id}) DETACH DELETE ep',
  linkCall: `MATCH (ep:Episode {g: $g, id: $episode}), (s:Entity {g: $g, id: $skill})
    CREATE (ep)-[:CALLED {step: $step, intent: $intent, outcome: $outcome, durationMs: $durationMs}]->(s)`,
  mention: `MATCH (ep:Episode {g: $g, id: $episode}), (e:Entity {g: $g, id: $entity}) MERGE (ep)-[:MENTIONS]->(e)`,
  episode: `MATCH (ep:Episode {g: $g, id: $id}) OPTIONAL MATCH (ep)-[:MENTIONS]->(e:Entity)
    WITH ep, e.id AS eid ORDER BY eid RETURN ep, collect(eid) AS mentions`,
  episodes: `MATCH (ep:Episode {g: $g})
    WHERE ($from IS NULL OR ep.at >= $from) AND ($to IS NULL OR ep.at < $to)
      AND ($entity IS NULL OR EXISTS { (ep)-[:MENTIONS]->(:Entity {g: $g, id: $entity}) })
    WITH ep ORDER BY ep.at DESC, ep.seq DESC LIMIT $limit
    OPTIONAL MATCH (ep)-[:MENTIONS]->(e:Entity) WITH ep, e.id AS eid ORDER BY eid
    WITH ep, collect(eid) AS mentions ORDER BY ep.at DESC, ep.seq DESC
    RETURN ep, mentions`,
  // Search, stats, export, meta ---------------------------------------------------------------
  searchNames: `CALL db.index.fulltext.queryNodes('agentos_names', $q) YIELD node, score
    WHERE node.g = $g AND ($type IS NULL OR node.type = $type)
    RETURN node.id AS entityId, score ORDER BY score DESC LIMIT $limit`,
  searchFacts: `CALL db.index.fulltext.queryRelationships('agentos_facts', $q) YIELD relationship, score
    WHERE relationship.g = $g
    WITH relationship AS r, score, startNode(relationship) AS s, endNode(relationship) AS o
    RETURN r.id AS factId, s.id AS subjectId, s.type AS subjectType, r.objectId AS objectId, o.type AS objectType, score
    ORDER BY score DESC LIMIT $limit`,
  count: {
    entities: 'MATCH (e:Entity {g: $g}) RETURN count(e) AS c',
    aliases: 'MATCH (a:Alias {g: $g}) WHERE a.isName = false RETURN count(a) AS c',
    facts: 'MATCH ()-[r:FACT]->() WHERE r.g = $g RETURN count(r) AS c',
    currentFacts: 'MATCH ()-[r:FACT]->() WHERE r.g = $g AND r.invalidatedAt IS NULL RETURN count(r) AS c',
    episodes: 'MATCH (ep:Episode {g: $g}) RETURN count(ep) AS c',
    mentions: 'MATCH (:Episode {g: $g})-[m:MENTIONS]->() RETURN count(m) AS c',
    skillCalls: 'MATCH (:Episode {g: $g})-[c:CALLED]->() RETURN count(c) AS c',
  },
  byType: 'MATCH (e:Entity {g: $g}) RETURN e.type AS type, count(*) AS c',
  exportEntities: 'MATCH (e:Entity {g: $g}) RETURN e ORDER BY e.seq SKIP $skip LIMIT $limit',
  exportFacts: 'MATCH ()-[r:FACT]->() WHERE r.g = $g RETURN r ORDER BY r.seq SKIP $skip LIMIT $limit',
  exportEpisodes: `MATCH (ep:Episode {g: $g}) WITH ep ORDER BY ep.seq SKIP $skip LIMIT $limit
    OPTIONAL MATCH (ep)-[:MENTIONS]->(e:Entity) WITH ep, e.id AS eid ORDER BY eid
    WITH ep, collect(eid) AS mentions ORDER BY ep.seq RETURN ep, mentions`,
  importEntity: (type: EntityType) =>
    `MERGE (e:Entity {g: $g, id: $id}) SET e:${TYPE_LABELS[type]}, e.type = $type, e.name = $name, e.attrs = $attrs,
       e.createdAt = $createdAt, e.updatedAt = $updatedAt, e.lastSeen = $lastSeen, e.seq = $seq`,
  getMeta: 'MATCH (m:GraphMeta {g: $g, key: $key}) RETURN m.value AS value',
  setMeta: 'MERGE (m:GraphMeta {g: $g, key: $key}) SET m.value = $value',
  dropGraph: 'MATCH (n) WHERE n.g = $g DETACH DELETE n',
};
