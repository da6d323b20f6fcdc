import { describe, expect, it } from 'vitest';
import { SkillViewSchema } from '../../../kernel/contracts/index.js';
import type { Evaluation } from '../evaluation/evaluate.js';
import type { RunRecord } from './record.js';
import { runsText, runsView } from './view.js';

const timing = (ms: number) => ({ medianNs: ms * 1e6, minNs: ms * 1e6, spread: 0.01, iters: 50 });
const ev = (n: number, config: Record<string, number>, extra: Partial<Evaluation> = {}): Evaluation => ({ n, origin: n === 0 ? 'start' : 'param', sourceId: 'start', config, status: 'ok', accepted: false, cached: false, ms: 1, ...extra });

function run(id: string, startedAt: string, over: Partial<RunRecord> = {}): RunRecord {
  return {
    id, problem: 'rmsnorm', problemDir: '/p/rmsnorm', kind: 'rmsnorm', backend: 'cpu', strategy: 'model', status: 'done', startedAt, budget: 4,
    spaceSize: 9, timingShape: { M: 8, N: 8 }, work: { flops: 1e6, bytes: 1e6 }, environment: {}, compileOnly: null,
    sources: { start: 'void kernel() {}\n' }, notes: [], strategyState: { name: 'model', seed: 1, cursor: 0, draws: 0 },
    evaluations: [ev(0, { VEC: 4 }, { timing: timing(2), accepted: true }), ev(1, { VEC: 8 }, { status: 'rejected', stage: 'smoke', reason: 'wrote past the end of y' }), ev(2, { VEC: 16 }, { timing: timing(1), accepted: true })],
    trajectory: [[1, 1], [2, 1], [3, 3.21]],
    best: { sourceId: 'start', config: { VEC: 16 }, timing: timing(1), speedup: 3.21, rooflinePct: 42.5, evaluation: 2 },
    ...over,
  };
}

describe('the runs view', () => {
  const runs = [run('b-newer', '2025-03-02T10:00:00.000Z', { status: 'running' }), run('a-older', '2025-03-01T09:30:00.000Z'), run('c-failed', '2025-02-01T00:00:00.000Z', { status: 'failed', best: undefined, trajectory: [[1, 0]] })];

  it('has an item per run with status, progress while running, and the best speedup', () => {
    const view = SkillViewSchema.parse(runsView(runs, '/data/runs'));
    expect(view.title).toBe('Kernel optimizer');
    expect(view.hint).toMatch(/agentos kernel-opt run/);
    expect(view.empty).toMatch(/No kernel optimization runs yet/);
    const [running, done, failed] = view.items;
    expect(running).toMatchObject({ id: 'b-newer', title: 'rmsnorm (cpu)', status: { label: 'running', tone: 'info' }, progress: 0.75, figure: '3.21×' });
    expect(running!.subtitle).toBe('started 2025-03-02 10:00 · 3/4 evaluations');
    expect(done).toMatchObject({ status: { label: 'done', tone: 'ok' }, figure: '3.21×' });
    expect(done!.progress).toBeUndefined();
    expect(failed).toMatchObject({ status: { label: 'failed', tone: 'bad' } });
    expect(failed!.figure).toBeUndefined();
  });

  it('details a run with its figures, its trajectory and the best kernel\'s diff', () => {
    const item = runsView(runs, '/data/runs').items[1]!;
    expect(item.detail.map((c) => c.type)).toEqual(['kv', 'plot', 'code']);
    const kv = item.detail[0]!;
    expect(kv.type === 'kv' && Object.fromEntries(kv.entries.map((e) => [e.key, e.value]))).toMatchObject({
      speedup: '3.21× over the naive reference',
      '% of roofline': '42.5 %',
      evaluations: '3 of 4 (1 rejected) · strategy model',
      'best params': '{"VEC":16}',
      report: '/data/runs/a-older/report.md',
    });
    expect(item.detail[1]).toMatchObject({ type: 'plot', title: 'best speedup per evaluation', series: [{ points: [[1, 1], [2, 1], [3, 3.21]] }] });
    expect(item.detail[2]).toMatchObject({ type: 'code', language: 'diff' });
    expect(item.detail[2]!.type === 'code' && item.detail[2]!.code).toMatch(/VEC: 4 -> 16/);
  });

  it('gives the selected run its rejections and notes', () => {
    const view = runsView([run('a', '2025-03-01T09:30:00.000Z', { notes: ['seeded from the knowledge base'] })], '/data/runs', 'a');
    const cards = view.items[0]!.detail;
    expect(cards.map((c) => c.type)).toEqual(['kv', 'plot', 'code', 'table', 'text']);
    expect(cards[3]).toMatchObject({ rows: [[1, '{"VEC":8}', 'smoke', 'wrote past the end of y']] });
  });

  it('says how to start when there are no runs', () => {
    expect(runsView([], '/data/runs').items).toEqual([]);
    expect(runsText([])).toMatch(/No kernel optimization runs yet/);
    expect(runsText(runs).split('\n')[0]).toBe('rmsnorm (cpu) running 3.21× · 3/4 · b-newer');
  });
});
