/**
 * The append-only event log: every request and every result, with time, duration, skill,
 * intent, slots and outcome. The knowledge graph and the pattern miner read from it.
 */
import type { Db } from '../store/index.js';
import { ensureSchema, storageProblem } from '../store/index.js';
import type { HistoryEntry, Request, Response } from '../contracts/index.js';

export interface LoggedResult {
  seq: number;
  requestId: string;
  sessionId: string;
  at: string;
  text: string;
  source: string;
  status: string;
  skill: string | null;
  intent: string | null;
  slots: Record<string, unknown> | null;
  durationMs: number;
  kernelMs: number;
  response: Response;
}

export class EventLog {
  private readonly insert;
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
    ensureSchema(db, 'events', [
      `CREATE TABLE events (
         seq INTEGER PRIMARY KEY AUTOINCREMENT,
         kind TEXT NOT NULL CHECK (kind IN ('request', 'result')),
         at TEXT NOT NULL,
         request_id TEXT NOT NULL,
         session_id TEXT NOT NULL,
         source TEXT NOT NULL,
         text TEXT NOT NULL,
         status TEXT,
         skill TEXT,
         intent TEXT,
         slots TEXT,
         duration_ms REAL,
         kernel_ms REAL,
         payload TEXT
       );
       CREATE INDEX events_request ON events(request_id);
       CREATE INDEX events_kind_seq ON events(kind, seq);`,
    ]);
    this.insert = db.prepare(
      `INSERT INTO events(kind, at, request_id, session_id, source, text, status, skill, intent, slots, duration_ms, kernel_ms, payload)
       VALUES (@kind, @at, @requestId, @sessionId, @source, @text, @status, @skill, @intent, @slots, @durationMs, @kernelMs, @payload)`,
    );
  }

  /** Entries that could not be written (disk full, read-only profile): the request went on without them. */
  unrecorded = 0;

  /**
   * History is a record of requests, not part of serving them: when the disk is full or the profile
   * cannot be written, a request that only reads still gets its answer (one that writes fails at its
   * own write, with a message that names the cause). Other errors propagate.
   */
  private write(row: Record<string, unknown>): void {
    try {
      this.insert.run(row);
    } catch (error) {
      if (!storageProblem(error)) throw error;
      this.unrecorded++;
    }
  }

  appendRequest(request: Request & { id: string }, at: Date): void {
    this.write({
      kind: 'request',
      at: at.toISOString(),
      requestId: request.id,
      sessionId: request.sessionId,
      source: request.source,
      text: request.text,
      status: null,
      skill: null,
      intent: null,
      slots: null,
      durationMs: null,
      kernelMs: null,
      payload: null,
    });
  }

  appendResult(request: Request & { id: string }, response: Response, at: Date): void {
    const first = response.steps[0];
    this.write({
      kind: 'result',
      at: at.toISOString(),
      requestId: request.id,
      sessionId: request.sessionId,
      source: request.source,
      text: request.text,
      status: response.status,
      skill: first?.skill ?? null,
      intent: first?.intent ?? null,
      slots: first ? JSON.stringify(first.slots) : null,
      durationMs: response.durationMs,
      kernelMs: response.kernelMs,
      payload: JSON.stringify(response),
    });
  }

  history(limit = 50): HistoryEntry[] {
    const rows = this.db
      .prepare(
        `SELECT request_id AS id, at, text, source, status, skill, intent, duration_ms AS durationMs
         FROM events WHERE kind = 'result' ORDER BY seq DESC LIMIT ?`,
      )
      .all(limit) as HistoryEntry[];
    return rows;
  }

  /** The sequence number of the newest entry (0 when empty). */
  lastSeq(): number {
    return (this.db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM events').get() as { seq: number }).seq;
  }

  /** Results in order, for learners (graph ingestion, pattern mining). */
  results(options: { afterSeq?: number; limit?: number } = {}): LoggedResult[] {
    const rows = this.db
      .prepare(
        `SELECT seq, request_id, session_id, at, text, source, status, skill, intent, slots, duration_ms, kernel_ms, payload
         FROM events WHERE kind = 'result' AND seq > ? ORDER BY seq LIMIT ?`,
      )
      .all(options.afterSeq ?? 0, options.limit ?? 1_000_000) as Record<string, unknown>[];
    // The full response is parsed only when a reader asks for it: most learners need the columns alone.
    return rows.map((r) => ({
      get response(): Response {
        return JSON.parse(r.payload as string) as Response;
      },
      seq: r.seq as number,
      requestId: r.request_id as string,
      sessionId: r.session_id as string,
      at: r.at as string,
      text: r.text as string,
      source: r.source as string,
      status: r.status as string,
      skill: (r.skill as string | null) ?? null,
      intent: (r.intent as string | null) ?? null,
      slots: r.slots ? (JSON.parse(r.slots as string) as Record<string, unknown>) : null,
      durationMs: r.duration_ms as number,
      kernelMs: r.kernel_ms as number,
    }));
  }
}
