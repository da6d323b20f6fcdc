/** Listing and reading saved runs (run folders under the skill's data folder). */
import fs from 'node:fs';
import path from 'node:path';
import type { RunRecord } from './record.js';

export interface RunSummary { id: string; problem: string; backend: string; status: string; evaluations: number; budget: number; bestSpeedup: number | null; startedAt: string }

export function readRun(dir: string, id: string): RunRecord | undefined {
  if (!/^[A-Za-z0-9._-]+$/.test(id)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, id, 'run.json'), 'utf8')) as RunRecord;
  } catch {
    return undefined;
  }
}

export function listRuns(dir: string): RunSummary[] {
  let ids: string[] = [];
  try {
    ids = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return ids
    .map((id) => readRun(dir, id))
    .filter((r): r is RunRecord => Boolean(r))
    .map((r) => ({ id: r.id, problem: r.problem, backend: r.backend, status: r.status, evaluations: r.evaluations.length, budget: r.budget, bestSpeedup: r.best?.speedup ?? null, startedAt: r.startedAt }))
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}
