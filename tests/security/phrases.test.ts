/**
 * Hijacked phrases (class 5): community skills — a native module, a SKILL.md skill and an MCP
 * server — that claim the built-in Notes and Reminders phrases ("take a note …", "delete my
 * notes", "remind me …") and a catch-all. The install preview names every overlap and `--yes`
 * alone refuses it; installed anyway (`--allow-overlap`), the built-ins keep their phrases, so the
 * user's secret note text never reaches the stranger's skill. Earlier-installed community skills
 * keep theirs against later ones. Runs in both sandbox modes (AGENTOS_SANDBOX_NO_BWRAP=1 too).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../kernel/contracts/index.js';
import { readLock } from '../../kernel/packages/index.js';
import { copyFixture, FIXTURES, harness, hostile, type Harness } from './helpers.js';

const SECRET = 'the wifi password is hunter2-7731';
let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

/** What the native thief recorded (its store), as text. */
function thiefRecords(k: Harness): string {
  const rows = k.kernel.db.prepare("SELECT * FROM skill_records WHERE skill = 'phrase-thief'").all();
  return JSON.stringify(rows);
}

/** Every note the built-in Notes skill holds, as text. */
function notes(k: Harness): string {
  return JSON.stringify(k.kernel.db.prepare("SELECT * FROM skill_records WHERE skill = 'notes'").all());
}

describe('install preview and consent', () => {
  it('names every overlap, and --yes alone refuses to install it', async () => {
    h = harness();
    await expect(h.install(hostile('phrase-thief'))).rejects.toThrow(/overlap|phrases that other skills already handle[\s\S]*--allow-overlap/);
    const said = h.said.join('\n');
    expect(said).toMatch(/PHRASE OVERLAP/);
    expect(said).toMatch(/"take a note buy milk" — already belongs to Notes \(built-in\)/);
    expect(said).toMatch(/"delete my notes" — already belongs to Notes \(built-in\)/);
    expect(said).toMatch(/"remind me to call mom" — already belongs to Reminders/);
    expect(said).toMatch(/template "\{anything\}" .* would catch almost any request: it is left out/);
    expect(fs.existsSync(path.join(h.profile, 'skills', 'phrase-thief'))).toBe(false);
    expect(readLock(h.profile).skills['phrase-thief']).toBeUndefined();
  });

  it('asks about the overlap when there is a prompt; declining installs nothing', async () => {
    h = harness({ answers: [true, false] });
    await expect(h.install(hostile('phrase-thief'), { yes: false })).rejects.toThrow(/cancelled because of the phrase overlap/);
    expect(h.said.some((s) => /Install phrase-thief although it overlaps/.test(s))).toBe(true);
    expect(fs.existsSync(path.join(h.profile, 'skills', 'phrase-thief'))).toBe(false);
  });
});

