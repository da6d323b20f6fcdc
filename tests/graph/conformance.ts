/**
 * The one conformance suite every GraphStore backend passes: entities and aliases, bi-temporal
 * facts, episodes, neighbourhoods, full-text search, hybrid retrieval, export/import round trip.
 * Run by kernel/graph/sqlite-store.conformance.test.ts (always) and neo4j.conformance.test.ts here
 * (when NEO4J_URI is set).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hybridSearch, resolveReference, type GraphRecord, type GraphStore } from '../../kernel/graph/index.js';

export interface StoreFactory {
  /** A fresh, empty store whose clock returns `clock()`. */
  open(clock: () => string): Promise<GraphStore>;
  /** Drops what `open` created. */
  dispose(store: GraphStore): Promise<void>;
}

const T = (day: number, hour = 9) => new Date(Date.UTC(2025, 0, day, hour)).toISOString();

async function collect(store: GraphStore): Promise<GraphRecord[]> {
  const out: GraphRecord[] = [];
  for await (const r of store.exportRecords()) if (r.kind !== 'header') out.push(r);
  return out;
}

export function graphConformance(label: string, factory: StoreFactory): void {
  describe(`GraphStore conformance: ${label}`, () => {
    const opened: GraphStore[] = [];
    let now = T(10);
    const open = async () => {
      const s = await factory.open(() => now);
      opened.push(s);
      return s;
    };
    afterEach(async () => {
      for (const s of opened.splice(0)) await factory.dispose(s);
      now = T(10);
    });

    it('creates entities once, finds them by name or alias in any case, and implies a first-name alias for people', async () => {
      const g = await open();
      const alice = await g.upsertEntity({ type: 'person', name: 'Alice Chen' });
      expect(alice).toMatchObject({ type: 'person', name: 'Alice Chen', aliases: ['Alice'], lastSeen: null, createdAt: T(10) });
      const again = await g.upsertEntity({ type: 'person', name: 'alice chen', aliases: ['Al'] });
      expect(again.id).toBe(alice.id);
      expect(again.aliases).toEqual(['Al', 'Alice']);
      expect((await g.findEntities('ALICE')).map((e) => e.id)).toEqual([alice.id]);
      expect(await g.findEntities('alice', { type: 'place' })).toEqual([]);
      expect((await g.getEntity(alice.id))?.name).toBe('Alice Chen');
      expect(await g.getEntity('nope')).toBeUndefined();
    });

    it('records a fact once, invalidates a contradicting one without deleting it, and answers "as of" queries', async () => {
      const g = await open();
      const me = await g.upsertEntity({ type: 'person', name: 'me', attrs: { self: true } });
      const alice = await g.upsertEntity({ type: 'person', name: 'Alice Chen' });
      const bob = await g.upsertEntity({ type: 'person', name: 'Bob Stone' });
      const first = await g.assertFact({ subjectId: alice.id, predicate: 'Manager', objectId: me.id, text: 'Alice Chen is my manager', exclusive: 'object', validFrom: T(1) });
      expect(first.created).toBe(true);
      expect(first.fact).toMatchObject({ subjectId: alice.id, objectId: me.id, predicate: 'manager', value: null, recordedAt: T(10), invalidatedAt: null, validFrom: T(1) });
      const dup = await g.assertFact({ subjectId: alice.id, predicate: 'manager', objectId: me.id, text: 'Alice Chen is my manager again' });
      expect(dup.created).toBe(false);
      expect(dup.fact.id).toBe(first.fact.id);
      now = T(20);
      const second = await g.assertFact({ subjectId: bob.id, predicate: 'manager', objectId: me.id, text: 'Bob Stone is my manager', exclusive: 'object' });
      expect(second.invalidated.map((f) => f.id)).toEqual([first.fact.id]);
      expect(second.invalidated[0]!.invalidatedAt).toBe(T(20));
      expect((await g.facts({ objectId: me.id, predicate: 'manager' })).map((f) => f.text)).toEqual(['Bob Stone is my manager']);
      expect((await g.facts({ objectId: me.id, includeInvalidated: true })).map((f) => f.text)).toEqual(['Alice Chen is my manager', 'Bob Stone is my manager']);
      expect((await g.facts({ objectId: me.id, asOf: { recorded: T(15) } })).map((f) => f.text)).toEqual(['Alice Chen is my manager']);
      expect(await g.facts({ entityId: alice.id, asOf: { recorded: T(5) } })).toEqual([]);
      expect((await g.getFact(first.fact.id))?.invalidatedAt).toBe(T(20));
    });

    it('keeps literal-valued facts, world-time validity, and invalidates on request', async () => {
      const g = await open();
      const atlas = await g.upsertEntity({ type: 'project', name: 'Atlas' });
      const due = await g.assertFact({ subjectId: atlas.id, predicate: 'due', value: 'March 3', text: 'Atlas is due on March 3', exclusive: 'subject', validFrom: T(1), validTo: T(28) });
      expect(due.fact).toMatchObject({ objectId: null, value: 'March 3', validTo: T(28) });
      expect(await g.facts({ entityId: atlas.id, asOf: { valid: T(29) } })).toEqual([]);
      expect(await g.facts({ entityId: atlas.id, asOf: { valid: T(2) } })).toHaveLength(1);
      const moved = await g.assertFact({ subjectId: atlas.id, predicate: 'due', value: 'April 1', text: 'Atlas is due on April 1', exclusive: 'subject' });
      expect(moved.invalidated).toHaveLength(1);
      now = T(11);
      const gone = await g.invalidateFact(moved.fact.id);
      expect(gone?.invalidatedAt).toBe(T(11));
      expect(await g.facts({ entityId: atlas.id })).toEqual([]);
      expect(await g.facts({ entityId: atlas.id, includeInvalidated: true })).toHaveLength(2);
      await expect(g.assertFact({ subjectId: atlas.id, predicate: 'x', text: 'nothing' })).rejects.toThrow(/object entity or a value/);
      await expect(g.assertFact({ subjectId: 'missing', predicate: 'x', value: 'y', text: 'y' })).rejects.toThrow(/missing/);
    });

    it('records episodes with skill calls and resolves mentions through aliases, idempotently', async () => {
      const g = await open();
      const robert = await g.upsertEntity({ type: 'person', name: 'Robert Smith' });
      await g.addAlias(robert.id, 'Bob');
      const [ep] = await g.recordEpisodes([
        {
          id: 'r1', at: T(12), text: 'email the report to Bob', source: 'cli', sessionId: 's', status: 'served',
          calls: [{ step: 1, skill: 'mail', intent: 'mail.send', slots: { to: 'Bob' }, outcome: 'ok', durationMs: 12.5 }],
          mentions: [{ type: 'person', name: 'bob' }, { type: 'project', name: 'Atlas' }],
        },
      ]);
      const atlas = (await g.findEntities('atlas'))[0]!;
      expect(ep!.mentions.sort()).toEqual([robert.id, atlas.id].sort());
      expect((await g.getEntity(robert.id))?.lastSeen).toBe(T(12));
      const again = await g.recordEpisodes([{ id: 'r1', at: T(13), text: 'changed', status: 'served', calls: [], mentions: [] }]);
      expect(again[0]!.text).toBe('email the report to Bob');
      const stored = await g.getEpisode('r1');
      expect(stored).toMatchObject({ id: 'r1', at: T(12), source: 'cli', sessionId: 's', status: 'served', calls: [{ step: 1, skill: 'mail', intent: 'mail.send', slots: { to: 'Bob' }, outcome: 'ok', durationMs: 12.5 }] });
      expect((await g.findEntities('mail', { type: 'skill' }))).toHaveLength(1);
      await g.recordEpisodes([{ id: 'r2', at: T(14), text: 'what is 2+2', status: 'served', calls: [], mentions: [] }]);
      expect((await g.episodes({})).map((e) => e.id)).toEqual(['r2', 'r1']);
      expect((await g.episodes({ from: T(13) })).map((e) => e.id)).toEqual(['r2']);
      expect((await g.episodes({ to: T(13) })).map((e) => e.id)).toEqual(['r1']);
      expect((await g.episodes({ entityId: robert.id })).map((e) => e.id)).toEqual(['r1']);
    });

    it('merges an entity into another ("Bob is Robert Smith") and hard-deletes with redaction', async () => {
      const g = await open();
      await g.recordEpisodes([{ id: 'r1', at: T(12), text: 'call Bob about Atlas', status: 'served', calls: [], mentions: [{ type: 'person', name: 'Bob' }, { type: 'project', name: 'Atlas' }] }]);
      const bob = (await g.findEntities('Bob'))[0]!;
      const atlas = (await g.findEntities('Atlas'))[0]!;
      await g.assertFact({ subjectId: bob.id, predicate: 'works_on', objectId: atlas.id, text: 'Bob works on Atlas' });
      const robert = await g.upsertEntity({ type: 'person', name: 'Robert Smith' });
      const merged = await g.mergeEntities(bob.id, robert.id);
      expect(merged.aliases).toEqual(expect.arrayContaining(['Bob', 'Robert']));
      expect(await g.getEntity(bob.id)).toBeUndefined();
      expect((await g.facts({ entityId: robert.id })).map((f) => f.subjectId)).toEqual([robert.id]);
      expect((await g.episodes({ entityId: robert.id })).map((e) => e.id)).toEqual(['r1']);
      expect((await g.findEntities('bob')).map((e) => e.id)).toEqual([robert.id]);
      const removed = await g.deleteEntity(robert.id);
      expect(removed).toEqual({ facts: 1, mentions: 1 });
      expect(await g.getEntity(robert.id)).toBeUndefined();
      expect(await g.findEntities('bob')).toEqual([]);
      expect(await g.facts({ entityId: atlas.id, includeInvalidated: true })).toEqual([]);
      expect((await g.getEpisode('r1'))?.text).toBe('call [forgotten] about Atlas');
    });

    it('walks 1- and 2-hop neighbourhoods over current facts only', async () => {
      const g = await open();
      const [a, b, c, d] = await Promise.all(['Ann Lee', 'Ben Ode', 'Cat Ray', 'Dan Fox'].map((name) => g.upsertEntity({ type: 'person', name })));
      await g.assertFact({ subjectId: a!.id, predicate: 'knows', objectId: b!.id, text: 'Ann knows Ben' });
      await g.assertFact({ subjectId: c!.id, predicate: 'knows', objectId: b!.id, text: 'Cat knows Ben' });
      const old = await g.assertFact({ subjectId: a!.id, predicate: 'knows', objectId: d!.id, text: 'Ann knows Dan' });
      await g.assertFact({ subjectId: a!.id, predicate: 'age', value: '40', text: 'Ann is 40' });
      await g.invalidateFact(old.fact.id);
      const one = await g.neighbourhood(a!.id, { depth: 1 });
      expect(one.entities.map((e) => e.name)).toEqual(['Ben Ode']);
      const two = await g.neighbourhood(a!.id, { depth: 2 });
      expect(two.entities.map((e) => e.name).sort()).toEqual(['Ben Ode', 'Cat Ray']);
      expect(two.facts.map((f) => f.text).sort()).toEqual(['Ann knows Ben', 'Cat knows Ben']);
      expect(await g.neighbourhood('missing')).toEqual({ entities: [], facts: [] });
    });

    it('searches names and current facts by BM25, and hybrid retrieval tells two Alices apart', async () => {
      const g = await open();
      const me = await g.upsertEntity({ type: 'person', name: 'me', attrs: { self: true } });
      const chen = await g.upsertEntity({ type: 'person', name: 'Alice Chen' });
      const wong = await g.upsertEntity({ type: 'person', name: 'Alice Wong' });
      const acme = await g.upsertEntity({ type: 'organization', name: 'Acme' });
      await g.assertFact({ subjectId: chen.id, predicate: 'works_at', objectId: acme.id, text: 'Alice Chen works at Acme' });
      const hits = await g.searchText('acme');
      expect(hits.map((h) => h.entityId)).toContain(acme.id);
      expect(hits.find((h) => h.field === 'fact')?.entityId).toBe(chen.id);
      expect(await g.searchText('"; DROP TABLE x; --')).toEqual(expect.any(Array));
      expect(await g.searchText('   ')).toEqual([]);
      const both = await resolveReference(g, 'Alice', { meId: me.id });
      expect(both.ambiguous).toBe(true);
      expect(both.candidates.map((c) => c.entity.name).sort()).toEqual(['Alice Chen', 'Alice Wong']);
      expect((await resolveReference(g, 'alice wong', { meId: me.id })).entity?.id).toBe(wong.id);
      await g.assertFact({ subjectId: chen.id, predicate: 'manager', objectId: me.id, text: 'Alice Chen is my manager' });
      await g.recordEpisodes([{ id: 'r9', at: T(10), text: 'meet Alice Chen', status: 'served', calls: [], mentions: [{ type: 'person', name: 'Alice Chen' }] }]);
      const resolved = await resolveReference(g, 'Alice', { meId: me.id, now: new Date(T(10)) });
      expect(resolved.entity?.id).toBe(chen.id);
      const search = await hybridSearch(g, 'works at acme', { meId: me.id });
      expect(search.slice(0, 2).map((h) => h.entity.id).sort()).toEqual([acme.id, chen.id].sort());
      expect(search.map((h) => h.entity.id)).not.toContain(me.id);
      const people = await hybridSearch(g, 'works at acme', { meId: me.id, type: 'person' });
      expect(people[0]!.entity.id).toBe(chen.id);
    });

    it('exports and re-imports losslessly, and counts what it holds', async () => {
      const g = await open();
      const me = await g.upsertEntity({ type: 'person', name: 'me', attrs: { self: true } });
      const alice = await g.upsertEntity({ type: 'person', name: 'Alice "Al" O\'Neil\\x', aliases: ['Ally\nNewline'], attrs: { note: 'ünïcødé ✓', n: 3 } });
      const f = await g.assertFact({ subjectId: alice.id, predicate: 'manager', objectId: me.id, text: "Alice's my manager", validFrom: T(1) });
      now = T(11);
      await g.invalidateFact(f.fact.id);
      await g.assertFact({ subjectId: alice.id, predicate: 'phone', value: '+1 555 0100', text: 'phone' });
      await g.recordEpisodes([{ id: 'ep-1', at: T(12), text: 'call Alice', source: 'voice', sessionId: null, status: 'served', calls: [{ step: 1, skill: 'phone', intent: 'phone.call', slots: { who: 'Alice', n: 1.5 }, outcome: 'ok', durationMs: 3.25 }], mentions: [{ type: 'person', name: 'Alice "Al" O\'Neil\\x' }] }]);
      const stats = await g.stats();
      expect(stats).toMatchObject({ entities: 3, facts: 2, currentFacts: 1, episodes: 1, mentions: 1, skillCalls: 1 });
      const first = await collect(g);
      const h = await open();
      const counts = await h.importRecords(first);
      expect(counts).toEqual({ entities: 3, facts: 2, episodes: 1 });
      expect(await collect(h)).toEqual(first);
      expect((await h.searchText('phone')).length).toBeGreaterThan(0);
      expect(await h.searchText('manager')).toEqual([]);
      await expect(h.importRecords([{ kind: 'fact', ...f.fact, id: 'f-new', subjectId: 'nobody' }])).rejects.toThrow(/nobody/);
      expect((await h.stats()).facts).toBe(2);
    });

    it('keeps learner cursors', async () => {
      const g = await open();
      expect(await g.getMeta('ingest.seq')).toBeUndefined();
      await g.setMeta('ingest.seq', '42');
      await g.setMeta('ingest.seq', '43');
      expect(await g.getMeta('ingest.seq')).toBe('43');
    });
  });
}
