/**
 * Wiring the knowledge graph into a running kernel (called from kernel/open.ts): open the store
 * the `graph.backend` setting names, follow 'request.completed' events with incremental
 * ingestion from the event log, and return the capability built-in skills get as `ctx.graph`.
 * Typed against the few kernel members it needs, so kernel/graph does not import the kernel.
 */
import type { GraphCapability, KernelEvent } from '../contracts/index.js';
import type { Db } from '../store/index.js';
import { createGraphCapability } from './capability.js';
import { loadNlp } from './extract.js';
import { GraphIngestor, type ResultSource } from './ingest.js';
import { openGraphStore } from './open.js';
import type { GraphStore } from './types.js';

export interface GraphHost {
  readonly db: Db;
  readonly profileDir: string;
  readonly eventLog: ResultSource;
  readonly settings: { get(key: 'graph.backend'): 'sqlite' | 'neo4j' };
  onEvent(listener: (event: KernelEvent) => void): () => void;
  /** Runs when the kernel closes. */
  onClose(dispose: () => void): void;
}

interface WiredGraph {
  capability: GraphCapability;
  store: GraphStore;
  ingestor: GraphIngestor;
}

/** Requests ingested per catch-up in a short-lived process: bounds the delay a large backlog could add. */
const CLI_BATCH = 200;

/** How long a long-running host waits before loading the NLP library (see wireGraph). */
const NLP_LOAD_DELAY_MS = 8_000;

export async function wireGraph(host: GraphHost, options: { longRunning?: boolean } = {}): Promise<WiredGraph | undefined> {
  let store: GraphStore;
  try {
    store = await openGraphStore({ backend: host.settings.get('graph.backend'), db: host.db, profileDir: host.profileDir });
  } catch (error) {
    process.emitWarning(`The knowledge graph is not available: ${(error as Error).message}`);
    return undefined;
  }
  const ingestor = await new GraphIngestor(store, host.eventLog).init();
  if (options.longRunning) {
    // The app and `agentos serve` can afford the NLP library's load time once, off the request path:
    // it blocks the event loop for about a second, so it waits until the portal has connected and settled.
    setTimeout(() => {
      try {
        loadNlp();
      } catch (error) {
        process.emitWarning(`Entity extraction runs without NLP: ${(error as Error).message}`);
      }
    }, NLP_LOAD_DELAY_MS).unref();
  }
  const catchUp = () => void ingestor.catchUp(options.longRunning ? 500 : CLI_BATCH, options.longRunning ? Infinity : 1);
  catchUp();
  const unsubscribe = host.onEvent((event) => {
    if (event.type === 'request.completed') catchUp();
  });
  host.onClose(() => {
    unsubscribe();
    // The SQLite store lives in the kernel's database, which the kernel closes itself.
    if (store.backend !== 'sqlite') void ingestor.idle().finally(() => store.close());
  });
  return { capability: createGraphCapability(store), store, ingestor };
}
