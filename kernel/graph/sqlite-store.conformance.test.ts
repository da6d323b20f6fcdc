/** The GraphStore conformance suite on the embedded SQLite backend (always runs). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteGraphStore, type GraphStore } from './index.js';
import { graphConformance } from '../../tests/graph/conformance.js';

const dirs = new Map<GraphStore, string>();

graphConformance('sqlite', {
  async open(clock) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-graph-'));
    const store = SqliteGraphStore.open(dir, { clock });
    dirs.set(store, dir);
    return store;
  },
  async dispose(store) {
    await store.close();
    fs.rmSync(dirs.get(store)!, { recursive: true, force: true });
    dirs.delete(store);
  },
});
