/**
 * The operational log: one JSON line per event (`{"at", "level", "event", …}`) in the profile's
 * `logs/agentos.log`, rotated by size (agentos.log.1 … .N, the oldest dropped). It is where errors,
 * sandbox kills and rule firings go so that a message can say "details are in <file>". Unlike the
 * audit log it is not evidence (no hash chain) and may be lost: a write that fails (disk full,
 * read-only profile) is dropped and counted, never an error for the request that caused it.
 */
import fs from 'node:fs';
import path from 'node:path';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogOptions {
  /** Lines below this level are not written (default info). */
  level?: LogLevel;
  /** Rotate when the file would grow past this (default 5 MiB). */
  maxBytes?: number;
  /** Rotated files kept beside the current one (default 3). */
  keep?: number;
  clock?: () => Date;
}

export class Log {
  /** Lines that could not be written (disk full, read-only folder). */
  dropped = 0;
  level: LogLevel;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly clock: () => Date;
  private size: number | undefined;
  /** The folder was made (once, not on every line). */
  private ready = false;

  constructor(readonly file: string, options: LogOptions = {}) {
    this.level = options.level ?? 'info';
    this.maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
    this.keep = Math.max(1, options.keep ?? 3);
    this.clock = options.clock ?? (() => new Date());
  }

  debug(event: string, fields?: Record<string, unknown>): void {
    this.write('debug', event, fields);
  }
  info(event: string, fields?: Record<string, unknown>): void {
    this.write('info', event, fields);
  }
  warn(event: string, fields?: Record<string, unknown>): void {
    this.write('warn', event, fields);
  }
  error(event: string, fields?: Record<string, unknown>): void {
    this.write('error', event, fields);
  }

  write(level: LogLevel, event: string, fields: Record<string, unknown> = {}): void {
    if (LOG_LEVELS.indexOf(level) < LOG_LEVELS.indexOf(this.level)) return;
    let line: string;
    try {
      line = `${JSON.stringify({ at: this.clock().toISOString(), level, event, ...fields })}\n`;
    } catch {
      line = `${JSON.stringify({ at: this.clock().toISOString(), level, event, note: 'fields could not be serialised' })}\n`;
    }
    try {
      if (!this.ready) fs.mkdirSync(path.dirname(this.file), { recursive: true });
      this.ready = true;
      this.size ??= fs.statSync(this.file, { throwIfNoEntry: false })?.size ?? 0;
      if (this.size > 0 && this.size + line.length > this.maxBytes) this.rotate();
      fs.appendFileSync(this.file, line);
      this.size += Buffer.byteLength(line);
    } catch {
      this.dropped++;
      this.size = undefined;
      this.ready = false;
    }
  }

  /** agentos.log → .1 → .2 … → .keep (dropped). */
  private rotate(): void {
    fs.rmSync(`${this.file}.${this.keep}`, { force: true });
    for (let i = this.keep - 1; i >= 1; i--) if (fs.existsSync(`${this.file}.${i}`)) fs.renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
    fs.renameSync(this.file, `${this.file}.1`);
    this.size = 0;
  }

  /** The last `limit` lines at or above `level`, oldest first (from the current file and the rotated ones). */
  tail(limit = 50, level: LogLevel = 'debug'): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const f of [this.file, ...Array.from({ length: this.keep }, (_, i) => `${this.file}.${i + 1}`)]) {
      let text: string;
      try {
        text = fs.readFileSync(f, 'utf8');
      } catch {
        continue;
      }
      const lines = text.split('\n').filter(Boolean).reverse();
      for (const l of lines) {
        try {
          const entry = JSON.parse(l) as Record<string, unknown>;
          if (LOG_LEVELS.indexOf(entry.level as LogLevel) >= LOG_LEVELS.indexOf(level)) out.push(entry);
        } catch {
          /* a line cut by a crash */
        }
        if (out.length >= limit) return out.reverse();
      }
    }
    return out.reverse();
  }
}

/** The profile's log file. */
export const logFile = (profileDir: string) => path.join(profileDir, 'logs', 'agentos.log');
