// The handlers against an in-memory store: what is noted, what is declined, and deleting by the id
// the kernel passes on "actually delete that".
import { describe, expect, it } from 'vitest';
import type { SkillContext, SkillModule, SkillResult, SkillStore, StoredRecord } from '../../kernel/contracts/index.js';
import skill from './index.js';

const now = new Date(2025, 2, 10, 14, 30, 0);

function fakeStore(): SkillStore & { records: StoredRecord[] } {
  const records: StoredRecord[] = [];
  const words = (s: string) => s.toLowerCase().match(/\w+/g) ?? [];
  return {
    records,
    put: async (collection, doc, options) => {
      const rec = { id: `n${records.length + 1}`, collection, doc, text: options?.text ?? '', createdAt: now.toISOString(), updatedAt: now.toISOString() };
      records.push(rec);
      return rec as never;
    },
    get: async (_c, id) => records.find((r) => r.id === id) as never,
    delete: async (_c, id) => {
      const i = records.findIndex((r) => r.id === id);
      return i >= 0 && records.splice(i, 1).length === 1;
    },
    list: async (_c, options) => records.slice(0, options?.limit ?? 50) as never,
    search: async (_c, query) => records.filter((r) => words(query).some((q) => words(r.text).some((w) => w.startsWith(q)))) as never,
  };
}

const run = (intent: string, text: string, store: SkillStore, slots: Record<string, unknown> = {}, input?: SkillResult) =>
  (skill as SkillModule)[intent]!(slots, { text, now, store, ...(input ? { input } : {}) } as unknown as SkillContext) as Promise<SkillResult>;

describe('note handlers', () => {
  it('notes the words after the phrasing and gives the id', async () => {
    const store = fakeStore();
    const r = await run('notes.add', 'put down a note that the boiler needs servicing', store, { text: 'a note that the boiler needs servicing' });
    expect(r.data).toEqual({ id: 'n1', text: 'the boiler needs servicing' });
  });

  it('declines a request that is no note at all, and notes nothing', async () => {
    const store = fakeStore();
    const r = await run('notes.add', 'email the report to my boss', store, { text: 'the report' });
    expect(r.declined).toBe(true);
    expect(store.records).toEqual([]);
  });

  it('notes the previous result when the request refers to it', async () => {
    const store = fakeStore();
    await run('notes.add', 'save the answer as a note', store, {}, { text: '6 × 7 = 42', data: { value: 42 } });
    expect(store.records.map((r) => r.text)).toEqual(['42']);
  });

  it('deletes by id, by words, asks which when several match, and clears all', async () => {
    const store = fakeStore();
    await run('notes.add', 'add a note: call the vet', store);
    await run('notes.add', 'add a note: call Anna about the car', store);
    await run('notes.add', 'add a note: call Anna about dinner', store);
    expect((await run('notes.delete', 'actually delete that', store, { id: 'n1' })).text).toBe('Deleted the note: call the vet');
    const which = await run('notes.delete', 'delete the note about Anna', store, { query: 'Anna' });
    expect(which.text).toMatch(/^2 notes match "anna"; nothing was deleted/);
    expect((await run('notes.delete', 'erase the dinner note', store, { query: 'dinner' })).text).toBe('Deleted the note: call Anna about dinner');
    expect((await run('notes.clear', 'delete all my notes', store)).text).toBe('Deleted your only note.');
    expect(store.records).toEqual([]);
  });
});
