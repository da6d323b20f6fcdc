// Noise, estimated and shown: the evaluator's A/B ratios and the headline speedup carry a
// distribution-free confidence interval of the median; a gain whose interval holds 1 is reported
// "within noise" (not accepted), in the Evaluation, the report and the summary lines. A scripted
// backend returns fixed timings, so that nothing here depends on the machine's speed.
import { describe, expect, it } from 'vitest';
import type { Backend, TimeResult } from '../../skills/kernel-optimizer/backends/backend.js';
import { ResultCache } from '../../skills/kernel-optimizer/evaluation/cache.js';
import { abCallsPerRound, Evaluator, type Evaluation } from '../../skills/kernel-optimizer/evaluation/evaluate.js';
import { medianCI, noiseVerdict, separateRatioCI, summarize } from '../../skills/kernel-optimizer/evaluation/stats.js';
import { markdownReport, speedupFigures, type RunRecord } from '../../skills/kernel-optimizer/report/record.js';
import { summaryLines } from '../../skills/kernel-optimizer/report/summary.js';
import { runsView } from '../../skills/kernel-optimizer/report/view.js';
import { storeIn, tempDir } from './helpers.js';

/** A backend whose "binaries" are the sources themselves and whose timings follow a script per binary (the reference: which 0). */
class Scripted implements Backend {
  readonly name = 'cpu' as const;
  readonly device = 'scripted';
  readonly compiler = 'none';
  readonly compileOnly = false;
  private calls = new Map<string, number>();
  constructor(private readonly script: Record<string, (call: number) => number>) {}
  async prepare() {}
  async build(source: string) {
    return { ok: true as const, binary: source, ms: 0 };
  }
  async check() {
    return { ok: true as const, maxErrRatio: 0, ms: 0 };
  }
  async time(binary: string, which: 0 | 1, iters: number): Promise<TimeResult> {
    const who = which === 0 ? 'ref' : binary;
    const call = this.calls.get(who) ?? 0;
    this.calls.set(who, call + 1);
    return { ok: true, ns: Array.from({ length: iters }, () => this.script[who]!(call)), threads: 1, flushBytes: 0 };
  }
  environment() {
    return {};
  }
  harnessId() {
    return 'scripted';
  }
}

const evaluator = (script: Record<string, (call: number) => number>) =>
  new Evaluator(new Scripted(script), new ResultCache(storeIn(tempDir('ko-noise-')), false), 'h', 'shape', { flops: 1, bytes: 1 });

describe('confidence intervals of a median', () => {
  it('are order statistics with the stated coverage', () => {
    const xs = [5, 1, 7, 3, 2, 6, 4];
    expect(medianCI(xs, 0.85)).toEqual({ lo: 2, hi: 6, level: 0.875, n: 7 });
    expect(medianCI(xs)).toMatchObject({ lo: 1, hi: 7, level: 0.984375 });
    const t = summarize(Array.from({ length: 50 }, (_, i) => 100 + i));
    expect(t.ciLowNs! < t.medianNs && t.medianNs < t.ciHighNs!).toBe(true);
    expect(t.ciLevel).toBeGreaterThanOrEqual(0.95);
    expect(separateRatioCI({ ...t, ciLowNs: 90, ciHighNs: 110 }, { ...t, ciLowNs: 45, ciHighNs: 55 })).toMatchObject({ lo: 90 / 55, hi: 110 / 45 });
    expect([noiseVerdict({ lo: 1.01, hi: 2 }), noiseVerdict({ lo: 0.9, hi: 1.1 }), noiseVerdict({ lo: 0.5, hi: 0.99 })]).toEqual(['faster', 'within noise', 'slower']);
  });
});

