/** Selectors for the kernel-optimizer slice, and the figures the view derives from a run. */
import type { KernelOptRunView } from '../../../bridge/contracts';
import type { AppState } from '../../types';

export const selectKernelRuns = (s: AppState) => s.kernelRuns;
export const selectKernelRunsError = (s: AppState) => s.kernelRunsError;
export const selectKernelRunsLoaded = (s: AppState) => s.kernelRunsLoaded;
export const selectSelectedRun = (s: AppState) => s.selectedRun;
export const selectAnyRunning = (s: AppState) => s.kernelRuns.some((r) => r.status === 'running');
/** A run asked for in the chat that has not written its first evaluation yet still counts as live. */
export const selectStarting = (s: AppState) => s.entries.find((e) => e.status === 'pending' && e.progress?.skill === 'kernel-optimizer')?.progress;
export const selectLive = (s: AppState) => selectAnyRunning(s) || selectStarting(s) !== undefined;

/** The run shown in detail: the selected one, else a running one, else the newest. */
export function shownRun(runs: readonly KernelOptRunView[], selected: string | null): KernelOptRunView | undefined {
  return runs.find((r) => r.id === selected) ?? runs.find((r) => r.status === 'running') ?? runs[0];
}

/** Evaluations done as a share of the budget, 0..1 (a finished run is full even when it stopped early). */
export function runFraction(run: Pick<KernelOptRunView, 'evaluations' | 'budget' | 'status'>): number {
  if (run.status === 'done') return 1;
  return run.budget > 0 ? Math.max(0, Math.min(1, run.evaluations / run.budget)) : 0;
}

/**
 * The trajectory as the plot card draws it: evaluation number → best speedup so far, as steps (the
 * best only changes when a candidate wins; a straight line between points would suggest otherwise).
 */
export function trajectorySeries(run: Pick<KernelOptRunView, 'trajectory'>): [number, number][] {
  const out: [number, number][] = [];
  for (const [x, y] of run.trajectory) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const prev = out.at(-1);
    if (prev && prev[1] !== y) out.push([x, prev[1]]);
    out.push([x, y]);
  }
  return out;
}

export function formatSpeedup(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`;
}
