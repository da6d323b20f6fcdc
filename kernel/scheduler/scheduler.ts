/**
 * Reminders and timers: persisted in the profile database, fired while the kernel runs, and
 * reported as missed when the kernel starts after their time passed.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/index.js';
import { ensureSchema } from '../store/index.js';
import type { ScheduledTimer } from '../contracts/index.js';
import type { EventBus } from '../events/index.js';

interface TimerRow {
  id: string;
  skill: string;
  kind: 'reminder' | 'timer';
  title: string;
  due_at: string;
  created_at: string;
  status: ScheduledTimer['status'];
}

const toTimer = (r: TimerRow): ScheduledTimer => ({ id: r.id, skill: r.skill, kind: r.kind, title: r.title, dueAt: r.due_at, createdAt: r.created_at, status: r.status });

/** setTimeout's limit; longer waits are re-armed. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export class Scheduler {
  private readonly db: Db;
  private readonly bus: EventBus;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(db: Db, bus: EventBus) {
    this.db = db;
    this.bus = bus;
    ensureSchema(db, 'timers', [
      `CREATE TABLE timers (
         id TEXT PRIMARY KEY, skill TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('reminder', 'timer')),
         title TEXT NOT NULL, due_at TEXT NOT NULL, created_at TEXT NOT NULL,
         status TEXT NOT NULL CHECK (status IN ('pending', 'fired', 'missed', 'cancelled')), done_at TEXT
       );
       CREATE INDEX timers_pending ON timers(status, due_at);`,
    ]);
  }

  schedule(skill: string, input: { kind: 'reminder' | 'timer'; title: string; dueAt: string }): ScheduledTimer {
    const due = new Date(input.dueAt);
    if (Number.isNaN(due.getTime())) throw new Error(`"${input.dueAt}" is not a valid time`);
    const row: TimerRow = { id: randomUUID().slice(0, 8), skill, kind: input.kind, title: input.title.slice(0, 500), due_at: due.toISOString(), created_at: new Date().toISOString(), status: 'pending' };
    this.db.prepare('INSERT INTO timers(id, skill, kind, title, due_at, created_at, status) VALUES (@id, @skill, @kind, @title, @due_at, @created_at, @status)').run(row);
    if (this.running) this.arm();
    this.bus.emit({ type: 'timers.changed' });
    return toTimer(row);
  }

  list(options: { skill?: string; includeDone?: boolean } = {}): ScheduledTimer[] {
    const rows = this.db
      .prepare(`SELECT * FROM timers WHERE (? IS NULL OR skill = ?) AND (? = 1 OR status = 'pending') ORDER BY due_at`)
      .all(options.skill ?? null, options.skill ?? null, options.includeDone ? 1 : 0) as TimerRow[];
    return rows.map(toTimer);
  }

  cancel(id: string, skill?: string): ScheduledTimer | undefined {
    const row = this.db.prepare(`SELECT * FROM timers WHERE id = ? AND (? IS NULL OR skill = ?)`).get(id, skill ?? null, skill ?? null) as TimerRow | undefined;
    if (!row || row.status !== 'pending') return undefined;
    this.db.prepare(`UPDATE timers SET status = 'cancelled', done_at = ? WHERE id = ?`).run(new Date().toISOString(), id);
    if (this.running) this.arm();
    this.bus.emit({ type: 'timers.changed' });
    return toTimer({ ...row, status: 'cancelled' });
  }

  /**
   * Marks timers whose time passed while nothing ran as missed and returns them (reported at start).
   * `graceMs`: a timer overdue by less than this still fires normally.
   */
  collectMissed(now = new Date(), graceMs = 5_000): ScheduledTimer[] {
    const cutoff = new Date(now.getTime() - graceMs).toISOString();
    const rows = this.db.prepare(`SELECT * FROM timers WHERE status = 'pending' AND due_at < ? ORDER BY due_at`).all(cutoff) as TimerRow[];
    const mark = this.db.prepare(`UPDATE timers SET status = 'missed', done_at = ? WHERE id = ?`);
    this.db.transaction(() => rows.forEach((r) => mark.run(now.toISOString(), r.id)))();
    return rows.map((r) => toTimer({ ...r, status: 'missed' }));
  }

  /** Starts firing timers while the process runs: missed ones are announced first. */
  start(): ScheduledTimer[] {
    const missed = this.collectMissed();
    for (const t of missed) this.bus.emit({ type: 'timer.fired', timer: { id: t.id, kind: t.kind, title: t.title, dueAt: t.dueAt }, missed: true });
    this.running = true;
    this.arm();
    return missed;
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    const next = this.db.prepare(`SELECT due_at FROM timers WHERE status = 'pending' ORDER BY due_at LIMIT 1`).get() as { due_at: string } | undefined;
    if (!next) return;
    const wait = Math.max(0, Math.min(new Date(next.due_at).getTime() - Date.now(), MAX_TIMEOUT_MS));
    this.timer = setTimeout(() => this.fireDue(), wait);
  }

  private fireDue(): void {
    const now = new Date();
    const due = this.db.prepare(`SELECT * FROM timers WHERE status = 'pending' AND due_at <= ? ORDER BY due_at`).all(now.toISOString()) as TimerRow[];
    const mark = this.db.prepare(`UPDATE timers SET status = 'fired', done_at = ? WHERE id = ? AND status = 'pending'`);
    for (const r of due) {
      if (mark.run(now.toISOString(), r.id).changes === 0) continue;
      this.bus.emit({ type: 'timer.fired', timer: { id: r.id, kind: r.kind, title: r.title, dueAt: r.due_at }, missed: false });
      this.bus.emit({ type: 'timers.changed' });
    }
    if (this.running) this.arm();
  }
}
