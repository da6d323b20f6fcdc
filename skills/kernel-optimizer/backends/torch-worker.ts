/**
 * The torch harness as one long-lived worker per run: `python3 harness_torch.py PLAN serve`, started
 * through the exec capability with its stdin streamed (one JSON request a line) and its stdout read
 * as it arrives (one verdict line per request, with the request's id and nonce). Torch is imported
 * once per worker instead of once per command; the worker forks a fresh child for every request, so
 * a candidate still cannot leave anything behind. A worker that dies or stops answering is replaced
 * on the next request; one left idle ends itself, so a caller that forgets close() is not kept alive.
 */
import crypto from 'node:crypto';
import type { ExecCapability, ExecResult } from '../../../kernel/contracts/index.js';
import { crashReason } from './output.js';

export type HarnessResult = Record<string, unknown> & { ok?: boolean };

/** Extra time a request may take beyond its own limit (the judge's process, forks) before the worker counts as hung. */
const GRACE_MS = 120_000;
/** A worker without requests for this long ends (close() ends it at once). */
const IDLE_MS = 30_000;

/** An async iterable of strings fed by push(): the worker's stdin. */
class Lines implements AsyncIterable<string> {
  private readonly queue: string[] = [];
  private wake?: () => void;
  private ended = false;

  push(line: string) {
    this.queue.push(line);
    this.wake?.();
  }

  end() {
    this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    for (;;) {
      const next = this.queue.shift();
      if (next !== undefined) yield next;
      else if (this.ended) return;
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

interface Pending {
  nonce: string;
  resolve: (r: { result?: HarnessResult; crash: string }) => void;
  timer: NodeJS.Timeout;
}

interface Proc {
  input: Lines;
  abort: AbortController;
  done: Promise<ExecResult>;
  ready: Promise<HarnessResult>;
  pending: Map<string, Pending>;
}

export class HarnessWorker {
  private proc?: Proc;
  private idle?: NodeJS.Timeout;
  private seq = 0;

  constructor(
    private readonly exec: ExecCapability,
    private readonly python: string,
    private readonly args: string[],
    private readonly options: { cwd: string; env: Record<string, string> },
  ) {}

  /** The worker's first line ({ready, harness}); starts it when none runs. */
  ready(): Promise<HarnessResult> {
    return this.start().ready;
  }

  private start(): Proc {
    if (this.proc) return this.proc;
    const input = new Lines();
    const abort = new AbortController();
    const pending = new Map<string, Pending>();
    let buffer = '';
    let markReady: (r: HarnessResult) => void = () => undefined;
    const ready = new Promise<HarnessResult>((resolve) => (markReady = resolve));
    const onLine = (line: string) => {
      if (!line.startsWith('{')) return;
      let j: HarnessResult;
      try {
        j = JSON.parse(line) as HarnessResult;
      } catch {
        return;
      }
      if (j.ready === true || (j.id === undefined && j.ok === false)) markReady(j);
      const p = typeof j.id === 'string' ? pending.get(j.id) : undefined;
      if (!p || j.nonce !== p.nonce) return;
      pending.delete(j.id as string);
      clearTimeout(p.timer);
      p.resolve({ result: j, crash: '' });
    };
    const done = this.exec.run(this.python, [...this.args, 'serve'], {
      ...this.options,
      stdin: input,
      signal: abort.signal,
      timeoutMs: 2 ** 31 - 1,
      maxOutput: 200_000,
      onStdout: (chunk) => {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          onLine(buffer.slice(0, nl));
          buffer = buffer.slice(nl + 1);
        }
      },
    }).catch((e: unknown): ExecResult => ({ code: 127, signal: null, stdout: '', stderr: `the torch harness worker could not start: ${(e as Error).message}`, ms: 0, timedOut: false }));
    const proc: Proc = { input, abort, done, ready, pending };
    void done.then((r) => {
      if (this.proc === proc) this.proc = undefined;
      const crash = crashReason(r, 'the torch harness worker');
      markReady({ ok: false, reason: crash });
      for (const p of pending.values()) {
        clearTimeout(p.timer);
        p.resolve({ crash });
      }
      pending.clear();
    });
    this.proc = proc;
    return proc;
  }

  /** One request; the verdict is the line carrying this request's id and nonce. */
  async request(cmd: string, args: string[], timeoutMs: number): Promise<{ result?: HarnessResult; crash: string }> {
    clearTimeout(this.idle);
    const proc = this.start();
    const id = String(++this.seq);
    const nonce = crypto.randomBytes(12).toString('hex');
    const seed = crypto.randomInt(1, 2 ** 31 - 1);
    const answer = new Promise<{ result?: HarnessResult; crash: string }>((resolve) => {
      const timer = setTimeout(() => {
        proc.pending.delete(id);
        // the worker itself stopped answering: end it (its children with it); the next request starts a new one
        proc.abort.abort();
        resolve({ crash: `the torch harness worker did not answer within ${Math.round((timeoutMs + GRACE_MS) / 1000)} s and was restarted` });
      }, timeoutMs + GRACE_MS);
      proc.pending.set(id, { nonce, resolve, timer });
    });
    proc.input.push(JSON.stringify({ id, cmd, args, seed, nonce, timeoutMs }) + '\n');
    const r = await answer;
    if (this.proc === proc && proc.pending.size === 0) {
      this.idle = setTimeout(() => void this.close(), IDLE_MS);
      this.idle.unref();
    }
    return r;
  }

  /** Ends the worker: stdin closes, it finishes the request in hand and exits (killed if it does not within 10 s). */
  async close(): Promise<void> {
    clearTimeout(this.idle);
    const proc = this.proc;
    if (!proc) return;
    this.proc = undefined;
    proc.input.end();
    const kill = setTimeout(() => proc.abort.abort(), 10_000);
    await proc.done;
    clearTimeout(kill);
  }
}
