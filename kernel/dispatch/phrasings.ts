/**
 * Personal intent mining: phrasings this user taught the kernel by using it. When a request is
 * not understood (or answered wrongly) and the user then rephrases it, picks a suggestion, or
 * corrects it ("no, I meant …"), the missed phrasing is stored with the intent that served the
 * user instead, and from then on means that intent — for this profile only. Kept in the profile
 * database; listed and removable in settings (`agentos phrasings`, the portal's settings view).
 *
 * Matching is by the phrase's words with numbers masked ("remind me in 5 min" also matches
 * "remind me in 10 min"): exact first, then a close word overlap, so a phrasing learned once
 * also serves the same words in a slightly different order or with a word more or less.
 */
import { randomUUID } from 'node:crypto';
import type { LearnedPhrasing } from '../contracts/index.js';
import { STOP_WORDS } from '../intent/index.js';
import { ensureSchema, type Db } from '../store/index.js';

/** Close enough to a learned phrasing: share this share of their words (Jaccard). */
const MIN_OVERLAP = 0.75;
/** How long after a miss a served request still counts as its rephrasing. */
export const REPHRASE_WINDOW_MS = 3 * 60 * 1000;
const MAX_PHRASINGS = 2000;


/** Lower case, punctuation dropped, numbers masked. */
export function normalisePhrase(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s'-]/gu, ' ')
    .replace(/\b\d+(?:[.,]\d+)?\b/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
}

const words = (phrase: string) => new Set(phrase.split(' ').filter((w) => w && !STOP_WORDS.has(w)));

function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

interface Row {
  id: string;
  phrase: string;
  skill: string;
  intent: string;
  example: string;
  how: LearnedPhrasing['how'];
  created_at: string;
  uses: number;
}

const toPhrasing = (r: Row): LearnedPhrasing => ({ id: r.id, phrase: r.phrase, skill: r.skill, intent: r.intent, example: r.example, how: r.how, createdAt: r.created_at, uses: r.uses });

export class PersonalPhrasings {
  private cache?: { row: Row; words: Set<string> }[];

  constructor(private readonly db: Db) {
    ensureSchema(db, 'learned_phrasings', [
      `CREATE TABLE learned_phrasings (id TEXT PRIMARY KEY, phrase TEXT NOT NULL UNIQUE, skill TEXT NOT NULL, intent TEXT NOT NULL,
         example TEXT NOT NULL, how TEXT NOT NULL, created_at TEXT NOT NULL, uses INTEGER NOT NULL DEFAULT 0);`,
    ]);
  }

  /** Learns (or re-learns) what a phrasing means. A phrasing too short to carry meaning is ignored. */
  learn(text: string, target: { skill: string; intent: string; example: string; how: LearnedPhrasing['how'] }, now = new Date()): LearnedPhrasing | undefined {
    const phrase = normalisePhrase(text);
    if (words(phrase).size === 0 || phrase === normalisePhrase(target.example)) return undefined;
    const id = randomUUID().replace(/-/g, '').slice(0, 12);
    this.db
      .prepare(
        `INSERT INTO learned_phrasings(id, phrase, skill, intent, example, how, created_at, uses) VALUES (?, ?, ?, ?, ?, ?, ?, 0)
         ON CONFLICT(phrase) DO UPDATE SET skill = excluded.skill, intent = excluded.intent, example = excluded.example, how = excluded.how, created_at = excluded.created_at`,
      )
      .run(id, phrase, target.skill, target.intent, target.example.slice(0, 500), target.how, now.toISOString());
    // Oldest unused ones go first when the list is full.
    this.db.prepare(`DELETE FROM learned_phrasings WHERE id IN (SELECT id FROM learned_phrasings ORDER BY uses ASC, created_at ASC LIMIT max(0, (SELECT count(*) FROM learned_phrasings) - ?))`).run(MAX_PHRASINGS);
    this.cache = undefined;
    return this.list().find((p) => p.phrase === phrase);
  }

  /** The learned phrasing a request says, if any (exact words first, then a close overlap). */
  match(text: string): LearnedPhrasing | undefined {
    const phrase = normalisePhrase(text);
    const all = (this.cache ??= (this.db.prepare('SELECT * FROM learned_phrasings').all() as Row[]).map((row) => ({ row, words: words(row.phrase) })));
    if (all.length === 0) return undefined;
    const exact = all.find((p) => p.row.phrase === phrase);
    if (exact) return toPhrasing(exact.row);
    const mine = words(phrase);
    let best: { row: Row; score: number } | undefined;
    for (const p of all) {
      const score = overlap(mine, p.words);
      if (score >= MIN_OVERLAP && (!best || score > best.score)) best = { row: p.row, score };
    }
    return best ? toPhrasing(best.row) : undefined;
  }

  /** Counts a use (shown in settings, and keeps used phrasings when the list is trimmed). */
  used(id: string): void {
    this.db.prepare('UPDATE learned_phrasings SET uses = uses + 1 WHERE id = ?').run(id);
  }

  list(): LearnedPhrasing[] {
    return (this.db.prepare('SELECT * FROM learned_phrasings ORDER BY created_at DESC').all() as Row[]).map(toPhrasing);
  }

  /** Forgets one phrasing; false when there is none with that id. */
  remove(id: string): boolean {
    this.cache = undefined;
    return this.db.prepare('DELETE FROM learned_phrasings WHERE id = ?').run(id).changes > 0;
  }
}
