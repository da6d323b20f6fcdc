// Conversations with the built-in skills: follow-ups resolved against the session, values flowing
// between steps, questions instead of guesses, and phrasings learned from rephrasing after a miss.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kernel } from '../../kernel/kernel.js';
import { openTestKernel } from './helpers.js';

let kernel: Kernel;
beforeAll(() => {
  kernel = openTestKernel();
});
afterAll(() => kernel.close());

let n = 0;
/** A fresh conversation: each call of `say` is one turn in it. */
function conversation() {
  const sessionId = `conv-${++n}`;
  let last: Awaited<ReturnType<Kernel['handle']>> | undefined;
  return {
    say: async (text: string) => (last = await kernel.handle({ text, source: 'cli', sessionId })),
    reply: async (text: string) => (last = await kernel.handle({ text, source: 'cli', sessionId, replyTo: last!.clarification!.id })),
  };
}

const timers = () => kernel.scheduler.list().filter((t) => t.status === 'pending');

describe('follow-ups', () => {
  it('changes what was just done instead of adding another', async () => {
    const c = conversation();
    await c.say('start a timer for 8 minutes');
    const before = timers().length;
    const changed = await c.say('change it to 12 minutes');
    expect(changed.status).toBe('served');
    const now = timers();
    expect(now.length).toBe(before);
    expect(now.some((t) => /12 min/.test(t.title))).toBe(true);
    expect(now.some((t) => /\b8 min/.test(t.title))).toBe(false);
    // A change of the change works on the changed timer.
    await c.say('make it 15 minutes');
    expect(timers().filter((t) => /\b(?:12|15) min/.test(t.title)).map((t) => t.title)).toEqual(['15 min timer']);
    await c.say('never mind, cancel that');
    expect(timers().some((t) => /1[25] min/.test(t.title))).toBe(false);
  });

  it('keeps the old reminder when the change fails', async () => {
    const c = conversation();
    await c.say('remind me to water the ferns in 15 minutes');
    const failed = await c.say('push that back to 6 years');
    expect(failed.status).not.toBe('served');
    expect(failed.steps.map((s) => s.status)).toEqual(['error', 'error']);
    expect(timers().filter((t) => t.title === 'water the ferns')).toHaveLength(1);
  });

  it('continues a calculation and swaps values of the same kind', async () => {
    const c = conversation();
    await c.say("what's 250 plus 150");
    expect((await c.say('times 3')).text).toMatch(/1,?200/);
    await c.say('what is 10% of 350');
    expect((await c.say('what about 30%?')).text).toMatch(/\b105\b/);
    await c.say('convert 2 kg to pounds');
    expect((await c.say('and to ounces?')).text).toMatch(/70\.5/);
    expect((await c.say('again')).text).toMatch(/70\.5/);
  });

  it('continues with calculation verbs and swaps a unit for the one it stands for', async () => {
    const c = conversation();
    await c.say('what is 7 times 6');
    expect((await c.say('now add 8')).text).toMatch(/\b50\b/);
    await c.say('how many grams in 2 pounds');
    expect((await c.say('and in kilograms?')).text).toMatch(/0\.9/);
  });

  it('asks which one when a skill finds several, and the choice completes the request', async () => {
    const c = conversation();
    await c.say('add a note: call Leo about rent');
    await c.say('add a note: call Leo about bikes');
    const which = await c.say('delete the note about Leo');
    expect(which.status).toBe('clarify');
    expect(which.clarification?.choices.map((ch) => ch.label)).toEqual(expect.arrayContaining(['call Leo about rent', 'call Leo about bikes']));
    const done = await c.reply('the first one');
    expect(done.status).toBe('served');
    expect(done.text).toMatch(/Deleted the note: call Leo about/);
    const left = (await c.say('list my notes')).steps[0]!.result!.card;
    expect(left?.type === 'list' ? left.items.filter((i) => /call Leo/.test(i.title)) : []).toHaveLength(1);
  });

  it('asks when a follow-up has nothing to refer to', async () => {
    const c = conversation();
    for (const text of ['change it to 12 minutes', 'cancel that', 'times 3', 'and to ounces?']) {
      const r = await c.say(text);
      expect(r.status, text).toBe('clarify');
      expect(r.steps).toEqual([]);
    }
  });
});

describe('several steps', () => {
  it('passes the value of one step to the next', async () => {
    const c = conversation();
    const r = await c.say('what is 6 times 7, then save the answer as a note');
    expect(r.steps.map((s) => s.intent)).toEqual(['calc.evaluate', 'notes.add']);
    expect(JSON.stringify(r.steps[1]!.result?.data)).toMatch(/\b42\b/);
  });

  it('gives each coordinated value its own step', async () => {
    const c = conversation();
    const r = await c.say('set timers for 4 and 9 minutes');
    expect(r.steps.map((s) => s.slots.duration)).toEqual([240_000, 540_000]);
  });
});

describe('learning from use', () => {
  it('learns a missed phrasing from the rephrasing that follows, and can forget it', async () => {
    const c = conversation();
    const miss = await c.say('blorptastic wibble the splonkers');
    expect(miss.status).toBe('not_understood');
    const served = await c.say('find my notes about splonkers');
    expect(served.status).toBe('served');
    const learned = kernel.phrasings.list().find((p) => p.phrase === 'blorptastic wibble the splonkers');
    expect(learned).toMatchObject({ skill: served.steps[0]!.skill, intent: served.steps[0]!.intent, how: 'rephrase' });
    const again = await conversation().say('blorptastic wibble the splonkers');
    expect(again.steps[0]).toMatchObject({ skill: served.steps[0]!.skill, intent: served.steps[0]!.intent });
    expect(kernel.phrasings.remove(learned!.id)).toBe(true);
    expect((await conversation().say('blorptastic wibble the splonkers')).status).toBe('not_understood');
  });

  it('undoes what a misunderstood request made when the user corrects it, and learns the correction', async () => {
    const c = conversation();
    const wrong = await c.say('jot the vegan lasagna recipes');
    expect(wrong.steps[0]?.intent).toBe('notes.add');
    const fixed = await c.say('no, I meant search the web for vegan lasagna recipes');
    expect(fixed.steps.map((s) => s.intent)).toEqual(['apps.search', 'notes.delete']);
    expect((await c.say('list my notes')).text).not.toMatch(/lasagna/);
    expect(kernel.phrasings.list().find((p) => p.phrase === 'jot the vegan lasagna recipes')).toMatchObject({ skill: 'apps', intent: 'apps.search', how: 'correction' });
  });

  it('does not learn from an unrelated request after a miss', async () => {
    const c = conversation();
    await c.say('call a taxi to the airport');
    await c.say('list my notes');
    expect(kernel.phrasings.list().some((p) => p.phrase.includes('taxi'))).toBe(false);
  });
});
