/**
 * The portal view of the runs (the manifest's view contribution, handler `kernelopt.view`): newest
 * first, each with its status, progress while running, the best speedup, and detail cards — the
 * figures, the trajectory, and the best kernel's change against the starting one.
 */
import path from 'node:path';
import type { Card, SkillView } from '../../../kernel/contracts/index.js';
import { fmtMs } from '../evaluation/stats.js';
import { bestDiff, headlineText, speedupFigures, type RunRecord } from './record.js';

export const VIEW_TITLE = 'Kernel optimizer';
const HINT = 'agentos kernel-opt run DIR [--backend cpu|cuda|torch|triton] [--budget N] · agentos kernel-opt doctor';
const EMPTY = 'No kernel optimization runs yet. Ask "optimize the kernel in ~/kernels/rmsnorm" (a folder with problem.json, or a KernelBench-style model.py), or run: agentos kernel-opt run DIR';

type Item = SkillView['items'][number];

const TONE: Record<RunRecord['status'], NonNullable<Item['status']>['tone']> = { running: 'info', done: 'ok', failed: 'bad', stopped: 'neutral' };
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

function figures(r: RunRecord, runDir: string): Card {
  const best = r.best;
  const rejected = r.evaluations.filter((e) => e.status === 'rejected').length;
  const entries = [
    { key: 'speedup', value: best ? `${headlineText(r)} over the naive reference${best.suspect ? ' (suspect: beyond the roofline)' : ''}` : r.compileOnly ? 'not timed (compile-only)' : 'no correct candidate yet' },
    ...(best?.rooflinePct != null ? [{ key: '% of roofline', value: `${best.rooflinePct.toFixed(1)} %` }] : []),
    ...(best ? [{ key: 'best median', value: `${fmtMs(best.timing.medianNs)} (evaluation #${best.evaluation})` }] : []),
    { key: 'evaluations', value: `${r.evaluations.length} of ${r.budget} (${rejected} rejected) · strategy ${r.strategy}` },
    ...(best ? [{ key: 'best params', value: clip(JSON.stringify(best.config), 2000) }] : []),
    ...(r.compileOnly ? [{ key: 'compile-only', value: clip(r.compileOnly, 2000) }] : []),
    { key: 'report', value: path.join(runDir, 'report.md') },
  ];
  return { type: 'kv', title: 'Result', entries };
}

function trajectory(r: RunRecord): Card {
  return { type: 'plot', title: 'best speedup per evaluation', kind: 'line', xLabel: 'evaluation', yLabel: 'speedup ×', series: [{ name: 'best so far', points: r.trajectory.slice(-100_000) }] };
}

/** For the selected run: what was rejected and why, and the run's notes. */
function rejections(r: RunRecord): Card[] {
  const rows = r.evaluations.filter((e) => e.status === 'rejected').slice(-200).map((e) => [e.n, clip(JSON.stringify(e.config), 200), e.stage ?? '', clip(e.reason ?? '', 300)]);
  return [
    ...(rows.length ? [{ type: 'table' as const, title: 'Rejected candidates', columns: ['evaluation', 'params', 'stage', 'reason'], rows }] : []),
    ...(r.notes.length ? [{ type: 'text' as const, title: 'Notes', body: r.notes.join('\n').slice(0, 100_000) }] : []),
  ];
}

export function runItem(r: RunRecord, runsDir: string, selected = false): Item {
  const runDir = path.join(runsDir, r.id);
  const diff = bestDiff(r);
  return {
    id: r.id,
    title: clip(`${r.problem} (${r.backend})`, 300),
    subtitle: `started ${when(r.startedAt)} · ${r.evaluations.length}/${r.budget} evaluations${r.compileOnly ? ' · compile-only' : ''}`,
    status: { label: r.status, tone: TONE[r.status] ?? 'neutral' },
    ...(r.status === 'running' ? { progress: Math.max(0, Math.min(1, r.evaluations.length / Math.max(1, r.budget))) } : {}),
    ...(r.best ? { figure: `${r.best.speedup.toFixed(2)}×${speedupFigures(r).noise === 'within noise' ? ' (within noise)' : ''}` } : {}),
    detail: [
      figures(r, runDir),
      trajectory(r),
      ...(diff ? [{ type: 'code' as const, title: 'best kernel vs the starting kernel', language: 'diff', code: diff.slice(0, 200_000) }] : []),
      ...(selected ? rejections(r) : []),
    ],
  };
}

/** The view over the runs (newest first, as readRuns returns them); `selected` gets more detail. */
export function runsView(runs: readonly RunRecord[], runsDir: string, selected?: string): SkillView {
  return { title: VIEW_TITLE, empty: EMPTY, hint: HINT, items: runs.slice(0, 100).map((r) => runItem(r, runsDir, r.id === selected)) };
}

/** One line per run, for the view's text. */
export function runsText(runs: readonly RunRecord[]): string {
  if (runs.length === 0) return EMPTY;
  return runs.map((r) => `${r.problem} (${r.backend}) ${r.status} ${r.best ? `${r.best.speedup.toFixed(2)}×` : '—'} · ${r.evaluations.length}/${r.budget} · ${r.id}`).join('\n');
}