describe('the evaluator reports a gain within noise as such', () => {
  // A: the incumbent, 100 ns; B looks faster in its full timing but its A/B rounds are split; C is clearly faster
  const script = {
    ref: () => 1000,
    A: () => 100,
    B: (call: number) => (call < 2 ? 98 : call % 2 === 0 ? 95 : 106),
    C: () => 70,
  };

  it('does not accept a gain whose interval holds 1, and says so', async () => {
    const ev = evaluator(script);
    expect(await ev.evaluate(0, 'start', 'start', 'A', {})).toMatchObject({ status: 'ok', accepted: true });
    const b: Evaluation = await ev.evaluate(1, 'param', 'start', 'B', {});
    expect(b).toMatchObject({ status: 'ok', accepted: false, noise: 'within noise' });
    expect(b.ratioCI!.lo).toBeLessThanOrEqual(1);
    expect(b.ratioCI!.hi).toBeGreaterThanOrEqual(1);
    expect(b.reason).toMatch(/^within noise: .*CI .*interleaved A\/B rounds/);
    expect(ev.incumbent?.sourceId).toBe('start');
    expect(ev.incumbent?.medianNs).toBe(100);
    const c = await ev.evaluate(2, 'param', 'start', 'C', {});
    expect(c).toMatchObject({ status: 'ok', accepted: true, noise: 'faster' });
    expect(c.ratioCI!.lo).toBeGreaterThan(1);
  });

  it('gives the headline speedup its interval, paired and separate side by side', async () => {
    const ev = evaluator(script);
    await ev.evaluate(0, 'start', 'start', 'C', {});
    const s = await ev.interleavedSpeedup();
    expect(s).toMatchObject({ noise: 'faster', ratios: [1000 / 70, 1000 / 70, 1000 / 70, 1000 / 70, 1000 / 70] });
    expect(s!.ci).toMatchObject({ n: 5, level: 0.9375 });
    expect(s!.separate?.speedup).toBeCloseTo(1000 / 70);
    expect(s!.separate?.ci?.lo).toBeCloseTo(1000 / 70);
    const noisy = evaluator({ ...script, ref: (call) => (call % 2 ? 66 : 75) });
    await noisy.evaluate(0, 'start', 'start', 'C', {});
    expect(await noisy.interleavedSpeedup()).toMatchObject({ noise: 'within noise' });
  });
});

describe('reports', () => {
  const timing = (ns: number) => ({ medianNs: ns, minNs: ns * 0.98, spread: 0.02, iters: 50, ciLowNs: ns * 0.97, ciHighNs: ns * 1.03, ciLevel: 0.967 });
  const record = (pairedRatios: number[]): RunRecord => ({
    id: 'r1', problem: 'tiny', problemDir: '/p', kind: 'elementwise', backend: 'cpu', strategy: 'model', status: 'done', startedAt: '2025-01-01T00:00:00Z', budget: 2,
    spaceSize: 2, timingShape: { N: 8 }, work: { flops: 8, bytes: 64 }, environment: {}, compileOnly: null, baseline: timing(1030),
    best: { sourceId: 'start', config: {}, timing: timing(1000), speedup: pairedRatios.length ? [...pairedRatios].sort()[2]! : 1.03, rooflinePct: null, evaluation: 0, pairedRatios, speedupSeparate: 1.03 },
    sources: { start: 'void kernel() {}\n' }, evaluations: [{ n: 0, origin: 'start', sourceId: 'start', config: {}, status: 'ok', timing: timing(1000), accepted: true, cached: false, ms: 1 }],
    trajectory: [[1, 1.03]], notes: [], strategyState: { name: 'model', seed: 1, cursor: 0, draws: 0 },
  });

  it('say "within noise" when the headline interval holds 1, with the separate figure beside it', () => {
    const r = record([0.97, 1.02, 1.04, 0.99, 1.06]);
    expect(speedupFigures(r)).toMatchObject({ noise: 'within noise', paired: { ci: { lo: 0.97, hi: 1.06 } }, separate: { speedup: 1.03 } });
    const md = markdownReport(r);
    expect(md).toMatch(/\*\*Speedup over the naive reference: 1\.02× \(93\.8 % CI 0\.97–1\.06×, n = 5\), within noise/);
    expect(md).toMatch(/\| paired rounds .*\| 1\.02× \| 0\.97–1\.06× \(93\.8 %\) \|/);
    expect(md).toMatch(/\| separate medians .*\| 1\.03× \| 0\.97–1\.09× /);
    expect(summaryLines(r, '/runs/r1').join('\n')).toMatch(/speedup: 1\.02× .*within noise.*\nspeedup, separately measured: 1\.03×/);
    expect(runsView([r], '/runs').items[0]!.figure).toBe('1.02× (within noise)');
  });

  it('report a clear gain as a speedup with its interval', () => {
    const r = record([3.1, 3.0, 3.2, 2.9, 3.05]);
    expect(speedupFigures(r).noise).toBe('faster');
    expect(summaryLines(r, '/runs/r1').join('\n')).toMatch(/speedup: 3\.05× \(93\.8 % CI 2\.90–3\.20×, n = 5\) over the naive reference/);
  });
});

describe('A/B rounds sized to the call', () => {
  it('times 10 calls a side for short calls and fewer (≥ 3) for long ones, so a round stays short', () => {
    expect(abCallsPerRound(1e6)).toBe(10);
    expect(abCallsPerRound(20e6)).toBe(5);
    expect(abCallsPerRound(33e6)).toBe(3);
    expect(abCallsPerRound(2e9)).toBe(3);
  });
});
