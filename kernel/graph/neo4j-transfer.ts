/**
 * Moving a Neo4j graph namespace to and from the portable record stream (JSON lines, see
 * jsonl.ts): export pages through entities, facts and episodes; import writes records in one
 * transaction, refusing facts and episodes that point at entities that do not exist.
 */
import neo4j, { type Record as Neo4jRecord } from 'neo4j-driver';
import { Q } from './neo4j-queries.js';
import { episodeFromNode, fromRel, nodeEntity, type Props } from './neo4j-map.js';
import type { GraphEpisode, GraphRecord, ImportCounts } from './types.js';
import { nameKey } from './util.js';

type Query = (query: string, params?: Record<string, unknown>) => Promise<Neo4jRecord[]>;

const PAGE = 1000;
const int = (n: number) => neo4j.int(Math.max(0, Math.floor(n)));

async function* pages(query: Query, statement: string): AsyncIterable<Neo4jRecord> {
  for (let skip = 0; ; skip += PAGE) {
    const rows = await query(statement, { skip: int(skip), limit: int(PAGE) });
    yield* rows;
    if (rows.length < PAGE) break;
  }
}

export async function* exportRecords(query: Query, exportedAt: string): AsyncIterable<GraphRecord> {
  yield { kind: 'header', format: 'agentos-graph', version: 1, exportedAt };
  for await (const r of pages(query, Q.exportEntities)) yield { kind: 'entity', ...nodeEntity(r.get('e') as { properties: Props }) };
  for await (const r of pages(query, Q.exportFacts)) yield { kind: 'fact', ...fromRel(r.get('r') as { properties: Props }) };
  for await (const r of pages(query, Q.exportEpisodes)) yield { kind: 'episode', ...episodeFromNode(r.get('ep') as { properties: Props }, r.get('mentions') as string[]) };
}

/** What an import needs inside one write transaction. */
interface ImportTx {
  rows: Query;
  hasEntity(id: string): Promise<boolean>;
  refreshAliases(id: string): Promise<void>;
  insertEpisode(episode: GraphEpisode, mentions: string[]): Promise<void>;
  seq(): number;
}

export async function importRecords(records: readonly GraphRecord[], tx: ImportTx): Promise<ImportCounts> {
  const counts: ImportCounts = { entities: 0, facts: 0, episodes: 0 };
  for (const r of records) {
    if (r.kind === 'entity') {
      await tx.rows(Q.importEntity(r.type), { id: r.id, type: r.type, name: r.name, attrs: JSON.stringify(r.attrs), createdAt: r.createdAt, updatedAt: r.updatedAt, lastSeen: r.lastSeen, seq: tx.seq() });
      await tx.rows(Q.deleteAliases, { id: r.id });
      await tx.rows(Q.addAlias, { id: r.id, key: nameKey(r.name), alias: r.name, isName: true });
      for (const a of r.aliases) if (nameKey(a)) await tx.rows(Q.addAlias, { id: r.id, key: nameKey(a), alias: a, isName: false });
      await tx.refreshAliases(r.id);
      counts.entities++;
    } else if (r.kind === 'fact') {
      for (const [what, id] of [['subject', r.subjectId], ['object', r.objectId]] as const) {
        if (id && !(await tx.hasEntity(id))) throw new Error(`fact ${r.id}: ${what} "${id}" is not an entity in the file or the graph`);
      }
      await tx.rows(Q.deleteFactById, { id: r.id });
      await tx.rows(Q.createFact, {
        id: r.id, s: r.subjectId, p: r.predicate, o: r.objectId, v: r.value, text: r.text, validFrom: r.validFrom, validTo: r.validTo,
        recordedAt: r.recordedAt, invalidatedAt: r.invalidatedAt, episodeId: r.episodeId, seq: tx.seq(),
      });
      counts.facts++;
    } else if (r.kind === 'episode') {
      for (const id of r.mentions) if (!(await tx.hasEntity(id))) throw new Error(`episode ${r.id} mentions "${id}", which is not an entity`);
      await tx.rows(Q.deleteEpisode, { id: r.id });
      await tx.insertEpisode(r, r.mentions);
      counts.episodes++;
    }
  }
  return counts;
}
