import { describe, expect, it } from 'vitest';
import type { KernelOptRunView } from '../../../bridge/contracts';
import { scriptedBridge } from '../../test-bridge';
import { applyKernelEvent } from '../../events';
import { formatSpeedup, runFraction, shownRun, trajectorySeries } from './selectors';

const run = (id: string, status: KernelOptRunView['status'], evaluations: number, startedAt: string): KernelOptRunView => ({
  id,
  problem: 'rmsnorm',
  backend: 'cpu',
  status,
  evaluations,
  budget: 40,
  bestSpeedup: evaluations ? 3.5 : null,
  trajectory: Array.from({ length: evaluations }, (_, i) => [i + 1, 1 + i] as [number, number]),
  peakPercent: null,
  startedAt,
});

describe('kernel-optimizer slice', () => {
  it('loads runs, shows the running one by default and the selected one when chosen', async () => {
    const runs = [run('b', 'done', 40, '2025-01-02'), run('a', 'running', 5, '2025-01-01')];
    const { store } = scriptedBridge({ 'kernelopt.runs': () => runs });
    await store.getState().loadKernelRuns();
    expect(store.getState().kernelRuns).toHaveLength(2);
    expect(shownRun(store.getState().kernelRuns, store.getState().selectedRun)?.id).toBe('a');
    store.getState().selectRun('b');
    expect(shownRun(store.getState().kernelRuns, store.getState().selectedRun)?.id).toBe('b');
    store.getState().selectRun('gone');
    expect(store.getState().selectedRun).toBeNull();
  });

  it('coalesces reloads: a burst of progress events makes at most one more call after the one in flight', async () => {
    let release: () => void = () => undefined;
    let n = 0;
    const { store, calls } = scriptedBridge({
      'kernelopt.runs': () => {
        n++;
        return n === 1 ? new Promise((r) => (release = () => r([run('a', 'running', 1, 'x')]))) : [run('a', 'running', 2, 'x')];
      },
    });
    const first = store.getState().loadKernelRuns();
    for (let i = 0; i < 5; i++) applyKernelEvent(store, { type: 'progress', requestId: 'r', skill: 'kernel-optimizer', fraction: i / 5 });
    applyKernelEvent(store, { type: 'progress', requestId: 'r', skill: 'files', fraction: 0.5 });
    release();
    await first;
    expect(calls.filter(([m]) => m === 'kernelopt.runs')).toHaveLength(2);
    expect(store.getState().kernelRuns[0]!.evaluations).toBe(2);
  });

  it('keeps the error a user can act on when the bridge refuses', async () => {
    const { store } = scriptedBridge({});
    await store.getState().loadKernelRuns();
    expect(store.getState().kernelRunsError?.message).toMatch(/not scripted/);
    expect(store.getState().kernelRunsLoaded).toBe(true);
  });

  it('derives the budget fraction, the plotted trajectory and the speedup label', () => {
    expect(runFraction({ evaluations: 10, budget: 40, status: 'running' })).toBe(0.25);
    expect(runFraction({ evaluations: 12, budget: 40, status: 'done' })).toBe(1);
    expect(runFraction({ evaluations: 3, budget: 0, status: 'failed' })).toBe(0);
    expect(trajectorySeries({ trajectory: [[1, 2], [2, Number.NaN], [3, 4], [4, 4]] })).toEqual([[1, 2], [3, 2], [3, 4], [4, 4]]);
    expect(formatSpeedup(3.456)).toBe('3.46×');
    expect(formatSpeedup(12.34)).toBe('12.3×');
    expect(formatSpeedup(null)).toBe('—');
  });
});
