/**
 * Notes: short texts kept in the skill's own store, found again by any word in them (SQLite FTS5
 * with prefix matching, so "milk" finds "buy oat milk" and "atl" finds "Atlas").
 * Handlers take the note text from the request itself, so its case and punctuation are kept.
 */
import { defineSkill, type SkillContext, type SkillStore, type StoredRecord } from '../../kernel/contracts/index.js';
import { formatDay, formatRelative } from '../../kernel/sdk/index.js';

const COLLECTION = 'notes';
const MAX_NOTE = 10_000;

interface Note extends Record<string, unknown> {
  text: string;
}

// How an "add a note" request says it, most specific first; what follows is the note.
const POLITE = String.raw`^(?:(?:hey|ok|okay|please|pls|so|can you|could you|would you|will you)[\s,]+)*`;
const A_NOTE = String.raw`(?:(?:a|an|the|this|my|another)\s+)?(?:new\s+|quick\s+|short\s+)?(?:note|memo)`;
const SAYING = String.raw`(?:\s*(?:to\s+self\b|to\s+myself\b))?\s*(?:(?:of|that|saying|to say|which says|that says|reading|about|with)\b)?\s*[:,-]?\s*`;
const ADD_PREFIXES = [
  // "add a note: …", "put down a note that …", "write me a note saying …"
  new RegExp(String.raw`${POLITE}(?:add|take|make|create|write|save|new|leave|start|put|jot|scribble|keep)\s+(?:down\s+|up\s+|me\s+)?${A_NOTE}\b${SAYING}`, 'i'),
  // "note to self: …", "memo: …", "new note …"
  new RegExp(String.raw`${POLITE}(?:note|memo)\s*(?:to\s+(?:self|myself)\b\s*)?[:,-]\s*`, 'i'),
  new RegExp(String.raw`${POLITE}(?:note|jot|write|put|scribble)\s+(?:down\s+)?(?:that\b\s*)?[:,-]?\s*`, 'i'),
  // "add to my notes: …", "put this in my notes - …"
  new RegExp(String.raw`${POLITE}(?:add|save|put|write|jot|stick)\s+(?:down\s+)?(?:this\s+|the following\s+)?(?:to|in|into|on)\s+(?:my|the)\s+notes?\s*[:,-]?\s*`, 'i'),
];
// "save 42 as a note", "add return library books to my notes", "put this in my notes"
const ADD_AROUND = new RegExp(String.raw`${POLITE}(?:add|save|put|keep|store|write|jot|stick)\s+(?:down\s+)?(.+?)\s+(?:as|in|into|to|on|onto)\s+(?:a\s+(?:new\s+)?note|(?:my|the)\s+notes?)\s*[.!]?$`, 'i');

/** Words that stand for the previous step's result ("save the answer as a note"). */
const REFERENCE = /^(?:it|that|this|the (?:answer|result|total|number|value|output|last (?:one|result|answer)))$/i;

