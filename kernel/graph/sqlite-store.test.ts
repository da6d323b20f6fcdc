/**
 * The SQLite backend's fast paths keep their meaning: the name cache never outlives a change made
 * through another store or another connection, the neighbourhood walk returns the most recent
 * facts first under its caps, and a profile made before the adjacency indexes gets them on open.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteGraphStore, type EpisodeInput } from './index.js';
import { GRAPH_MIGRATIONS } from './sqlite-schema.js';
import { ensureSchema, openDatabase } from '../store/index.js';

const dirs: string[] = [];
const stores: SqliteGraphStore[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-gpath-'));
  dirs.push(d);
  return d;
};
const track = (s: SqliteGraphStore) => (stores.push(s), s);
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const ep = (id: string, day: number, ...people: string[]): EpisodeInput => ({
  id,
  at: new Date(Date.UTC(2025, 0, day)).toISOString(),
  text: `call ${people.join(' and ')}`,
  status: 'served',
  calls: [{ step: 1, skill: 'phone', intent: 'phone.call', slots: {}, outcome: 'ok', durationMs: 1 }],
  mentions: people.map((name) => ({ type: 'person' as const, name })),
});

describe('SQLite name cache', () => {
  it('follows a merge made by another process (another connection) before the next batch', async () => {
    const dir = tmp();
    const a = track(SqliteGraphStore.open(dir));
    const b = track(SqliteGraphStore.open(dir));
    const [first] = await a.recordEpisodes([ep('r1', 1, 'Bob')]);
    const bob = first!.mentions[0]!;
    const robert = await b.upsertEntity({ type: 'person', name: 'Robert Smith' });
    await b.mergeEntities(bob, robert.id);
    // `a` cached "bob" → the merged-away entity; writing a mention of it would break a foreign key.
    const [second] = await a.recordEpisodes([ep('r2', 2, 'Bob')]);
    expect(second!.mentions).toEqual([robert.id]);
    expect((await a.getEntity(robert.id))?.lastSeen).toBe(ep('r2', 2).at);
  });

  it('is shared by stores on one connection, so a change through one is seen by the other', async () => {
    const db = openDatabase(tmp());
    const a = new SqliteGraphStore(db);
    const b = new SqliteGraphStore(db);
    const [first] = await a.recordEpisodes([ep('r1', 1, 'Bob')]);
    await b.deleteEntity(first!.mentions[0]!);
    const [second] = await a.recordEpisodes([ep('r2', 2, 'Bob')]);
    expect(second!.mentions).toHaveLength(1);
    expect(second!.mentions[0]).not.toBe(first!.mentions[0]);
    expect(await a.getEntity(second!.mentions[0]!)).toMatchObject({ name: 'Bob' });
    db.close();
  });

  it('leaves a name two entities share to last-seen order, batch after batch', async () => {
    const g = track(SqliteGraphStore.open(tmp()));
    const chen = await g.upsertEntity({ type: 'person', name: 'Alice Chen' });
    const wong = await g.upsertEntity({ type: 'person', name: 'Alice Wong' });
    await g.recordEpisodes([ep('r1', 1, 'Alice Chen'), ep('r2', 2, 'Alice Wong')]);
    expect((await g.recordEpisodes([ep('r3', 3, 'Alice')]))[0]!.mentions).toEqual([wong.id]);
    await g.recordEpisodes([ep('r4', 4, 'Alice Chen')]);
    expect((await g.recordEpisodes([ep('r5', 5, 'Alice')]))[0]!.mentions).toEqual([chen.id]);
  });

  it('returns an episode repeated inside one batch with its mentions', async () => {
    const g = track(SqliteGraphStore.open(tmp()));
    const out = await g.recordEpisodes([ep('r1', 1, 'Carol Diaz'), ep('r1', 2, 'Dan Wu')]);
    expect(out[1]).toEqual(out[0]);
    expect((await g.getEpisode('r1'))?.mentions).toEqual(out[0]!.mentions);
  });
});

describe('SQLite neighbourhood walk', () => {
  it('returns the most recent facts of a hub first, up to the limit, and shares the rest among neighbours', async () => {
    const g = track(SqliteGraphStore.open(tmp()));
    const hub = await g.upsertEntity({ type: 'person', name: 'Hub Person' });
    const leaves = [];
    for (let i = 0; i < 30; i++) {
      const leaf = await g.upsertEntity({ type: 'person', name: `Leaf ${i}` });
      await g.assertFact({ subjectId: i % 2 ? hub.id : leaf.id, predicate: 'knows', objectId: i % 2 ? leaf.id : hub.id, text: `hub-leaf ${i}` });
      leaves.push(leaf);
    }
    const one = await g.neighbourhood(hub.id, { depth: 1, limit: 5 });
    expect(one.facts.map((f) => f.text)).toEqual(['hub-leaf 29', 'hub-leaf 28', 'hub-leaf 27', 'hub-leaf 26', 'hub-leaf 25']);
    expect(one.entities.map((e) => e.name)).toEqual(['Leaf 29', 'Leaf 28', 'Leaf 27', 'Leaf 26', 'Leaf 25']);
    // A leaf's 2-hop: its one fact to the hub, then the hub's most recent facts within the budget.
    const two = await g.neighbourhood(leaves[0]!.id, { depth: 2, limit: 4 });
    expect(two.facts.map((f) => f.text)).toEqual(['hub-leaf 0', 'hub-leaf 29', 'hub-leaf 28', 'hub-leaf 27']);
    expect(two.entities.map((e) => e.name)).toEqual(['Hub Person', 'Leaf 29', 'Leaf 28', 'Leaf 27']);
    // Each fact names its endpoints by public id, including the start.
    expect(two.facts[0]).toMatchObject({ subjectId: leaves[0]!.id, objectId: hub.id });
  });
});

describe('SQLite graph schema', () => {
  it('upgrades a profile made before the adjacency indexes and walks it', async () => {
    const dir = tmp();
    const db = openDatabase(dir);
    ensureSchema(db, 'graph', GRAPH_MIGRATIONS.slice(0, 1));
    db.close();
    const g = track(SqliteGraphStore.open(dir));
    const indexes = (g.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'graph_%'").all() as { name: string }[]).map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(['graph_facts_out', 'graph_facts_in', 'graph_aliases_by_entity']));
    const a = await g.upsertEntity({ type: 'person', name: 'Ann Lee' });
    const b = await g.upsertEntity({ type: 'person', name: 'Ben Ode' });
    await g.assertFact({ subjectId: a.id, predicate: 'knows', objectId: b.id, text: 'Ann knows Ben' });
    expect((await g.neighbourhood(b.id)).entities.map((e) => e.name)).toEqual(['Ann Lee']);
  });
});
