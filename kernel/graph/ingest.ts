/**
 * Incremental ingestion: every completed request in the event log becomes an episode, with its
 * skill calls and the entities it mentions. A cursor (the last event-log sequence ingested) makes
 * it resumable: the kernel's 'request.completed' event triggers a catch-up from the cursor, and
 * a start after a crash picks up whatever was missed. Episode ids are request ids, so replaying
 * is harmless.
 */
import type { GraphEpisode } from '../contracts/index.js';
import type { LoggedResult } from '../events/index.js';
import { extractEntities, extractFromSlots } from './extract.js';
import type { EntityRef, EpisodeInput, GraphStore } from './types.js';
import { nameKey } from './util.js';

const CURSOR_KEY = 'ingest.seq';
/** A request to forget someone permanently must not bring them back as a mention. */
const FORGET_INTENTS = new Set(['knowledge.forget_all']);

export type IngestItem = Pick<LoggedResult, 'requestId' | 'sessionId' | 'at' | 'text' | 'source' | 'status'> & {
  steps: { skill: string; intent: string; slots: Record<string, unknown>; status: string; durationMs: number }[];
};

export function episodeFrom(item: IngestItem): EpisodeInput {
  const calls = item.steps.map((s, i) => ({ step: i + 1, skill: s.skill, intent: s.intent, slots: s.slots, outcome: s.status, durationMs: Math.round(s.durationMs * 1000) / 1000 }));
  const forgetting = item.steps.some((s) => FORGET_INTENTS.has(s.intent) && s.status === 'ok');
  if (forgetting) return { id: item.requestId, at: item.at, text: '(a request to forget something permanently)', source: item.source, sessionId: item.sessionId, status: item.status, calls: calls.map((c) => ({ ...c, slots: {} })), mentions: [] };
  const mentions: EntityRef[] = [...extractEntities(item.text), ...item.steps.flatMap((s) => extractFromSlots(s.slots))];
  const seen = new Set<string>();
  return {
    id: item.requestId,
    at: item.at,
    text: item.text,
    source: item.source,
    sessionId: item.sessionId,
    status: item.status,
    calls,
    mentions: mentions.filter((m) => !seen.has(nameKey(m.name)) && seen.add(nameKey(m.name))),
  };
}

export function itemFromLogged(r: LoggedResult): IngestItem {
  return { ...r, steps: r.response.steps.map((s) => ({ skill: s.skill, intent: s.intent, slots: s.slots, status: s.status, durationMs: s.durationMs })) };
}

export interface ResultSource {
  results(options: { afterSeq?: number; limit?: number }): LoggedResult[];
}

export class GraphIngestor {
  private cursor = 0;
  private pending: Promise<number> | undefined;

  constructor(
    private readonly store: GraphStore,
    private readonly source: ResultSource,
    private readonly onError: (error: Error) => void = (e) => process.emitWarning(`Knowledge graph ingestion failed: ${e.message}`),
  ) {}

  /** Loads the cursor; call once before catchUp. */
  async init(): Promise<this> {
    this.cursor = Number((await this.store.getMeta(CURSOR_KEY)) ?? 0);
    return this;
  }

  /**
   * Ingests results after the cursor in batches. For SQLite the writes happen synchronously inside
   * this call (before its first await), so a short-lived CLI process has them committed on return.
   */
  catchUp(batchSize = 500, maxBatches = Infinity): Promise<number> {
    const step = (): Promise<number> => {
      let total = 0;
      const writes: Promise<unknown>[] = [];
      for (let batch = 0; batch < maxBatches; batch++) {
        const rows = this.source.results({ afterSeq: this.cursor, limit: batchSize });
        if (rows.length === 0) break;
        writes.push(this.store.recordEpisodes(rows.map((r) => episodeFrom(itemFromLogged(r)))));
        this.cursor = rows.at(-1)!.seq;
        writes.push(this.store.setMeta(CURSOR_KEY, String(this.cursor)));
        total += rows.length;
        if (rows.length < batchSize) break;
      }
      return Promise.all(writes).then(() => total);
    };
    // Serialized so two quick requests never race on the cursor (matters for the async Neo4j backend);
    // with nothing pending it runs now, synchronously up to the store's writes.
    const guarded = (): Promise<number> => {
      try {
        return step();
      } catch (error) {
        return Promise.reject(error as Error);
      }
    };
    const run = this.pending ? this.pending.then(guarded) : guarded();
    const tracked: Promise<number> = run.catch((error: Error) => {
      this.onError(error);
      return 0;
    });
    this.pending = tracked;
    void tracked.then(() => {
      if (this.pending === tracked) this.pending = undefined;
    });
    return tracked;
  }

  /** Direct ingestion of items not in the log (tests, imports, benchmarks). */
  ingest(items: readonly IngestItem[]): Promise<GraphEpisode[]> {
    return this.store.recordEpisodes(items.map(episodeFrom));
  }

  /** Resolves when every catch-up started so far has finished. */
  idle(): Promise<unknown> {
    return this.pending ?? Promise.resolve(0);
  }
}
