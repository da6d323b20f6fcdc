/**
 * Hybrid retrieval over any GraphStore: BM25 over names and facts, exact name/alias matches,
 * spreading through the graph neighbourhood (an entity tied to the user or to a strong hit ranks
 * higher) and recency of mention. The kernel resolves references with it ("send it to Alice" →
 * which Alice) and the knowledge skill answers "who is …" with it.
 */
import type { EntityType, GraphEntity, GraphResolution, GraphSearchHit } from '../contracts/index.js';
import type { GraphStore } from './types.js';
import { nameKey, queryTokens } from './util.js';

export const ME_NAME = 'me';

export interface RetrievalOptions {
  limit?: number;
  type?: EntityType;
  now?: Date;
  /** The user's own entity, when known: entities with facts about the user rank higher. */
  meId?: string;
  /** Only entities whose name or an alias contains every query word (reference resolution). */
  nameMustMatch?: boolean;
}

const W = { exact: 2, name: 1, fact: 0.6, neighbour: 0.35, me: 0.25, recency: 0.3 };
const RECENCY_DAYS = 30;

function nameMatches(entity: GraphEntity, tokens: string[]): boolean {
  const words = new Set([entity.name, ...entity.aliases].flatMap((n) => nameKey(n).match(/[\p{L}\p{N}]+/gu) ?? []));
  return tokens.every((t) => [...words].some((w) => w.startsWith(t)));
}

export async function hybridSearch(store: GraphStore, query: string, options: RetrievalOptions = {}): Promise<GraphSearchHit[]> {
  const limit = options.limit ?? 10;
  const now = (options.now ?? new Date()).getTime();
  const scores = new Map<string, { score: number; why: Set<string> }>();
  const add = (id: string, s: number, why: string) => {
    const cur = scores.get(id) ?? { score: 0, why: new Set<string>() };
    cur.score += s;
    cur.why.add(why);
    scores.set(id, cur);
  };
  for (const e of await store.findEntities(query, options.type ? { type: options.type } : {})) add(e.id, W.exact, 'name');
  const text = await store.searchText(query, { limit: 40, ...(options.type ? { type: options.type } : {}) });
  const top = Math.max(1e-9, ...text.map((h) => h.score));
  for (const h of text) add(h.entityId, (h.field === 'name' ? W.name : W.fact) * (h.score / top), h.field === 'name' ? 'name' : 'fact');

  // Spread from the strongest seeds to their neighbours (1 hop), and note ties to the user.
  const seeds = [...scores.entries()].sort((a, b) => b[1].score - a[1].score).slice(0, 5);
  for (const [id, s] of seeds) {
    const hood = await store.neighbourhood(id, { depth: 1, limit: 50 });
    for (const f of hood.facts) {
      const other = f.subjectId === id ? f.objectId : f.subjectId;
      if (!other || other === id) continue;
      if (options.meId && other === options.meId) add(id, W.me, 'related to you');
      else if (other !== options.meId) add(other, W.neighbour * s.score, 'neighbour');
    }
  }

  const hits: GraphSearchHit[] = [];
  const tokens = queryTokens(query);
  for (const [id, s] of scores) {
    if (id === options.meId) continue;
    const entity = await store.getEntity(id);
    if (!entity || (options.type && entity.type !== options.type)) continue;
    if (options.nameMustMatch && !nameMatches(entity, tokens)) continue;
    if (entity.lastSeen) {
      const ageDays = Math.max(0, now - Date.parse(entity.lastSeen)) / 86_400_000;
      s.score += W.recency * Math.exp(-ageDays / RECENCY_DAYS);
      if (ageDays < 7) s.why.add('recent');
    }
    hits.push({ entity, score: Number(s.score.toFixed(4)), why: [...s.why] });
  }
  return hits.sort((a, b) => b.score - a.score || a.entity.name.localeCompare(b.entity.name)).slice(0, limit);
}

/**
 * Which entity a name in a request refers to. One candidate, or a best one clearly ahead (1.5×),
 * resolves; otherwise the caller asks the user, listing `candidates`.
 */
export async function resolveReference(store: GraphStore, name: string, options: Omit<RetrievalOptions, 'nameMustMatch'> = {}): Promise<GraphResolution> {
  if (queryTokens(name).length === 0) return { candidates: [], ambiguous: false };
  const candidates = await hybridSearch(store, name, { ...options, limit: options.limit ?? 5, nameMustMatch: true });
  const [first, second] = candidates;
  if (!first) return { candidates, ambiguous: false };
  const exact = candidates.filter((c) => c.why.includes('name') && [c.entity.name, ...c.entity.aliases].some((a) => nameKey(a) === nameKey(name)));
  // A full-name match ("Alice Chen") beats partial matches; among several exact ones, fall back to scores.
  const pool = exact.length > 0 && exact.length < candidates.length && exact.some((c) => nameKey(c.entity.name) === nameKey(name)) ? exact : candidates;
  if (pool.length === 1 || !second || pool[0]!.score >= 1.5 * (pool[1]?.score ?? 0)) return { entity: pool[0]!.entity, candidates, ambiguous: false };
  return { candidates, ambiguous: true };
}
