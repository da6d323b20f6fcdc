/**
 * Conversation state that must survive between processes (the CLI is one process per request):
 * the last served request of each session, and questions waiting on an answer.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/index.js';
import { ensureSchema, storageProblem } from '../store/index.js';
import type { PendingQuestion, SessionState } from '../contracts/index.js';

/** A question left unanswered this long is dropped. */
const PENDING_TTL_MS = 60 * 60 * 1000;

export class Sessions {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
    ensureSchema(db, 'sessions', [
      `CREATE TABLE sessions (session_id TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at TEXT NOT NULL);
       CREATE TABLE pending_questions (id TEXT PRIMARY KEY, session_id TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL);`,
    ]);
  }

  state(sessionId: string): SessionState {
    const row = this.db.prepare('SELECT state FROM sessions WHERE session_id = ?').get(sessionId) as { state: string } | undefined;
    return row ? (JSON.parse(row.state) as SessionState) : { sessionId };
  }

  /**
   * Keeps what a follow-up needs. On a full disk or an unwritable profile the answer still goes
   * out (a request that only reads must work); only the follow-up context of this turn is lost.
   */
  save(state: SessionState): void {
    try {
      this.db
        .prepare('INSERT INTO sessions(session_id, state, updated_at) VALUES (?, ?, ?) ON CONFLICT(session_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at')
        .run(state.sessionId, JSON.stringify(state), new Date().toISOString());
    } catch (error) {
      if (!storageProblem(error)) throw error;
    }
  }

  ask(question: Omit<PendingQuestion, 'id' | 'createdAt'>): PendingQuestion {
    const pending: PendingQuestion = { ...question, id: randomUUID().replace(/-/g, '').slice(0, 12), createdAt: new Date().toISOString() };
    this.db.transaction(() => {
      // One open question per session: a new one replaces the old.
      this.db.prepare('DELETE FROM pending_questions WHERE session_id = ?').run(pending.sessionId);
      this.db.prepare('INSERT INTO pending_questions(id, session_id, payload, created_at) VALUES (?, ?, ?, ?)').run(pending.id, pending.sessionId, JSON.stringify(pending), pending.createdAt);
    })();
    return pending;
  }

  /** The open question with this id (or the session's open question), removed as it is taken. */
  take(sessionId: string, id?: string): PendingQuestion | undefined {
    const row = (
      id
        ? this.db.prepare('SELECT payload FROM pending_questions WHERE id = ?').get(id)
        : this.db.prepare('SELECT payload FROM pending_questions WHERE session_id = ?').get(sessionId)
    ) as { payload: string } | undefined;
    if (!row) return undefined;
    const pending = JSON.parse(row.payload) as PendingQuestion;
    this.db.prepare('DELETE FROM pending_questions WHERE id = ?').run(pending.id);
    if (Date.now() - new Date(pending.createdAt).getTime() > PENDING_TTL_MS) return undefined;
    return pending;
  }

  peek(sessionId: string): PendingQuestion | undefined {
    const row = this.db.prepare('SELECT payload FROM pending_questions WHERE session_id = ?').get(sessionId) as { payload: string } | undefined;
    return row ? (JSON.parse(row.payload) as PendingQuestion) : undefined;
  }
}
