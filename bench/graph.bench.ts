/**
 * Knowledge-graph benchmark (SQLite backend): episode ingest throughput, and 2-hop neighbourhood
 * latency on a graph of 1 M fact edges with a power-law degree distribution (a few hubs with tens
 * of thousands of edges). Each figure comes with a baseline measured in the same run, because the
 * machine is shared and absolute numbers move with its load:
 *   - ingest: the same rows written by a minimal loop of prepared inserts with the entity keys
 *     already known (the SQL floor), and the store with one transaction per event;
 *   - 2-hop: the previous walk (v1: per-node joined fact queries over the (subject, predicate)
 *     indexes, breadth-first up to the limit), on the same database and the same start entities;
 *     and the full, uncapped 2-hop reach of each start, to show what the capped answer leaves out.
 *   npx tsx bench/graph.bench.ts [--edges 1000000] [--events 100000] [--queries 2000] [--limit 200]
 * Prints the figures and writes bench/results/graph.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteGraphStore, extractEntities, loadNlp, type EpisodeInput, type GraphRecord } from '../kernel/graph/index.js';
import type { Db } from '../kernel/store/index.js';
import { percentile, round, saveResults, summarize } from './stats.js';

const { values } = parseArgs({ options: { edges: { type: 'string' }, events: { type: 'string' }, queries: { type: 'string' }, limit: { type: 'string' } } });
const EDGES = Number(values.edges ?? 1_000_000);
const EVENTS = Number(values.events ?? 100_000);
const QUERIES = Number(values.queries ?? 2000);
const LIMIT = Number(values.limit ?? 200);
const ENTITIES = Math.max(1000, Math.round(EDGES / 10));
const BATCH = 500;

let seed = 42;
/** mulberry32: a small, well-mixed deterministic generator. */
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
/** Power-law pick: rank k is chosen with probability ∝ k^(-2/3), so degrees follow P(d) ∝ d^-2.5. */
const powerLaw = (n: number) => Math.min(n - 1, Math.floor(n * rand() ** 3));
const hex = (digits: number) => Array.from({ length: digits }, () => Math.floor(rand() * 16).toString(16)).join('');
const ms = (x: number) => round(x, 3);
const load = () => os.loadavg().map((x) => round(x, 1));
const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

