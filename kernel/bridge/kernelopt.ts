/**
 * Bridge handler for the desktop's kernel-optimizer view: the runs in the profile (the skill's
 * run folders, `data/kernel-optimizer/runs/<id>/run.json`), newest first, with the trajectory,
 * best diff and % of roofline. It reads the files the skill writes; kernel/ never imports skills/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { KernelOptRunView } from '../contracts/index.js';
import type { Handlers } from './types.js';

const RunFileSchema = z.object({
  id: z.string(),
  problem: z.string(),
  backend: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  budget: z.number(),
  startedAt: z.string(),
  evaluations: z.array(z.object({ config: z.record(z.string(), z.number()) }).passthrough()),
  trajectory: z.array(z.tuple([z.number(), z.number()])),
  best: z.object({ sourceId: z.string(), config: z.record(z.string(), z.number()), speedup: z.number(), rooflinePct: z.number().nullable() }).passthrough().optional(),
});

/** "params: VEC 4 -> 16" plus a pointer to the source diff in report.md. */
function bestDiff(run: z.infer<typeof RunFileSchema>): string | undefined {
  if (!run.best) return undefined;
  const start = run.evaluations[0]?.config ?? {};
  const changed = Object.keys(run.best.config).filter((k) => start[k] !== run.best!.config[k]).map((k) => `${k}: ${start[k]} -> ${run.best!.config[k]}`);
  return [...(changed.length ? changed : ['params unchanged']), ...(run.best.sourceId !== 'start' ? [`source rewritten (${run.best.sourceId}); full diff in report.md`] : [])].join('\n');
}

export function listKernelOptRuns(profileDir: string, limit = 100): KernelOptRunView[] {
  const dir = path.join(profileDir, 'data', 'kernel-optimizer', 'runs');
  let ids: string[];
  try {
    ids = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const views: KernelOptRunView[] = [];
  for (const id of ids) {
    let parsed;
    try {
      parsed = RunFileSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dir, id, 'run.json'), 'utf8')));
    } catch {
      continue; // a run being written or a foreign folder: skip it
    }
    if (!parsed.success) continue;
    const r = parsed.data;
    const diff = bestDiff(r);
    views.push({
      id: r.id,
      problem: r.problem,
      backend: r.backend,
      status: r.status,
      evaluations: r.evaluations.length,
      budget: r.budget,
      bestSpeedup: r.best?.speedup ?? null,
      trajectory: r.trajectory,
      ...(diff ? { bestDiff: diff } : {}),
      peakPercent: r.best?.rooflinePct ?? null,
      startedAt: r.startedAt,
    });
  }
  return views.sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, limit);
}

export const handlers: Handlers<'kernelopt.runs'> = {
  async 'kernelopt.runs'(_input, { kernel }) {
    return listKernelOptRuns(kernel.profileDir);
  },
};

/** The same map under the name the task brief used, for hosts that join handlers by domain. */
export const kernelOptHandlers = handlers;