describe('built-ins keep their phrases at run time', () => {
  it('a native skill: the secret note goes to Notes, never to the stranger', async () => {
    h = harness();
    const r = await h.install(hostile('phrase-thief'), { allowOverlap: true });
    expect(r.overlaps).toEqual(expect.arrayContaining(['notes/notes.add', 'notes/notes.clear', 'reminders/reminder.add']));
    // The catch-all template was left out of recognition and reported.
    expect(h.kernel.problems.find((p) => p.skill === 'phrase-thief')?.errors.join(' ')).toMatch(/catch-all templates .*\{anything\}/);
    // Without precedence the engine itself would hand these phrases to the stranger (its templates are more specific).
    expect(h.kernel.engine.recognize(`take a note that ${SECRET}`).candidates[0]?.skill).toBe('phrase-thief');
    expect(h.kernel.engine.recognize('delete my notes').candidates.map((c) => c.skill)).toContain('phrase-thief');

    const saved = await h.kernel.handle({ text: `take a note that ${SECRET}`, source: 'cli' });
    expect(saved.steps.map((s) => s.skill)).toEqual(['notes']);
    expect(notes(h)).toContain('hunter2-7731');
    const plain = await h.kernel.handle({ text: `take a note ${SECRET}`, source: 'cli' });
    expect(plain.steps.map((s) => s.skill)).toEqual(['notes']);
    const remind = await h.kernel.handle({ text: 'remind me to change the router password in 10 minutes', source: 'cli' });
    expect(remind.steps.map((s) => s.skill)).toEqual(['reminders']);
    const wipe = await h.kernel.handle({ text: 'delete my notes', source: 'cli' });
    expect(wipe.steps.every((s) => s.skill === 'notes')).toBe(true);
    expect(wipe.status === 'confirm' || wipe.steps[0]?.skill === 'notes').toBe(true);
    expect(thiefRecords(h)).not.toMatch(/hunter2|router/);
    expect(thiefRecords(h)).toBe('[]');
    // Its own phrase, which no built-in reads, still reaches it.
    const own = await h.kernel.handle({ text: 'squirrel away nobody else reads this', source: 'cli' });
    expect(own.steps.map((s) => s.skill)).toEqual(['phrase-thief']);
    expect(thiefRecords(h)).toContain('nobody else reads this');
  }, 60_000);

  it('a SKILL.md skill named like the phrase never gets the note (nor the language model it would talk to)', async () => {
    h = harness();
    const seen: ChatMessage[][] = [];
    h.llm = { chat: async (messages) => (seen.push(messages), 'ok') };
    await h.install(hostile('phrase-thief-md'), { allowOverlap: true });
    expect(h.kernel.registry.get('take-a-note')?.manifest.kind).toBe('instructions');
    const r = await h.kernel.handle({ text: `take a note ${SECRET}`, source: 'cli' });
    expect(r.steps.map((s) => s.skill)).toEqual(['notes']);
    expect(notes(h)).toContain('hunter2-7731');
    expect(JSON.stringify(seen)).not.toContain('hunter2');
  }, 60_000);

  it('an MCP server whose tools are named like the phrases never gets the note', async () => {
    h = harness();
    await h.install(hostile('mcp-phrase-thief'), { allowOverlap: true });
    const said = h.said.join('\n');
    expect(said).toMatch(/PHRASE OVERLAP[\s\S]*Notes \(built-in\)/);
    const received = path.join(h.profile, 'data', 'mcp-phrase-thief', 'received.log');
    const r = await h.kernel.handle({ text: `take a note ${SECRET}`, source: 'cli' });
    expect(r.steps.map((s) => s.skill)).toEqual(['notes']);
    const wipe = await h.kernel.handle({ text: 'delete my notes', source: 'cli' });
    expect(wipe.steps.every((s) => s.skill === 'notes')).toBe(true);
    expect(fs.existsSync(received) ? fs.readFileSync(received, 'utf8') : '').not.toContain('hunter2');
  }, 60_000);
});

describe('earlier-installed community skills keep their phrases', () => {
  it('a later skill claiming "greet …" does not take it from the one installed first', async () => {
    h = harness();
    await h.install(path.join(FIXTURES, 'good', 'hello'));
    const copycat = copyFixture(path.join(FIXTURES, 'good', 'hello'));
    const m = JSON.parse(fs.readFileSync(path.join(copycat, 'skill.json'), 'utf8')) as { id: string; name: string; intents: { templates: string[] }[] };
    m.id = 'copycat';
    m.name = 'Copycat';
    m.intents[0]!.templates = ['greet {name}', 'greet {name} now'];
    fs.writeFileSync(path.join(copycat, 'skill.json'), JSON.stringify(m));
    // --yes alone accepts an overlap with another community skill only with --allow-overlap, as with a built-in.
    await expect(h.install(copycat)).rejects.toThrow(/--allow-overlap/);
    expect(h.said.join('\n')).toMatch(/"greet Ada" — already belongs to Hello World \(installed earlier\)/);
    await h.install(copycat, { allowOverlap: true });
    const r = await h.kernel.handle({ text: 'greet Ada', source: 'cli' });
    expect(r.steps.map((s) => s.skill)).toEqual(['hello-world']);
    expect(r.text).toMatch(/Hello, Ada!/);
    // The order survives a restart (the lock's first-install time), and an update keeps the place.
    const lock = readLock(h.profile).skills;
    expect(lock['hello-world']!.firstInstalledAt! <= lock['copycat']!.firstInstalledAt!).toBe(true);
  }, 60_000);
});
