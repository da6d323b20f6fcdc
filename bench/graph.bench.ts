/**
 * Knowledge-graph benchmark (SQLite backend): episode ingest throughput, and 2-hop neighbourhood
 * latency on a graph of 1 M fact edges. Baselines in the same run: ingesting one transaction per
 * event, and the 2-hop walk as a single recursive SQL query. Also the cost of entity extraction.
 *   npx tsx bench/graph.bench.ts [--edges 1000000] [--events 100000] [--queries 2000]
 * Prints the figures and writes bench/results/graph.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteGraphStore, extractEntities, loadNlp, type EpisodeInput, type GraphRecord } from '../kernel/graph/index.js';

const { values } = parseArgs({ options: { edges: { type: 'string' }, events: { type: 'string' }, queries: { type: 'string' } } });
const EDGES = Number(values.edges ?? 1_000_000);
const EVENTS = Number(values.events ?? 100_000);
const QUERIES = Number(values.queries ?? 2000);
const ENTITIES = Math.max(1000, Math.round(EDGES / 10));

let seed = 42;
/** mulberry32: a small, well-mixed deterministic generator. */
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
/** Skewed pick: a few entities are mentioned a lot, as in real use. */
const skewed = (n: number) => Math.min(n - 1, Math.floor(n * rand() ** 2));
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const round = (x: number, d = 3) => Number(x.toFixed(d));

