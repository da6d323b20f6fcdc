/** Listing and reading saved runs (run folders `runs/<id>/run.json` under the skill's data folder). */
import os from 'node:os';
import path from 'node:path';
import type { FsCapability } from '../../../kernel/contracts/index.js';
import type { RunRecord } from './record.js';

type ReadFs = Pick<FsCapability, 'readFile' | 'readDir' | 'exists'>;

export interface RunSummary { id: string; problem: string; backend: string; status: string; evaluations: number; budget: number; bestSpeedup: number | null; startedAt: string }

/** run.json of an exhaustive search over a big space holds thousands of evaluations. */
const MAX_RUN_BYTES = 64_000_000;

export async function readRun(fs: ReadFs, dir: string, id: string): Promise<RunRecord | undefined> {
  if (!/^[A-Za-z0-9._-]+$/.test(id)) return undefined;
  let r: RunRecord;
  try {
    r = JSON.parse(await fs.readFile(path.join(dir, id, 'run.json'), { maxBytes: MAX_RUN_BYTES })) as RunRecord;
  } catch {
    return undefined; // a run being written, or a foreign folder
  }
  return r.status === 'running' && ownerGone(r) ? { ...r, status: 'stopped', notes: [...(r.notes ?? []), `the process running it (pid ${r.owner!.pid}) ended before it finished (killed?); resume with --resume ${r.id}`] } : r;
}

/** A run marked running whose process, on this machine, no longer exists. */
function ownerGone(r: RunRecord): boolean {
  if (!r.owner || r.owner.host !== os.hostname()) return false;
  try {
    process.kill(r.owner.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Every readable run, newest first (at most `limit`). */
export async function readRuns(fs: ReadFs, dir: string, limit = 500): Promise<RunRecord[]> {
  if (!(await fs.exists(dir))) return [];
  const entries = (await fs.readDir(dir)).filter((e) => e.isDirectory);
  const runs: RunRecord[] = [];
  for (const e of entries) {
    const r = await readRun(fs, dir, e.name);
    if (r?.id && r.startedAt && Array.isArray(r.evaluations)) runs.push(r);
  }
  return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, limit);
}

export function summarizeRun(r: RunRecord): RunSummary {
  return { id: r.id, problem: r.problem, backend: r.backend, status: r.status, evaluations: r.evaluations.length, budget: r.budget, bestSpeedup: r.best?.speedup ?? null, startedAt: r.startedAt };
}

export async function listRuns(fs: ReadFs, dir: string): Promise<RunSummary[]> {
  return (await readRuns(fs, dir)).map(summarizeRun);
}
