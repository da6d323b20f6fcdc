/**
 * The knowledge base: each run's winning change (problem kind, backend, device, params, the
 * source when a model rewrote it, the gain) is kept in the profile (the skill's store, collection
 * "knowledge"), and seeds the next run on a problem of the same kind. (A knowledge-graph backend
 * can read the same records later.)
 */
import type { SkillStore } from '../../../kernel/contracts/index.js';
import type { Config } from '../spec/index.js';

export interface Lesson extends Record<string, unknown> {
  kind: string;
  backend: string;
  device: string;
  problem: string;
  config: Config;
  speedup: number;
  change: string;
  source?: string;
  /** The generator template (generate/) that won, so runs of the same kind seed it with this config. */
  template?: string;
  runId: string;
}

export async function recordLesson(store: SkillStore, lesson: Lesson): Promise<void> {
  await store.put('knowledge', lesson, { id: `${lesson.kind}-${lesson.backend}-${lesson.runId}`, text: `${lesson.kind} ${lesson.backend} ${lesson.problem} ${lesson.change}` });
}

/** Lessons for this kind and backend, best first (same device preferred). */
export async function lessonsFor(store: SkillStore, kind: string, backend: string, device: string): Promise<Lesson[]> {
  const all = await store.list<Lesson>('knowledge', { limit: 1000, newestFirst: true });
  return all
    .map((r) => r.doc)
    .filter((l) => l.kind === kind && l.backend === backend)
    .sort((a, b) => Number(b.device === device) - Number(a.device === device) || b.speedup - a.speedup)
    .slice(0, 5);
}

/**
 * Lessons for a model's prompt: this kind's first, then (when there are fewer than `n`) the best of
 * other kinds on the same backend, which still say what kind of change paid off on this machine.
 */
export async function lessonsAcross(store: SkillStore, kind: string, backend: string, device: string, n = 5): Promise<Lesson[]> {
  const all = (await store.list<Lesson>('knowledge', { limit: 1000, newestFirst: true })).map((r) => r.doc).filter((l) => l.backend === backend);
  const rank = (a: Lesson, b: Lesson) => Number(b.device === device) - Number(a.device === device) || b.speedup - a.speedup;
  const same = all.filter((l) => l.kind === kind).sort(rank);
  const other = all.filter((l) => l.kind !== kind).sort(rank);
  return [...same, ...other].slice(0, n);
}

/** "VEC 4→16, ACC 1→4" — what changed from the starting params. */
export function describeChange(start: Config, best: Config, sourceChanged: boolean): string {
  const parts = Object.keys(best)
    .filter((k) => start[k] !== best[k])
    .map((k) => `${k} ${start[k]}→${best[k]}`);
  if (sourceChanged) parts.push('source rewritten');
  return parts.join(', ') || 'no change from the start';
}