const FIRST = ['Alice', 'Bob', 'Carol', 'Dan', 'Eve', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy', 'Mallory', 'Niaj', 'Olivia', 'Peggy', 'Rupert', 'Sybil'];
const LAST = ['Chen', 'Smith', 'Diaz', 'Wu', 'Park', 'Stone', 'Lee', 'Khan', 'Novak', 'Silva', 'Moreau', 'Berg'];
const personName = (i: number) => `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`;

function episode(i: number, people: number): EpisodeInput {
  const p = skewed(people);
  return {
    id: `b${i}`,
    at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
    text: `email ${personName(p)} the weekly report about project P${i % 200}`,
    source: 'cli',
    sessionId: 'default',
    status: 'served',
    calls: [{ step: 1, skill: ['mail', 'notes', 'files', 'reminders'][i % 4]!, intent: 'x.do', slots: { to: personName(p) }, outcome: 'ok', durationMs: 3 }],
    mentions: [{ type: 'person', name: personName(p) }, { type: 'project', name: `P${i % 200}` }],
  };
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-graph-bench-'));
  const results: Record<string, unknown> = { date: new Date().toISOString(), machine: `${os.cpus().length} vCPU, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`, edges: EDGES, events: EVENTS };

  // 1. Ingest throughput: batches of 500 (the catch-up path) vs one transaction per event.
  const ingestStore = SqliteGraphStore.open(path.join(root, 'ingest'));
  const people = 5000;
  let t = performance.now();
  for (let i = 0; i < EVENTS; i += 500) await ingestStore.recordEpisodes(Array.from({ length: Math.min(500, EVENTS - i) }, (_, k) => episode(i + k, people)));
  const batchedRate = EVENTS / ((performance.now() - t) / 1000);
  const singles = Math.min(20_000, EVENTS);
  t = performance.now();
  for (let i = 0; i < singles; i++) await ingestStore.recordEpisodes([episode(EVENTS + i, people)]);
  const singleRate = singles / ((performance.now() - t) / 1000);
  await ingestStore.close();
  results.ingest = { batchedEventsPerSec: Math.round(batchedRate), perEventTxEventsPerSec: Math.round(singleRate), ratio: round(batchedRate / singleRate, 2), target: 20_000 };
  console.log(`ingest: ${Math.round(batchedRate)} events/s batched (target ≥ 20,000); ${Math.round(singleRate)} events/s one transaction each (×${round(batchedRate / singleRate, 2)})`);

  // 2. Extraction cost per request text (rules only, then with the NLP library).
  const texts = Array.from({ length: 2000 }, (_, i) => `Send the ${i} notes to ${personName(i * 7)} in Berlin and open report-${i}.pdf for project Atlas${i}`);
  t = performance.now();
  for (const x of texts) extractEntities(x);
  const rulesRate = texts.length / ((performance.now() - t) / 1000);
  t = performance.now();
  loadNlp();
  const nlpLoadMs = performance.now() - t;
  t = performance.now();
  for (const x of texts) extractEntities(`${x}.`);
  const nlpRate = texts.length / ((performance.now() - t) / 1000);
  results.extraction = { rulesTextsPerSec: Math.round(rulesRate), nlpTextsPerSec: Math.round(nlpRate), nlpLoadMs: Math.round(nlpLoadMs) };
  console.log(`extraction: ${Math.round(rulesRate)} texts/s with rules, ${Math.round(nlpRate)} texts/s with compromise (loaded in ${Math.round(nlpLoadMs)} ms)`);

  // 3. A graph of EDGES facts over ENTITIES entities, loaded through the store's import path.
  const store = SqliteGraphStore.open(path.join(root, 'big'));
  t = performance.now();
  const at = '2025-01-01T00:00:00.000Z';
  const ids = Array.from({ length: ENTITIES }, (_, i) => `e${i}`);
  for (let i = 0; i < ENTITIES; i += 20_000) {
    const batch: GraphRecord[] = ids.slice(i, i + 20_000).map((id, k) => ({ kind: 'entity', id, type: 'person', name: personName(i + k), aliases: [], attrs: {}, createdAt: at, updatedAt: at, lastSeen: null }));
    await store.importRecords(batch);
  }
  const predicates = ['knows', 'works_with', 'manager', 'works_on', 'reports_to'];
  for (let i = 0; i < EDGES; i += 50_000) {
    const batch: GraphRecord[] = [];
    for (let k = i; k < Math.min(EDGES, i + 50_000); k++) {
      const s = skewed(ENTITIES);
      let o = Math.floor(rand() * ENTITIES);
      if (o === s) o = (o + 1) % ENTITIES;
      batch.push({ kind: 'fact', id: `f${k}`, subjectId: ids[s]!, predicate: predicates[k % 5]!, objectId: ids[o]!, value: null, text: `${personName(s)} ${predicates[k % 5]} ${personName(o)}`, validFrom: null, validTo: null, recordedAt: at, invalidatedAt: k % 20 === 0 ? at : null, episodeId: null });
    }
    await store.importRecords(batch);
  }
  const loadSec = (performance.now() - t) / 1000;
  console.log(`loaded ${EDGES} edges over ${ENTITIES} entities in ${round(loadSec, 1)} s`);

  // 4. 2-hop neighbourhood latency (limit 200 facts), vs. one recursive SQL query (no limit pushdown).
  const starts = Array.from({ length: QUERIES }, () => ids[Math.floor(rand() * ENTITIES)]!);
  for (const id of starts.slice(0, 100)) await store.neighbourhood(id, { depth: 2 });
  const lat: number[] = [];
  let reached = 0;
  for (const id of starts) {
    const q0 = performance.now();
    const hood = await store.neighbourhood(id, { depth: 2, limit: 200 });
    lat.push(performance.now() - q0);
    reached += hood.entities.length;
  }
  const cte = store.db.prepare(
    `WITH RECURSIVE walk(n, depth) AS (
       SELECT n, 0 FROM graph_entities WHERE id = ?
       UNION SELECT CASE WHEN f.subject_n = walk.n THEN f.object_n ELSE f.subject_n END, depth + 1
       FROM walk JOIN graph_facts f ON (f.subject_n = walk.n OR f.object_n = walk.n) AND f.invalidated_at IS NULL AND f.object_n IS NOT NULL
       WHERE depth < 2)
     SELECT count(DISTINCT n) AS c FROM walk`,
  );
  const base: number[] = [];
  for (const id of starts.slice(0, Math.min(500, QUERIES))) {
    const q0 = performance.now();
    cte.get(id);
    base.push(performance.now() - q0);
  }
  results.neighbourhood2 = { p50Ms: round(pct(lat, 50)), p95Ms: round(pct(lat, 95)), p99Ms: round(pct(lat, 99)), meanEntities: round(reached / QUERIES, 1), baselineRecursiveSqlP50Ms: round(pct(base, 50)), baselineRecursiveSqlP95Ms: round(pct(base, 95)), speedupP95: round(pct(base, 95) / pct(lat, 95), 2), target: 'p95 < 5 ms', loadSec: round(loadSec, 1) };
  console.log(`2-hop: p50 ${round(pct(lat, 50))} ms, p95 ${round(pct(lat, 95))} ms, p99 ${round(pct(lat, 99))} ms (target p95 < 5 ms), ${round(reached / QUERIES, 1)} entities on average; recursive SQL baseline p95 ${round(pct(base, 95))} ms (×${round(pct(base, 95) / pct(lat, 95), 2)})`);
  const s0 = performance.now();
  const hits = await store.searchText('Alice Chen');
  results.search = { ms: round(performance.now() - s0), hits: hits.length };
  await store.close();
  fs.rmSync(root, { recursive: true, force: true });

  const out = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'graph.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${path.join(out, 'graph.json')}`);
}

await main();
