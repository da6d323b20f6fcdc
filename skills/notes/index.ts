/**
 * Notes: short texts kept in the skill's own store, found again by any word in them (SQLite FTS5
 * with prefix matching, so "milk" finds "buy oat milk" and "atl" finds "Atlas").
 * Handlers take the note text from the request itself, so its case and punctuation are kept.
 */
import { defineSkill, type SkillContext, type SkillStore, type StoredRecord } from '../../kernel/contracts/index.js';

const COLLECTION = 'notes';
const MAX_NOTE = 10_000;

interface Note extends Record<string, unknown> {
  text: string;
}

/** Request phrasings around the note text, most specific first. */
const ADD_PREFIXES = [
  /^(?:please\s+)?(?:add|take|make|create|write|save|new)\s+(?:(?:a|the|this|my)\s+)?(?:new\s+|quick\s+)?note\s*(?:of\b|that\b|saying\b|to say\b)?\s*[:,-]?\s*/i,
  /^(?:please\s+)?(?:note|jot)\s+(?:down\s+)?(?:that\s+)?[:,-]?\s*/i,
  /^(?:please\s+)?(?:write|put)\s+down\s+(?:that\s+)?[:,-]?\s*/i,
];
const ADD_SUFFIX = /\s+(?:to|in|into)\s+my\s+notes\s*$/i;

/** The note text in an "add a note" request, case kept; undefined when nothing is left. */
export function noteText(request: string): string | undefined {
  let t = request.trim();
  if (/^(?:please\s+)?add\s+.+\s+(?:to|in|into)\s+my\s+notes\s*[.!]?$/i.test(t)) t = t.replace(/^(?:please\s+)?add\s+/i, '').replace(/[.!]$/, '').replace(ADD_SUFFIX, '');
  else {
    for (const p of ADD_PREFIXES) {
      if (p.test(t)) {
        t = t.replace(p, '');
        break;
      }
    }
  }
  t = t.replace(/^["'“]|["'”]$/g, '').trim();
  return t.length > 0 ? t.slice(0, MAX_NOTE) : undefined;
}

const SEARCH_NOISE = new Set(['a', 'an', 'the', 'my', 'me', 'note', 'notes', 'about', 'on', 'for', 'with', 'mentioning', 'containing', 'that', 'says', 'saying', 'regarding', 'any', 'i', 'find', 'search', 'in', 'of', 'to', 'is', 'are', 'it', 'show', 'get', 'look', 'up', 'do', 'have', 'what', 'did', 'which', 'delete', 'remove', 'erase', 'discard', 'drop', 'forget', 'mention', 'contain']);

/** The words worth searching for: the slot if the engine found one, else the request minus its phrasing. */
export function searchWords(query: unknown, request: string): string[] {
  const fromSlot = typeof query === 'string' ? words(query) : [];
  return fromSlot.length > 0 ? fromSlot : words(request);
}
const words = (s: string) => (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !SEARCH_NOISE.has(w));

const age = (iso: string, now: Date) => {
  const s = Math.max(0, (now.getTime() - new Date(iso).getTime()) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(iso).toLocaleDateString('en-CA');
};

const card = (title: string, notes: StoredRecord<Note>[], now: Date) => ({
  type: 'list' as const,
  title,
  items: notes.map((n) => ({
    title: n.doc.text.slice(0, 2000),
    subtitle: age(n.createdAt, now),
    actions: [{ label: 'Delete', request: `delete the note about ${n.doc.text.split(/\s+/).slice(0, 6).join(' ')}` }],
  })),
});

const bullet = (notes: StoredRecord<Note>[]) => notes.map((n) => `- ${n.doc.text}`).join('\n');

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
    const text = noteText(ctx.text) ?? (typeof slots.text === 'string' ? slots.text.trim() : '');
    if (!text) throw new Error('the note is empty. Say what it should say, e.g. "add a note: buy oat milk".');
    const rec = await ctx.store.put<Note>(COLLECTION, { text }, { text });
    return { text: `Noted: ${text}`, data: { id: rec.id, text }, card: card('Note added', [rec], ctx.now) };
  },

  'notes.list': async (_slots, ctx) => {
    const notes = await ctx.store.list<Note>(COLLECTION, { limit: 50, newestFirst: true });
    if (notes.length === 0) return { text: 'You have no notes yet. Add one with "add a note: buy oat milk".', data: { notes: [] } };
    return {
      text: `You have ${notes.length === 50 ? 'at least 50' : notes.length} note${notes.length === 1 ? '' : 's'}, newest first:\n${bullet(notes)}`,
      data: { notes: notes.map((n) => ({ id: n.id, text: n.doc.text, createdAt: n.createdAt })) },
      card: card('Your notes', notes, ctx.now),
    };
  },

  'notes.search': async (slots, ctx) => searchNotes(slots.query, ctx),

  'notes.delete': async (slots, ctx) => {
    const latest = /\b(?:last|latest|newest|most recent)\s+note\b/i.test(ctx.text) && !(typeof slots.query === 'string' && words(slots.query).length > 1);
    let target: StoredRecord<Note> | undefined;
    if (latest) {
      target = (await ctx.store.list<Note>(COLLECTION, { limit: 1, newestFirst: true }))[0];
      if (!target) return { text: 'You have no notes to delete.' };
    } else {
      const terms = searchWords(slots.query, ctx.text);
      if (terms.length === 0) throw new Error('say which note, e.g. "delete the note about milk" or "delete the last note".');
      const { all, any } = await find(ctx.store, terms);
      const matches = all.length > 0 ? all : any;
      if (matches.length === 0) return { text: `No note mentions "${terms.join(' ')}"; nothing was deleted.`, data: { deleted: null } };
      if (matches.length > 1) {
        return {
          text: `${matches.length} notes match "${terms.join(' ')}"; nothing was deleted. Say more of the note you mean:\n${bullet(matches.slice(0, 10))}`,
          data: { deleted: null, candidates: matches.map((n) => ({ id: n.id, text: n.doc.text })) },
          card: card('Which note?', matches.slice(0, 10), ctx.now),
        };
      }
      target = matches[0]!;
    }
    await ctx.store.delete(COLLECTION, target.id);
    return { text: `Deleted the note: ${target.doc.text}`, data: { deleted: { id: target.id, text: target.doc.text } } };
  },
});

async function searchNotes(query: unknown, ctx: SkillContext) {
  const terms = searchWords(query, ctx.text);
  if (terms.length === 0) throw new Error('say what to look for, e.g. "find my note about milk".');
  const { all, any } = await find(ctx.store, terms);
  const found = all.length > 0 ? all : any;
  if (found.length === 0) return { text: `No note mentions "${terms.join(' ')}".`, data: { notes: [] } };
  const shown = found.slice(0, 20);
  return {
    text: `Found ${found.length} note${found.length === 1 ? '' : 's'} about "${terms.join(' ')}":\n${bullet(shown)}`,
    data: { notes: shown.map((n) => ({ id: n.id, text: n.doc.text, createdAt: n.createdAt })) },
    card: card(`Notes about "${terms.join(' ')}"`, shown, ctx.now),
  };
}
