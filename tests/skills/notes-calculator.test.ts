import { afterEach, describe, expect, it } from 'vitest';
import type { Response } from '../../kernel/contracts/index.js';
import type { Kernel } from '../../kernel/kernel.js';
import { ask, openTestKernel } from './helpers.js';

let kernel: Kernel | undefined;
/** The titles of the list card a result carries: the notes it found (its text only counts them). */
const titles = (r: Response) => {
  const card = r.steps[0]?.result?.card;
  return card?.type === 'list' ? card.items.map((i) => i.title) : [];
};
afterEach(() => kernel?.close());

describe('notes through the kernel', () => {
  it('adds a note and finds it by one of its words', async () => {
    kernel = openTestKernel();
    const added = await ask(kernel, 'add a note: buy oat milk');
    expect(added.status).toBe('served');
    expect(added.intent).toBe('notes.add');
    expect(added.text).toBe('Noted: buy oat milk');
    await ask(kernel, 'note that the wifi password is on the fridge');
    const found = await ask(kernel, 'find my note about milk');
    expect(found.intent).toBe('notes.search');
    expect(titles(found)).toEqual(['buy oat milk']);
    const prefix = await ask(kernel, 'search my notes for pass');
    expect(titles(prefix)).toHaveLength(1);
    expect(titles(prefix)[0]).toContain('wifi password');
  });

  it('lists newest first, keeps the case of the note, and deletes by topic', async () => {
    kernel = openTestKernel();
    await ask(kernel, 'add a note: Call Dr. Ruiz on Monday');
    await ask(kernel, 'add a note: buy oat milk');
    const list = await ask(kernel, 'list my notes');
    expect(list.intent).toBe('notes.list');
    expect(titles(list)).toEqual(['buy oat milk', 'Call Dr. Ruiz on Monday']);
    const del = await ask(kernel, 'delete the note about milk');
    expect(del.intent).toBe('notes.delete');
    expect(del.text).toContain('Deleted the note: buy oat milk');
    expect((await ask(kernel, 'find my note about milk')).text).toMatch(/No note mentions "milk"/);
    expect(titles(await ask(kernel, 'list my notes'))).toEqual(['Call Dr. Ruiz on Monday']);
  });

  it('deletes nothing when several notes match, and asks which with their texts as choices', async () => {
    kernel = openTestKernel();
    await ask(kernel, 'add a note: milk for the office');
    await ask(kernel, 'add a note: oat milk at home');
    const del = await ask(kernel, 'delete the note about milk');
    expect(del.status).toBe('clarify');
    expect(del.text).toMatch(/Which note should I delete\? 2 match "milk"/);
    expect(del.clarification?.choices.map((c) => c.label).sort()).toEqual(['milk for the office', 'oat milk at home']);
    expect((await ask(kernel, 'list my notes')).text).toContain('You have 2 notes');
  });
});

describe('calculator through the kernel', () => {
  it.each([
    ['what is 15% of 240', /= 36$/],
    ['what is 12 * (3 + 4)', /= 84$/],
    ['what is twelve times eleven', /= 132$/],
    ['convert 5 miles to km', /≈ 8\.05 km/],
    ['100 f in c', /≈ 37\.8 °C/],
    ['3 GB in MB', /= 3000 MB/],
    ['how many feet in a mile', /= 5280 ft/],
  ])('%s', async (text, expected) => {
    kernel = openTestKernel();
    const r = await ask(kernel, text);
    expect(r.status).toBe('served');
    expect(r.skill).toBe('calculator');
    expect(r.text).toMatch(expected);
  });
});
