import { describe, expect, it } from 'vitest';
import { scriptedBridge } from '../../test-bridge';
import { activityStats } from './selectors';

const entry = (status: string, durationMs: number) => ({ id: String(durationMs), at: '', text: 't', source: 'ui', status, skill: null, intent: null, durationMs });

describe('activity slice', () => {
  it('loads the history and summarises outcomes and the median duration', async () => {
    const { store, calls } = scriptedBridge({ 'history.list': () => [entry('served', 3), entry('error', 9), entry('served', 5)] });
    await store.getState().loadActivity(10);
    expect(calls[0]).toEqual(['history.list', { limit: 10 }]);
    expect(activityStats(store.getState().activity)).toEqual({ total: 3, served: 2, failed: 1, medianMs: 5 });
    expect(activityStats([])).toEqual({ total: 0, served: 0, failed: 0, medianMs: null });
  });
});
