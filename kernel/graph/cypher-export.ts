/**
 * Export of the graph as a Cypher script that loads into Neo4j (cypher-shell -f FILE, or the
 * Browser), producing exactly the model the Neo4j backend uses (neo4j-queries.ts), so the loaded
 * graph can be served by `graph.backend = neo4j`. Values are written as escaped literals in
 * UNWIND batches; one statement per line, each ending in ";".
 */
import { SCHEMA, TYPE_LABELS } from './neo4j-queries.js';
import type { EntityType, GraphEntity, GraphEpisode, GraphFact, GraphStore } from './types.js';
import { nameKey } from './util.js';
import { writeLinesAtomically } from './write-lines.js';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A Cypher literal for a JSON-like value (strings escaped, no raw control characters). */
export function cypherLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a Cypher number`);
    return Number.isInteger(value) ? String(value) : String(value).includes('e') || String(value).includes('.') ? String(value) : `${value}.0`;
  }
  if (typeof value === 'string') {
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
    return `'${value.replace(/[\\'\u0000-\u001f\u007f\u2028\u2029]/g, (c) => {
      if (c === '\\') return '\\\\';
      if (c === "'") return "\\'";
      if (c === '\n') return '\\n';
      if (c === '\r') return '\\r';
      if (c === '\t') return '\\t';
      return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    })}'`;
  }
  if (Array.isArray(value)) return `[${value.map(cypherLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${IDENT.test(k) ? k : `\`${k.replace(/`/g, '``')}\``}: ${cypherLiteral(v)}`)
      .join(', ')}}`;
  }
  throw new Error(`cannot write a ${typeof value} as a Cypher literal`);
}

function* batches<T>(items: readonly T[], size = 500): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** The statements, in load order. `graph` is the namespace (`g`) the Neo4j backend reads. */
export async function* cypherStatements(store: GraphStore, graph = 'default'): AsyncGenerator<string> {
  const entities: GraphEntity[] = [];
  const facts: GraphFact[] = [];
  const episodes: GraphEpisode[] = [];
  for await (const record of store.exportRecords()) {
    if (record.kind === 'header') continue;
    const { kind, ...r } = record;
    if (kind === 'entity') entities.push(r as GraphEntity);
    else if (kind === 'fact') facts.push(r as GraphFact);
    else episodes.push(r as GraphEpisode);
  }
  const g = cypherLiteral(graph);
  let seq = 0;
  for (const s of SCHEMA) yield `${s};`;
  for (const type of Object.keys(TYPE_LABELS) as EntityType[]) {
    for (const batch of batches(entities.filter((e) => e.type === type))) {
      const rows = batch.map((e) => ({
        id: e.id, type: e.type, name: e.name, attrs: JSON.stringify(e.attrs), createdAt: e.createdAt, updatedAt: e.updatedAt,
        lastSeen: e.lastSeen, seq: ++seq, aliases: [...e.aliases].sort(), aliasText: [e.name, ...e.aliases].join(' '),
      }));
      yield `UNWIND ${cypherLiteral(rows)} AS row MERGE (e:Entity {g: ${g}, id: row.id}) SET e:${TYPE_LABELS[type]}, e.type = row.type, e.name = row.name, e.attrs = row.attrs, e.createdAt = row.createdAt, e.updatedAt = row.updatedAt, e.lastSeen = row.lastSeen, e.seq = row.seq, e.aliases = row.aliases, e.aliasText = row.aliasText;`;
    }
  }
  const aliases = entities.flatMap((e) => [
    { key: nameKey(e.name), entityId: e.id, alias: e.name, isName: true },
    ...e.aliases.filter((a) => nameKey(a) && nameKey(a) !== nameKey(e.name)).map((a) => ({ key: nameKey(a), entityId: e.id, alias: a, isName: false })),
  ]);
  for (const batch of batches(aliases)) {
    yield `UNWIND ${cypherLiteral(batch)} AS row MERGE (a:Alias {g: ${g}, key: row.key, entityId: row.entityId}) SET a.alias = row.alias, a.isName = row.isName;`;
  }
  for (const batch of batches(facts)) {
    const rows = batch.map((f) => ({ ...f, g: graph, seq: ++seq, ...(f.invalidatedAt === null ? { ftText: f.text } : {}) }));
    yield `UNWIND ${cypherLiteral(rows)} AS row MATCH (s:Entity {g: ${g}, id: row.subjectId}) OPTIONAL MATCH (o:Entity {g: ${g}, id: row.objectId}) WITH row, s, coalesce(o, s) AS target CREATE (s)-[r:FACT]->(target) SET r = row;`;
  }
  const skillIds = new Map(entities.filter((e) => e.type === 'skill').map((e) => [nameKey(e.name), e.id]));
  for (const batch of batches(episodes)) {
    const rows = batch.map((e) => ({ id: e.id, at: e.at, text: e.text, source: e.source, sessionId: e.sessionId, status: e.status, calls: JSON.stringify(e.calls), seq: ++seq }));
    yield `UNWIND ${cypherLiteral(rows)} AS row MERGE (ep:Episode {g: ${g}, id: row.id}) SET ep.at = row.at, ep.text = row.text, ep.source = row.source, ep.sessionId = row.sessionId, ep.status = row.status, ep.calls = row.calls, ep.seq = row.seq;`;
  }
  for (const batch of batches(episodes.flatMap((e) => e.mentions.map((m) => ({ episode: e.id, entity: m }))))) {
    yield `UNWIND ${cypherLiteral(batch)} AS row MATCH (ep:Episode {g: ${g}, id: row.episode}), (e:Entity {g: ${g}, id: row.entity}) MERGE (ep)-[:MENTIONS]->(e);`;
  }
  const calls = episodes.flatMap((e) =>
    e.calls.flatMap((c) => {
      const skill = skillIds.get(nameKey(c.skill));
      return skill ? [{ episode: e.id, skill, step: c.step, intent: c.intent, outcome: c.outcome, durationMs: c.durationMs }] : [];
    }),
  );
  for (const batch of batches(calls)) {
    yield `UNWIND ${cypherLiteral(batch)} AS row MATCH (ep:Episode {g: ${g}, id: row.episode}), (s:Entity {g: ${g}, id: row.skill}) CREATE (ep)-[:CALLED {step: row.step, intent: row.intent, outcome: row.outcome, durationMs: row.durationMs}]->(s);`;
  }
}

export async function exportCypher(store: GraphStore, file: string, graph = 'default'): Promise<number> {
  const header = `// AgentOS knowledge graph, exported ${new Date().toISOString()} (graph "${graph.replace(/[\r\n]/g, ' ')}").\n// Load it with: cypher-shell -a $NEO4J_URI -u $NEO4J_USER -p $NEO4J_PASSWORD -f ${file.replace(/[\r\n]/g, ' ')}`;
  // the header's two lines are not statements
  return (await writeLinesAtomically(file, (async function* () {
    yield header;
    yield* cypherStatements(store, graph);
  })())) - 1;
}
