/**
 * The knowledge skill end to end: a kernel opened by the host (graph wired, ingestion following
 * every request) with the repository's built-in skills, driven by plain requests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKernel } from '../../kernel/index.js';
import type { Kernel } from '../../kernel/kernel.js';
import { SqliteGraphStore } from '../../kernel/graph/index.js';

const skills = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'skills');
let kernel: Kernel;

async function say(text: string, extra: { replyTo?: string; sessionId?: string } = {}) {
  const r = await kernel.handle({ text, source: 'cli', ...extra });
  return { ...r, intent: r.steps[0]?.intent, data: r.steps[0]?.result?.data as Record<string, unknown> | undefined };
}

beforeEach(async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-khome-'));
  kernel = await openKernel({ profileDir: home, builtinSkillsDir: skills, communitySkillsDir: path.join(home, 'none') });
});
afterEach(() => kernel.close());

describe('the knowledge skill', () => {
  it('remembers "Alice Chen is my manager at Acme" and answers "who is Alice" with it', async () => {
    const r = await say('remember that Alice Chen is my manager at Acme');
    expect(r.status).toBe('served');
    expect(r.text).toBe("OK, I'll remember that Alice Chen is your manager at Acme.");
    const who = await say('who is Alice');
    expect(who.intent).toBe('knowledge.who');
    expect(who.text).toContain('Alice Chen is your manager at Acme');
    // The text says one fact; the card carries the others.
    expect(JSON.stringify(who.steps[0]!.result!.card)).toContain('Alice Chen works at Acme');
    const acme = await say('what do I know about Acme');
    expect(`${acme.text} ${JSON.stringify(acme.steps[0]!.result!.card ?? {})}`).toContain('Alice Chen works at Acme');
  });

  it('resolves "Bob" to Robert Smith once told, merging what it knew about "Bob"', async () => {
    await say('email the notes to Bob');
    await say('remember that Robert Smith works on project Atlas');
    const alias = await say('remember that Bob is Robert Smith');
    expect(alias.text).toBe('OK: Bob is Robert Smith.');
    const who = await say('who is Bob');
    expect(`${who.text} ${JSON.stringify(who.steps[0]!.result!.card ?? {})}`).toContain('Robert Smith works on Atlas');
    const atlas = await say('what do I know about project Atlas');
    expect(`${atlas.text} ${JSON.stringify(atlas.steps[0]!.result!.card ?? {})}`).toContain('Robert Smith works on Atlas');
    const store = new SqliteGraphStore(kernel.db);
    const people = await store.findEntities('bob', { type: 'person' });
    expect(people.map((p) => p.name)).toEqual(['Robert Smith']);
    expect((await store.episodes({ entityId: people[0]!.id })).map((e) => e.text)).toContain('email the notes to Bob');
  });

  it('replaces a contradicted fact, forgets on request, and keeps the history', async () => {
    await say('remember that Alice Chen is my manager');
    const next = await say('remember that Dana Lee is my manager');
    expect(next.text).toContain('That replaces: Alice Chen is your manager');
    const forget = await say('forget that Dana Lee is my manager');
    expect(forget.data).toMatchObject({ forgotten: 1 });
    expect((await say('who is Dana Lee')).text).toContain("haven't told me anything");
    const store = new SqliteGraphStore(kernel.db);
    const dana = (await store.findEntities('Dana Lee'))[0]!;
    expect((await store.facts({ entityId: dana.id, includeInvalidated: true }))[0]?.invalidatedAt).not.toBeNull();
  });

  it('asks which Alice when two fit, and erases one permanently after confirmation', async () => {
    await say('remember that Alice Chen is my manager');
    await say('remember that Alice Wong is my dentist');
    const which = await say('who is Alice');
    expect(which.text).toMatch(/I know 2 called Alice: Alice (Chen|Wong), Alice (Chen|Wong)/);
    const ask = await say('forget everything about Alice Wong permanently', { sessionId: 'k' });
    expect(ask.status).toBe('confirm');
    const done = await say('yes', { sessionId: 'k', replyTo: ask.clarification!.id });
    expect(done.text).toMatch(/^Erased Alice Wong permanently: 1 fact/);
    expect((await say('who is Alice')).text).toContain('Alice Chen is your manager');
    const store = new SqliteGraphStore(kernel.db);
    expect(await store.findEntities('Alice Wong')).toEqual([]);
    const episodes = await store.episodes({ limit: 50 });
    expect(episodes.some((e) => e.text.includes('Wong'))).toBe(false);
  });

  it('says what you did last week, from the episodes', async () => {
    const store = new SqliteGraphStore(kernel.db);
    const now = new Date();
    const monday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - ((now.getDay() + 6) % 7));
    const lastWeek = (d: number) => new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() - 7 + d, 10).toISOString();
    await store.recordEpisodes([
      { id: 'w1', at: lastWeek(0), text: 'add a note: buy oat milk', status: 'served', calls: [{ step: 1, skill: 'notes', intent: 'note.add', slots: {}, outcome: 'ok', durationMs: 2 }], mentions: [] },
      { id: 'w2', at: lastWeek(3), text: 'open firefox', status: 'served', calls: [{ step: 1, skill: 'apps', intent: 'app.open', slots: { app: 'firefox' }, outcome: 'ok', durationMs: 5 }], mentions: [] },
      { id: 'w3', at: lastWeek(-3), text: 'too early', status: 'served', calls: [], mentions: [] },
    ]);
    const r = await say('what did I do last week');
    expect(r.intent).toBe('knowledge.recent');
    expect(r.data).toMatchObject({ count: 2, episodes: ['w2', 'w1'] });
    expect(r.text).toMatch(/^Last week you made 2 requests/);
    expect((await say('what did I do on someday')).text).toContain("didn't understand the period");
  });

  it('ingests every request as an episode with its skill call, incrementally', async () => {
    await say('what can you do');
    await say('blorp zxqv frobnicate');
    // A one-shot kernel opens the graph on first use and catches up on everything logged before.
    await kernel.services.graph!.me();
    const store = new SqliteGraphStore(kernel.db);
    const episodes = await store.episodes({});
    expect(episodes.map((e) => e.text)).toEqual(['blorp zxqv frobnicate', 'what can you do']);
    expect(episodes[1]!.calls[0]).toMatchObject({ skill: 'help', intent: 'help.capabilities', outcome: 'ok' });
    expect(episodes[0]!.status).toBe('not_understood');
    expect(await store.getMeta('ingest.seq')).toBeDefined();
  });
});