const FIRST = ['Alice', 'Bob', 'Carol', 'Dan', 'Eve', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy', 'Mallory', 'Niaj', 'Olivia', 'Peggy', 'Rupert', 'Sybil'];
const LAST = ['Chen', 'Smith', 'Diaz', 'Wu', 'Park', 'Stone', 'Lee', 'Khan', 'Novak', 'Silva', 'Moreau', 'Berg'];
const personName = (i: number) => `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`;
const SKILLS = ['mail', 'notes', 'files', 'reminders'];

/** One request as the kernel logs it: a random 16-hex id, one skill call, a person and a project mentioned. */
function episode(i: number, people: number): EpisodeInput {
  const p = powerLaw(people);
  return {
    id: hex(16),
    at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
    text: `email ${personName(p)} the weekly report about project P${i % 200}`,
    source: 'cli',
    sessionId: 'default',
    status: 'served',
    calls: [{ step: 1, skill: SKILLS[i % 4]!, intent: 'x.do', slots: { to: personName(p) }, outcome: 'ok', durationMs: 3 }],
    mentions: [{ type: 'person', name: personName(p) }, { type: 'project', name: `P${i % 200}` }],
  };
}

/** The SQL floor: the same rows into the same tables, entity keys known up front, nothing resolved. */
function floorIngest(db: Db, batches: EpisodeInput[][]): number {
  const entity = db.prepare("INSERT INTO graph_entities(id, type, name, created_at, updated_at) VALUES (?, 'person', ?, '', '')");
  const keys = new Map<string, number>();
  const keyOf = (name: string) => keys.get(name) ?? (keys.set(name, Number(entity.run(`x${keys.size}`, name).lastInsertRowid)), keys.get(name)!);
  const ep = db.prepare('INSERT INTO graph_episodes(id, at, text, source, session_id, status) VALUES (?, ?, ?, ?, ?, ?)');
  const call = db.prepare('INSERT INTO graph_calls(episode_n, step, skill, skill_n, intent, slots, outcome, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const mention = db.prepare('INSERT OR IGNORE INTO graph_mentions(entity_n, episode_n) VALUES (?, ?)');
  db.transaction(() => {
    for (const b of batches) for (const e of b) for (const name of [...e.mentions.map((m) => m.name), e.calls[0]!.skill]) keyOf(name);
  })();
  const t = performance.now();
  for (const b of batches) {
    db.transaction(() => {
      for (const e of b) {
        const n = Number(ep.run(e.id, e.at, e.text, e.source, e.sessionId, e.status).lastInsertRowid);
        const c = e.calls[0]!;
        call.run(n, c.step, c.skill, keys.get(c.skill)!, c.intent, JSON.stringify(c.slots), c.outcome, c.durationMs);
        for (const m of e.mentions) mention.run(keys.get(m.name)!, n);
      }
    }).immediate();
  }
  return (performance.now() - t) / 1000;
}

async function ingest(root: string): Promise<Record<string, unknown>> {
  const batches: EpisodeInput[][] = [];
  for (let i = 0; i < EVENTS; i += BATCH) batches.push(Array.from({ length: Math.min(BATCH, EVENTS - i) }, (_, k) => episode(i + k, 5000)));
  const floorStore = SqliteGraphStore.open(path.join(root, 'floor'));
  const floorSec = floorIngest(floorStore.db, batches);
  await floorStore.close();
  const store = SqliteGraphStore.open(path.join(root, 'ingest'));
  let t = performance.now();
  for (const b of batches) await store.recordEpisodes(b);
  const batchedSec = (performance.now() - t) / 1000;
  // The same events in batches of 2,000: fewer, larger commits (what a bulk import could use).
  const big = SqliteGraphStore.open(path.join(root, 'ingest-2000'));
  const flat = batches.flat();
  t = performance.now();
  for (let i = 0; i < flat.length; i += 2000) await big.recordEpisodes(flat.slice(i, i + 2000));
  const bigSec = (performance.now() - t) / 1000;
  await big.close();
  const singles = Math.min(20_000, EVENTS);
  const one = Array.from({ length: singles }, (_, i) => episode(EVENTS + i, 5000));
  t = performance.now();
  for (const e of one) await store.recordEpisodes([e]);
  const singleSec = (performance.now() - t) / 1000;
  await store.close();
  const batched = EVENTS / batchedSec;
  const floor = EVENTS / floorSec;
  const single = singles / singleSec;
  const big2000 = EVENTS / bigSec;
  console.log(`ingest: ${Math.round(batched)} events/s in batches of ${BATCH} (target ≥ 20,000); SQL floor ${Math.round(floor)}/s (store at ${round(batched / floor, 2)}× the floor); batches of 2,000: ${Math.round(big2000)}/s; one transaction per event ${Math.round(single)}/s`);
  return { batchedEventsPerSec: Math.round(batched), batch2000EventsPerSec: Math.round(big2000), sqlFloorEventsPerSec: Math.round(floor), ratioToFloor: round(batched / floor, 3), perEventTxEventsPerSec: Math.round(single), batchedVsPerEvent: round(batched / single, 2), batch: BATCH, target: 20_000, loadAvg: load() };
}

function extraction(): Record<string, unknown> {
  const texts = Array.from({ length: 2000 }, (_, i) => `Send the ${i} notes to ${personName(i * 7)} in Berlin and open report-${i}.pdf for project Atlas${i}`);
  let t = performance.now();
  for (const x of texts) extractEntities(x);
  const rules = texts.length / ((performance.now() - t) / 1000);
  t = performance.now();
  loadNlp();
  const nlpLoadMs = performance.now() - t;
  t = performance.now();
  for (const x of texts) extractEntities(`${x}.`);
  const nlp = texts.length / ((performance.now() - t) / 1000);
  console.log(`extraction: ${Math.round(rules)} texts/s with rules, ${Math.round(nlp)} texts/s with compromise (loaded in ${Math.round(nlpLoadMs)} ms)`);
  return { rulesTextsPerSec: Math.round(rules), nlpTextsPerSec: Math.round(nlp), nlpLoadMs: Math.round(nlpLoadMs) };
}

/** Loads EDGES facts (5 % invalidated) over ENTITIES people through the store's import path. */
async function buildGraph(store: SqliteGraphStore): Promise<{ ids: string[]; subjects: number[]; seconds: number }> {
  const t = performance.now();
  const at = '2025-01-01T00:00:00.000Z';
  const ids = Array.from({ length: ENTITIES }, (_, i) => `e${i}`);
  for (let i = 0; i < ENTITIES; i += 20_000) {
    await store.importRecords(ids.slice(i, i + 20_000).map((id, k): GraphRecord => ({ kind: 'entity', id, type: 'person', name: personName(i + k), aliases: [], attrs: {}, createdAt: at, updatedAt: at, lastSeen: null })));
  }
  const predicates = ['knows', 'works_with', 'manager', 'works_on', 'reports_to'];
  const subjects: number[] = [];
  for (let i = 0; i < EDGES; i += 50_000) {
    const batch: GraphRecord[] = [];
    for (let k = i; k < Math.min(EDGES, i + 50_000); k++) {
      const s = powerLaw(ENTITIES);
      let o = powerLaw(ENTITIES);
      if (o === s) o = (o + 1 + Math.floor(rand() * (ENTITIES - 1))) % ENTITIES;
      if (subjects.length < 100_000) subjects.push(s);
      const recordedAt = new Date(Date.parse(at) + k * 1000).toISOString();
      batch.push({ kind: 'fact', id: `f${k}`, subjectId: ids[s]!, predicate: predicates[k % 5]!, objectId: ids[o]!, value: null, text: `${personName(s)} ${predicates[k % 5]} ${personName(o)}`, validFrom: null, validTo: null, recordedAt, invalidatedAt: k % 20 === 0 ? recordedAt : null, episodeId: null });
    }
    await store.importRecords(batch);
  }
  return { ids, subjects, seconds: (performance.now() - t) / 1000 };
}

/** The previous implementation's walk (v1), kept here as the same-run baseline. */
function walkV1(db: Db): (id: string, limit: number) => number {
  const cols = `f.n, f.id, s.id AS subject_id, f.predicate, o.id AS object_id, f.value, f.text, f.valid_from, f.valid_to, f.recorded_at, f.invalidated_at, f.episode_id, f.subject_n, f.object_n`;
  const from = (index: string) => `graph_facts f INDEXED BY ${index} JOIN graph_entities s ON s.n = f.subject_n LEFT JOIN graph_entities o ON o.n = f.object_n`;
  const outgoing = db.prepare(`SELECT ${cols} FROM ${from('graph_facts_subject')} WHERE f.subject_n = ? AND f.invalidated_at IS NULL AND f.object_n IS NOT NULL LIMIT ?`);
  const incoming = db.prepare(`SELECT ${cols} FROM ${from('graph_facts_object')} WHERE f.object_n = ? AND f.invalidated_at IS NULL LIMIT ?`);
  const byId = db.prepare('SELECT n FROM graph_entities WHERE id = ?').pluck();
  const entitiesIn = db.prepare('SELECT * FROM graph_entities WHERE n IN (SELECT value FROM json_each(?))');
  const aliasesIn = db.prepare('SELECT entity_n, alias FROM graph_aliases WHERE entity_n IN (SELECT value FROM json_each(?)) AND is_name = 0 ORDER BY entity_n, alias');
  return (id, limit) => {
    const start = byId.get(id) as number;
    const facts = new Map<number, unknown>();
    const seen = new Set<number>([start]);
    let frontier = [start];
    for (let depth = 0; depth < 2 && frontier.length > 0 && facts.size < limit; depth++) {
      const next: number[] = [];
      for (const n of frontier) {
        for (const row of [...outgoing.all(n, limit), ...incoming.all(n, limit)] as { n: number; subject_n: number; object_n: number | null }[]) {
          if (facts.size >= limit) break;
          facts.set(row.n, row);
          for (const m of [row.subject_n, row.object_n]) {
            if (m === null || seen.has(m)) continue;
            seen.add(m);
            next.push(m);
          }
        }
        if (facts.size >= limit) break;
      }
      frontier = next;
    }
    seen.delete(start);
    const list = JSON.stringify([...seen]);
    (entitiesIn.all(list) as { attrs: string }[]).forEach((r) => JSON.parse(r.attrs));
    aliasesIn.all(list);
    return facts.size;
  };
}

/** Distinct entities and facts within 2 hops, uncapped: the size of the whole neighbourhood. */
function fullReach(db: Db): (id: string) => { entities: number; facts: number } {
  const byId = db.prepare('SELECT n FROM graph_entities WHERE id = ?').pluck();
  const out = db.prepare('SELECT n, object_n FROM graph_facts INDEXED BY graph_facts_out WHERE subject_n = ? AND invalidated_at IS NULL AND object_n IS NOT NULL').raw();
  const inc = db.prepare('SELECT n, subject_n FROM graph_facts INDEXED BY graph_facts_in WHERE object_n = ? AND invalidated_at IS NULL AND object_n IS NOT NULL').raw();
  return (id) => {
    const start = byId.get(id) as number;
    const facts = new Set<number>();
    const entities = new Set<number>([start]);
    let frontier = [start];
    for (let hop = 0; hop < 2; hop++) {
      const next: number[] = [];
      for (const n of frontier) {
        for (const [f, m] of [...out.all(n), ...inc.all(n)] as [number, number][]) {
          facts.add(f);
          if (entities.has(m)) continue;
          entities.add(m);
          next.push(m);
        }
      }
      frontier = next;
    }
    return { entities: entities.size - 1, facts: facts.size };
  };
}

async function neighbourhoods(root: string): Promise<Record<string, unknown>> {
  const store = SqliteGraphStore.open(path.join(root, 'big'));
  const { ids, subjects, seconds } = await buildGraph(store);
  console.log(`loaded ${EDGES} edges over ${ENTITIES} entities (power law, 5 % invalidated) in ${round(seconds, 1)} s through the import path`);
  const degree = store.db.prepare('SELECT (SELECT count(*) FROM graph_facts INDEXED BY graph_facts_out WHERE subject_n = ? AND invalidated_at IS NULL AND object_n IS NOT NULL) + (SELECT count(*) FROM graph_facts INDEXED BY graph_facts_in WHERE object_n = ? AND invalidated_at IS NULL AND object_n IS NOT NULL)').pluck();
  const degrees = [0, 1, 9, 99, 999, 9999].filter((r) => r < ENTITIES).map((rank): [number, number] => [rank, degree.get(rank + 1, rank + 1) as number]);
  console.log(`degree by popularity rank: ${degrees.map(([r, d]) => `#${r + 1}: ${d}`).join(', ')}`);
  const v1 = walkV1(store.db);
  const reach = fullReach(store.db);
  const figures: Record<string, unknown> = { edges: EDGES, entities: ENTITIES, loadSec: round(seconds, 1), degreeByRank: Object.fromEntries(degrees.map(([r, d]) => [`#${r + 1}`, d])) };
  // Uniform starts: any entity, most of them leaves. Degree-weighted starts: the subject of a random
  // fact, so hubs come up as often as people talk about them.
  const workloads: [string, string[]][] = [
    ['uniform', Array.from({ length: QUERIES }, () => ids[Math.floor(rand() * ENTITIES)]!)],
    ['degreeWeighted', Array.from({ length: QUERIES }, () => ids[subjects[Math.floor(rand() * subjects.length)]!]!)],
  ];
  for (const [name, starts] of workloads) {
    for (const id of starts.slice(0, 200)) await store.neighbourhood(id, { depth: 2, limit: LIMIT });
    // Wall-clock time and this process's CPU time per query: on a shared machine the wall-clock tail
    // is mostly time spent descheduled, which CPU time leaves out. The v1 walk runs interleaved on
    // the same starts, so neither gets a warmer cache.
    const lat: number[] = [];
    const cpu: number[] = [];
    const base: number[] = [];
    const baseCpu: number[] = [];
    const facts: number[] = [];
    const ents: number[] = [];
    const oneHop: number[] = [];
    const top50: number[] = [];
    const top50Cpu: number[] = [];
    const sample = starts.slice(0, Math.min(500, QUERIES));
    for (const [k, id] of starts.entries()) {
      let c0 = process.cpuUsage();
      let q0 = performance.now();
      const hood = await store.neighbourhood(id, { depth: 2, limit: LIMIT });
      lat.push(performance.now() - q0);
      cpu.push(cpuMs(c0));
      facts.push(hood.facts.length);
      ents.push(hood.entities.length);
      if (k >= sample.length) continue;
      c0 = process.cpuUsage();
      q0 = performance.now();
      v1(id, LIMIT);
      base.push(performance.now() - q0);
      baseCpu.push(cpuMs(c0));
      q0 = performance.now();
      await store.neighbourhood(id, { depth: 1, limit: LIMIT });
      oneHop.push(performance.now() - q0);
      c0 = process.cpuUsage();
      q0 = performance.now();
      await store.neighbourhood(id, { depth: 2, limit: 50 });
      top50.push(performance.now() - q0);
      top50Cpu.push(cpuMs(c0));
    }
    const reaches = sample.slice(0, 100).map(reach);
    const l = summarize(lat);
    const lc = summarize(cpu);
    const b = summarize(base);
    const bc = summarize(baseCpu);
    const f = summarize(facts);
    const e = summarize(ents);
    const re = summarize(reaches.map((r) => r.entities));
    const rf = summarize(reaches.map((r) => r.facts));
    figures[name] = {
      queries: QUERIES, limit: LIMIT, p50Ms: ms(l.p50), p95Ms: ms(l.p95), p99Ms: ms(percentile([...lat].sort((x, y) => x - y), 99)), cpuP50Ms: ms(lc.p50), cpuP95Ms: ms(lc.p95),
      returnedFacts: { mean: round(f.mean, 1), p50: f.p50, p95: f.p95 }, returnedEntities: { mean: round(e.mean, 1), p50: e.p50, p95: e.p95 },
      atLimit: round(facts.filter((x) => x >= LIMIT).length / facts.length, 3),
      limit50: { p50Ms: ms(summarize(top50).p50), p95Ms: ms(summarize(top50).p95), cpuP50Ms: ms(summarize(top50Cpu).p50), cpuP95Ms: ms(summarize(top50Cpu).p95) },
      depth1: { p50Ms: ms(summarize(oneHop).p50), p95Ms: ms(summarize(oneHop).p95) },
      v1Baseline: { p50Ms: ms(b.p50), p95Ms: ms(b.p95), cpuP50Ms: ms(bc.p50), cpuP95Ms: ms(bc.p95), sample: sample.length },
      speedupP50VsV1: round(b.p50 / l.p50, 1), speedupP95VsV1: round(b.p95 / l.p95, 1), cpuSpeedupP95VsV1: round(bc.p95 / lc.p95, 1),
      fullTwoHopReach: { entities: { p50: re.p50, p95: re.p95, max: re.max }, facts: { p50: rf.p50, p95: rf.p95, max: rf.max }, sample: reaches.length },
      loadAvg: load(),
    };
    console.log(
      `2-hop (${name} starts, limit ${LIMIT}): p50 ${ms(l.p50)} ms, p95 ${ms(l.p95)} ms (target p95 < 5 ms), CPU time p50 ${ms(lc.p50)} ms, p95 ${ms(lc.p95)} ms; returns ${round(f.mean, 1)} facts / ${round(e.mean, 1)} entities on average ` +
        `(${Math.round(100 * (figures[name] as { atLimit: number }).atLimit)} % at the limit); uncapped 2-hop reach p50 ${re.p50} / p95 ${re.p95} entities; ` +
        `v1 walk p50 ${ms(b.p50)} ms, p95 ${ms(b.p95)} ms, CPU p95 ${ms(bc.p95)} ms (×${round(b.p95 / l.p95, 1)} wall, ×${round(bc.p95 / lc.p95, 1)} CPU at p95); 1-hop p95 ${ms(summarize(oneHop).p95)} ms; limit 50: p95 ${ms(summarize(top50).p95)} ms, CPU p95 ${ms(summarize(top50Cpu).p95)} ms`,
    );
  }
  const s0 = performance.now();
  const hits = await store.searchText('Alice Chen');
  figures.search = { ms: ms(performance.now() - s0), hits: hits.length };
  await store.close();
  return figures;
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-graph-bench-'));
  try {
    console.log(`load average at start: ${load().join(', ')} on ${os.cpus().length} CPUs`);
    const figures: Record<string, unknown> = { loadAvgAtStart: load(), events: EVENTS };
    figures.ingest = await ingest(root);
    figures.extraction = extraction();
    figures.neighbourhood2 = await neighbourhoods(root);
    saveResults('graph', figures);
    console.log('wrote bench/results/graph.json');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

await main();
