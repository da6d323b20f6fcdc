/**
 * The GraphStore conformance suite on Neo4j, run when NEO4J_URI is set (NEO4J_USER, NEO4J_PASSWORD,
 * optional NEO4J_DATABASE). Each test works in its own graph namespace and drops it afterwards.
 *   NEO4J_URI=bolt://localhost:7687 NEO4J_USER=neo4j NEO4J_PASSWORD=secret npx vitest run tests/graph/neo4j.conformance.test.ts
 */
import { randomUUID } from 'node:crypto';
import { describe, it } from 'vitest';
import { neo4jFromEnv, type GraphStore, type Neo4jGraphStore } from '../../kernel/graph/index.js';
import { graphConformance } from './conformance.js';

const config = neo4jFromEnv();

if ('missing' in config) {
  describe('GraphStore conformance: neo4j', () => {
    it.skip(`skipped: ${config.missing}`, () => {});
  });
} else {
  graphConformance('neo4j', {
    async open(clock) {
      const { Neo4jGraphStore } = await import('../../kernel/graph/neo4j-store.js');
      return Neo4jGraphStore.open({ ...config, graph: `test-${randomUUID()}`, clock });
    },
    async dispose(store: GraphStore) {
      await (store as Neo4jGraphStore).dropGraph();
      await store.close();
    },
  });
}