/** The note text in an "add a note" request, case kept; undefined when the request has no note phrasing or nothing to note. */
export function noteText(request: string): string | undefined {
  let t = request.trim();
  const around = ADD_AROUND.exec(t);
  if (around) t = around[1]!;
  else {
    const p = ADD_PREFIXES.find((re) => re.test(t));
    if (!p) return undefined;
    t = t.replace(p, '');
  }
  t = t.replace(/^["'“]|["'”]$/g, '').trim();
  return t.length > 0 ? t.slice(0, MAX_NOTE) : undefined;
}

/** The text of a previous step's result, for a note that refers to it. */
function inputText(input: SkillContext['input']): string | undefined {
  if (!input) return undefined;
  const data = input.data as Record<string, unknown> | undefined;
  for (const key of ['text', 'value', 'result', 'answer']) {
    const v = data?.[key];
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  return input.text || undefined;
}

const SEARCH_NOISE = new Set(
  (
    'a an the my me note notes memo memos about on for with mentioning containing that says saying regarding any i find search in of to ' +
    'is are it show get got look up do does have has had what did which delete remove erase discard drop forget mention contain ' +
    'there anything something wrote write written made make take took kept keep saved save where can could you please tell read ' +
    'bin trash scrap lose get rid'
  ).split(' '),
);

/** The words worth searching for: the slot if the engine found one, else the request minus its phrasing. */
export function searchWords(query: unknown, request: string): string[] {
  const fromSlot = typeof query === 'string' ? words(query) : [];
  return fromSlot.length > 0 ? fromSlot : words(request);
}
const words = (s: string) => (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !SEARCH_NOISE.has(w));

const age = (iso: string, now: Date, timeZone: string) => {
  const then = new Date(iso);
  const s = Math.max(0, (now.getTime() - then.getTime()) / 1000);
  if (s < 60) return 'just now';
  if (s < 86400) return formatRelative(then, now);
  return formatDay(then, { timeZone });
};

const card = (title: string, notes: StoredRecord<Note>[], ctx: SkillContext) => ({
  type: 'list' as const,
  title,
  items: notes.map((n) => ({
    title: n.doc.text.slice(0, 2000),
    subtitle: age(n.createdAt, ctx.now, ctx.timezone),
    actions: [{ label: 'Delete', request: `delete the note about ${n.doc.text.split(/\s+/).slice(0, 6).join(' ')}` }],
  })),
});

/** The text of a list answer says how many; the card lists them (the CLI and portal show both, spoken replies only this). */
const count = (n: number) => `${n} note${n === 1 ? '' : 's'}`;

/** Notes containing every search word (as a word prefix), best match first. */
async function find(store: SkillStore, terms: string[], limit = 50): Promise<{ all: StoredRecord<Note>[]; any: StoredRecord<Note>[] }> {
  if (terms.length === 0) return { all: [], any: [] };
  const any = await store.search<Note>(COLLECTION, terms.join(' '), { limit });
  const hasWord = (text: string, w: string) => new RegExp(`(?:^|[^\\p{L}\\p{N}])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'iu').test(text);
  const all = any.filter((n) => terms.every((w) => hasWord(n.doc.text, w) || hasWord(n.doc.text, w.replace(/s$/, ''))));
  return { all, any };
}

export default defineSkill({
  'notes.add': async (slots, ctx) => {
    const said = noteText(ctx.text);
    const slot = typeof slots.text === 'string' ? slots.text.trim() : '';
    // Guessed here without any note phrasing ("post this on twitter", "email the report to my boss"): not a note.
    if (said === undefined && !/\b(?:notes?|memo|jot|write (?:it |this |that )?down|put (?:it |this |that )?down|another|one more)\b/i.test(ctx.text)) return { text: "I don't know how to do that. To keep something, say \"add a note: …\".", declined: true };
    let text = said ?? slot;
    // "…, then save the answer as a note": the note is the previous step's result, not the words "the answer".
    // The kernel fills the slot with the result, in words ("6 * 7 = 42"); the raw value is the last resort.
    if ((!text || REFERENCE.test(text)) && ctx.input) text = (slot && !REFERENCE.test(slot) ? slot : inputText(ctx.input)) ?? text;
    if (!text || REFERENCE.test(text)) throw new Error('The note is empty. Say what it should say, e.g. "add a note: buy oat milk".');
    const rec = await ctx.store.put<Note>(COLLECTION, { text }, { text });
    return { text: `Noted: ${text}`, data: { id: rec.id, text } };
  },

  'notes.list': async (_slots, ctx) => {
    const notes = await ctx.store.list<Note>(COLLECTION, { limit: 50, newestFirst: true });
    if (notes.length === 0) return { text: 'You have no notes yet. Add one with "add a note: buy oat milk".', data: { notes: [] } };
    return {
      text: `You have ${notes.length === 50 ? 'at least 50 notes' : count(notes.length)}${notes.length > 1 ? ', newest first' : ''}.`,
      data: { notes: notes.map((n) => ({ id: n.id, text: n.doc.text, createdAt: n.createdAt })) },
      card: card('Your notes', notes, ctx),
    };
  },

  'notes.search': async (slots, ctx) => searchNotes(slots.query, ctx),

  'notes.clear': async (_slots, ctx) => clearNotes(ctx),

  'notes.delete': async (slots, ctx) => {
    // "actually delete that" after adding one: the kernel names it by id.
    if (typeof slots.id === 'string' && slots.id) {
      const note = await ctx.store.get<Note>(COLLECTION, slots.id);
      if (!note) return { text: 'That note is already gone; nothing was deleted.', data: { deleted: null } };
      await ctx.store.delete(COLLECTION, note.id);
      return { text: `Deleted the note: ${note.doc.text}`, data: { deleted: { id: note.id, text: note.doc.text } } };
    }
    const latest = /\b(?:last|latest|newest|most recent)\s+note\b/i.test(ctx.text) && !(typeof slots.query === 'string' && words(slots.query).length > 1);
    let target: StoredRecord<Note> | undefined;
    if (latest) {
      target = (await ctx.store.list<Note>(COLLECTION, { limit: 1, newestFirst: true }))[0];
      if (!target) return { text: 'You have no notes to delete.' };
    } else {
      const terms = searchWords(slots.query, ctx.text);
      if (terms.length === 0) throw new Error('Say which note, e.g. "delete the note about milk" or "delete the last note".');
      const { all, any } = await find(ctx.store, terms);
      const matches = all.length > 0 ? all : any;
      if (matches.length === 0) return { text: `No note mentions "${terms.join(' ')}"; nothing was deleted.`, data: { deleted: null } };
      if (matches.length > 1) {
        const shown = matches.slice(0, 10);
        return {
          text: `${matches.length} notes match "${terms.join(' ')}"; nothing was deleted yet. Which one?`,
          data: { deleted: null, candidates: matches.map((n) => ({ id: n.id, text: n.doc.text })) },
          card: card('Which note?', shown, ctx),
          // The kernel asks with these choices; the one picked comes back as the id.
          ask: { question: `Which note should I delete? ${shown.length} match "${terms.join(' ')}".`, slot: 'id', choices: shown.map((n) => ({ label: n.doc.text, value: n.id })) },
        };
      }
      target = matches[0]!;
    }
    await ctx.store.delete(COLLECTION, target.id);
    return { text: `Deleted the note: ${target.doc.text}`, data: { deleted: { id: target.id, text: target.doc.text } } };
  },
});

async function clearNotes(ctx: SkillContext) {
  let deleted = 0;
  // The store lists in pages; every note goes (the kernel asked first: notes.clear is marked confirm).
  for (let page = await ctx.store.list<Note>(COLLECTION, { limit: 500 }); page.length > 0; page = await ctx.store.list<Note>(COLLECTION, { limit: 500 })) {
    const before = deleted;
    for (const n of page) if (await ctx.store.delete(COLLECTION, n.id)) deleted++;
    if (deleted === before) break; // nothing could be deleted: stop rather than loop
  }
  return { text: deleted > 1 ? `Deleted all ${deleted} notes.` : deleted === 1 ? 'Deleted your only note.' : 'You have no notes to delete.', data: { deleted } };
}

async function searchNotes(query: unknown, ctx: SkillContext) {
  const terms = searchWords(query, ctx.text);
  if (terms.length === 0) throw new Error('Say what to look for, e.g. "find my note about milk".');
  const { all, any } = await find(ctx.store, terms);
  const found = all.length > 0 ? all : any;
  if (found.length === 0) return { text: `No note mentions "${terms.join(' ')}".`, data: { notes: [] } };
  const shown = found.slice(0, 20);
  return {
    text: `Found ${count(found.length)} about "${terms.join(' ')}"${found.length > shown.length ? `; the ${shown.length} best are shown` : ''}.`,
    data: { notes: shown.map((n) => ({ id: n.id, text: n.doc.text, createdAt: n.createdAt })) },
    card: card(`Notes about "${terms.join(' ')}"`, shown, ctx),
  };
}
