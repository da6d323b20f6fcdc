/**
 * Questions answered from what the user told the skill, on a real graph store: many ways of
 * asking, answers taken from the part of a fact the question did not name, and "don't know"
 * (declined) when nothing stored answers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SkillContext, SkillHandler, SkillResult } from '../../kernel/contracts/index.js';
import { createGraphCapability, SqliteGraphStore } from '../../kernel/graph/index.js';
import { openDatabase } from '../../kernel/store/index.js';
import skill from './index.js';
import { readQuestion } from './match.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-kask-'));
const store = new SqliteGraphStore(openDatabase(dir), { ownsDb: true });
const graph = createGraphCapability(store);

async function run(intent: string, text: string, slots: Record<string, unknown> = {}): Promise<SkillResult & { data: Record<string, unknown> }> {
  const ctx = { text, graph, now: new Date(), requestId: 'r' } as unknown as SkillContext;
  return (await (skill as Record<string, SkillHandler>)[intent]!(slots, ctx)) as SkillResult & { data: Record<string, unknown> };
}
const ask = (text: string) => run('knowledge.ask', text);
const remember = (statement: string) => run('knowledge.remember', `remember that ${statement}`, { statement });

beforeAll(async () => {
  for (const s of [
    'Priya leads the Orion project',
    'my dentist is Dr. Lee',
    'Tom lives in Oslo',
    'the board meeting is on June 12',
    "Alice's birthday is May 3",
    "Alice is Tom's manager",
    'Ken teaches at Oslo University',
    'my anniversary is on September 9',
    'Sara works at Acme',
    'the spare key is under the doormat',
    'Maria lives in Lisbon',
    'my sister is Anna',
    'Anna works at Google',
    'my car is parked on level 3',
  ]) {
    expect((await remember(s)).data.remembered).toBe(true);
  }
});
afterAll(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('knowledge.ask', () => {
  it.each([
    ['who leads Orion', /^Priya leads the Orion project\.$/, 'Priya'],
    ['who is leading the Orion project?', /Priya/, 'Priya'],
    ['who led Orion', /Priya/, 'Priya'],
    ['who is the leader of Orion', /Priya/, 'Priya'],
    ['what does Priya lead', /Orion/, 'Orion'],
    ['which project does Priya lead?', /Orion/, 'Orion'],
    ['where does Tom live', /^Tom lives in Oslo\.$/, 'Oslo'],
    ["where's Tom living these days", /Oslo/, 'Oslo'],
    ['who lives in Oslo', /Tom/, 'Tom'],
    ["when's the board meeting", /^The board meeting is on June 12\.$/, 'June 12'],
    ['when is the board meeting?', /June 12/, 'June 12'],
    ['what day is the board meeting', /June 12/, 'June 12'],
    ["what is Alice's birthday", /May 3/, 'May 3'],
    ["when is Alice's birthday", /May 3/, 'May 3'],
    ["who is Tom's manager", /^Alice is Tom's manager\.$/, 'Alice'],
    ['who manages Tom', /Alice/, 'Alice'],
    ['where does Ken teach', /Oslo University/, 'Oslo University'],
    ['when is my anniversary', /^Your anniversary is on September 9\.$/, 'September 9'],
    ['where does Sara work', /Acme/, 'Acme'],
    ['where is the spare key', /under the doormat/, 'under the doormat'],
    ['do you know where Maria lives', /Lisbon/, 'Lisbon'],
  ])('%s', async (question, text, answer) => {
    const r = await ask(question);
    expect(r.declined).toBeFalsy();
    expect(r.text).toMatch(text);
    expect(r.data.answer).toBe(answer);
    // Other facts that bear on it are in the card, never the one the text says.
    for (const item of r.card?.type === 'list' ? r.card.items : []) expect(r.text).not.toContain(item.title);
  });

  it('joins two facts through an entity the question does not name', async () => {
    const r = await ask('where does my sister work');
    expect(r.text).toBe('Anna is your sister. Anna works at Google.');
    expect(r.data).toMatchObject({ answer: 'Google', guess: false, entities: [{ name: 'Google', type: 'organization' }, { name: 'Anna', type: 'person' }] });
    expect((await ask("where does Tom's manager live")).declined).toBe(true);
    expect((await ask("where does Sara's manager live")).declined).toBe(true);
    expect((await ask("where does Tom's manager live")).declined).toBe(true);
  });

  it('offers a fact as a guess when the names match and its open part is what "who/where/when" asks for', async () => {
    for (const [question, answer] of [['who heads Orion', 'Priya'], ["who's in charge of Orion", 'Priya'], ["where's Tom based", 'Oslo'], ['when was Alice born', 'May 3'], ["who's Tom's boss", 'Alice']]) {
      const r = await ask(question!);
      expect(r.text, question).toMatch(/^I'm not sure that is what you asked, but: /);
      expect(r.data, question).toMatchObject({ guess: true, answer });
    }
    // The open part is not of the kind asked for: no guess.
    for (const question of ['where did Priya go', 'when is Tom leaving', 'who did Priya hire', 'what is Tom allergic to', 'how old is Tom']) {
      expect((await ask(question)).declined, question).toBe(true);
    }
  });

  it('reads where the user put things', async () => {
    expect((await ask('where did I park')).text).toBe('Your car is parked on level 3.');
    expect((await ask("where's my car")).text).toBe('Your car is parked on level 3.');
  });

  it('answers "whose" and yes/no questions', async () => {
    expect((await ask("whose birthday is May 3")).text).toMatch(/Alice/);
    expect((await ask('does Priya lead Orion?')).text).toBe('Yes. Priya leads the Orion project.');
    expect((await ask('does Tom live in Oslo')).text).toMatch(/^Yes\. Tom lives in Oslo/);
  });

  it.each([
    "what's the score of the game",
    'how do I cook rice',
    'who leads Atlas',
    'where does Ann live',
    "when is Bob's birthday",
    'what is the capital of France',
    'who is my lawyer',
    'does Priya lead Atlas?',
    'is it going to rain tomorrow',
    'what time is it',
    'why is the sky blue',
  ])('does not know: %s', async (question) => {
    const r = await ask(question);
    expect(r.declined).toBe(true);
    expect(r.text).toMatch(/don't know/);
    expect(r.text).toMatch(/remember that/);
  });

  it('names the people and things an answer is about, the answer first', async () => {
    expect((await ask('who leads Orion')).data.entities).toEqual([{ name: 'Priya', type: 'person' }, { name: 'Orion', type: 'project' }]);
    expect((await ask('what does Priya lead')).data.entities).toEqual([{ name: 'Orion', type: 'project' }, { name: 'Priya', type: 'person' }]);
    expect((await ask("who's my dentist")).data.entities).toEqual([{ name: 'Dr. Lee', type: 'person' }]);
    expect((await ask('when is the board meeting')).data.entities).toEqual([{ name: 'board meeting', type: 'topic' }]);
  });
});

describe('knowledge.who and knowledge.remember', () => {
  it('answers "who is" for a name, and for a role when no one has that name', async () => {
    const priya = await run('knowledge.who', 'who is Priya', { name: 'Priya' });
    expect(priya.text).toContain('Priya leads the Orion project');
    expect(priya.data.entities).toEqual([{ name: 'Priya', type: 'person' }]);
    expect((await run('knowledge.who', "who's my dentist", { name: 'my dentist' })).text).toBe('Dr. Lee is your dentist.');
    // An entity only mentioned before (a request named "my dentist") does not hide the answer.
    await graph.upsertEntity({ type: 'person', name: 'my dentist' });
    expect((await run('knowledge.who', 'who is my dentist', { name: 'my dentist' })).text).toBe('Dr. Lee is your dentist.');
    const nobody = await run('knowledge.who', 'who is Zed', { name: 'Zed' });
    expect(nobody).toMatchObject({ declined: true, text: expect.stringContaining("I don't know anyone called Zed") });
  });

  it('says which entities a statement was about', async () => {
    expect((await remember('Priya leads the Orion project')).data.entities).toEqual([{ name: 'Priya', type: 'person' }, { name: 'Orion', type: 'project' }]);
    expect((await remember('my dentist is Dr. Lee')).data.entities).toEqual([{ name: 'Dr. Lee', type: 'person' }]);
  });
});

describe('readQuestion', () => {
  it('finds the question word, yes/no questions and the content words', () => {
    expect(readQuestion("who's my dentist")).toMatchObject({ wh: 'who', yesNo: false, terms: [{ stem: 'me', weight: 0 }, { stem: 'dentist', weight: 1 }] });
    expect(readQuestion("where does Tom's manager live").terms).toEqual([
      { stem: 'tom', weight: 1, name: true },
      { stem: 'manag', weight: 1, name: false },
      { stem: 'liv', weight: 1, name: false },
    ]);
    expect(readQuestion('does Priya lead Orion?')).toMatchObject({ yesNo: true, terms: [{ stem: 'priya', name: true }, { stem: 'lead' }, { stem: 'orion', name: true }] });
    expect(readQuestion('what time is the meeting').terms).toEqual([{ stem: 'tim', weight: 0.3, name: false }, { stem: 'meet', weight: 1, name: false }]);
  });
});
