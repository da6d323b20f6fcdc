/**
 * The personal knowledge graph: public API. `openGraphStore` picks the backend from the
 * `graph.backend` setting (SQLite in the profile database by default; Neo4j from NEO4J_URI,
 * NEO4J_USER, NEO4J_PASSWORD), the ingestor turns requests into episodes, and retrieval resolves
 * references for the kernel and the knowledge skill.
 */
export * from './types.js';
export { SqliteGraphStore } from './sqlite-store.js';
export type { Neo4jGraphStore, Neo4jOptions } from './neo4j-store.js';
export { GraphIngestor, episodeFrom, itemFromLogged, type IngestItem, type ResultSource } from './ingest.js';
export { extractEntities, extractFromSlots } from './extract.js';
export { hybridSearch, resolveReference, ME_NAME, type RetrievalOptions } from './retrieval.js';
export { createGraphCapability } from './capability.js';
export { exportJsonl, importJsonl, readJsonl, GraphImportError, GraphRecordSchema } from './jsonl.js';
export { exportCypher, cypherStatements, cypherLiteral } from './cypher-export.js';
export { nameKey, redactNames } from './util.js';

export { openGraphStore, neo4jFromEnv, type OpenGraphOptions } from './open.js';
export { wireGraph, type GraphHost } from './wire.js';
export { loadNlp, nlpLoaded } from './extract.js';
export { ExportWriteError, writeLinesAtomically } from './write-lines.js';
