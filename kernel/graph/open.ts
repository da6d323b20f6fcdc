/** Opening the graph store the settings name: SQLite in the profile (default) or Neo4j from the environment. */
import type { Db } from '../store/index.js';
import { hasPackage, OptionalPackageError } from '../sdk/index.js';
import { SqliteGraphStore } from './sqlite-store.js';
import type { GraphStore } from './types.js';

export interface OpenGraphOptions {
  /** 'sqlite' (default) or 'neo4j' — the `graph.backend` setting. */
  backend?: 'sqlite' | 'neo4j';
  /** The profile folder (SQLite opens its database there when `db` is not given). */
  profileDir?: string;
  /** Share an open profile database (the kernel's). */
  db?: Db;
  env?: NodeJS.ProcessEnv;
  /** Neo4j graph namespace. */
  graph?: string;
}

/** Neo4j settings from the environment, or why they are missing. */
export function neo4jFromEnv(env: NodeJS.ProcessEnv = process.env): { uri: string; user: string; password: string; database?: string } | { missing: string } {
  if (!env.NEO4J_URI) return { missing: 'NEO4J_URI is not set (e.g. NEO4J_URI=bolt://localhost:7687 NEO4J_USER=neo4j NEO4J_PASSWORD=…)' };
  return { uri: env.NEO4J_URI, user: env.NEO4J_USER ?? 'neo4j', password: env.NEO4J_PASSWORD ?? '', ...(env.NEO4J_DATABASE ? { database: env.NEO4J_DATABASE } : {}) };
}

export async function openGraphStore(options: OpenGraphOptions): Promise<GraphStore> {
  if (options.backend === 'neo4j') {
    const config = neo4jFromEnv(options.env);
    if ('missing' in config) throw new Error(`The graph backend is set to neo4j but ${config.missing}. Set it, or run: agentos settings set graph.backend sqlite`);
    // Loaded only when used: the driver costs start-up time the SQLite path does not need.
    if (!hasPackage('neo4j-driver')) throw new OptionalPackageError('neo4j-driver', 'The neo4j graph backend');
    const { Neo4jGraphStore } = await import('./neo4j-store.js');
    return Neo4jGraphStore.open({ ...config, ...(options.graph ? { graph: options.graph } : {}) });
  }
  if (options.db) return new SqliteGraphStore(options.db);
  if (!options.profileDir) throw new Error('openGraphStore needs a profile folder or an open database.');
  return SqliteGraphStore.open(options.profileDir);
}
