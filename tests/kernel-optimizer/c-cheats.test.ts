// Cheating candidates that pass every correctness stage are caught while they are timed, by the C
// harness: inputs are regenerated before every timed call and randomly chosen timed calls (plus one
// after them) are checked against the reference. A ReLU that copies its input is caught by the
// stability stage's random signs; a result beyond the roofline is re-verified and flagged suspect,
// also when it comes from the cache. Real gcc, real harness processes, tiny problems.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../../skills/kernel-optimizer/backends/index.js';
import { ResultCache } from '../../skills/kernel-optimizer/evaluation/cache.js';
import { Evaluator } from '../../skills/kernel-optimizer/evaluation/evaluate.js';
import type { Peaks } from '../../skills/kernel-optimizer/evaluation/roofline.js';
import { buildPlan, timingArgs } from '../../skills/kernel-optimizer/harness/plan.js';
import { loadProblem, type Problem } from '../../skills/kernel-optimizer/spec/index.js';
import { detectToolchains, pickCompiler } from '../../skills/kernel-optimizer/toolchains/toolchains.js';
import { capsFor, storeIn, tempDir, tinyScale, writeProblem } from './helpers.js';

const fixture = (name: string) => fs.readFileSync(path.resolve('tests/kernel-optimizer/fixtures/c-cheats', name), 'utf8');

const relu = {
  'problem.json': {
    name: 'tiny-relu',
    kind: 'relu',
    signature: [
      { name: 'x', type: 'f32', role: 'in', size: 'N', init: { low: 0, high: 1 } },
      { name: 'y', type: 'f32', role: 'out', size: 'N' },
      { name: 'N', type: 'i64', role: 'scalar', value: 'N' },
    ],
    shapes: [{ N: 4096 }, { N: 7 }],
    params: {},
    flops: 'N',
    bytes: '8*N',
    reference: 'reference.c',
    templates: { cpu: 'kernel.c' },
  },
  'reference.c': 'void kernel(const float* x, float* y, long long N) { for (long long i = 0; i < N; i++) y[i] = x[i] < 0.0f ? 0.0f : x[i]; }\n',
  'kernel.c': fixture('relu.c'),
};

let root: string;
let tools: Awaited<ReturnType<typeof detectToolchains>>;
let scale: { backend: CpuBackend; problem: Problem };
let reluBackend: CpuBackend;

async function backendFor(files: Record<string, string | object>, name: string) {
  const dir = writeProblem(path.join(root, name), files);
  const caps = capsFor(root);
  const problem = await loadProblem(caps.fs, dir);
  const backend = new CpuBackend(caps, problem, path.join(root, `work-${name}`), tools, pickCompiler(tools));
  await backend.prepare();
  return { backend, problem };
}

beforeAll(async () => {
  root = tempDir('ko-cheats-');
  tools = await detectToolchains(capsFor(root));
  scale = await backendFor(tinyScale, 'scale');
  reluBackend = (await backendFor(relu, 'relu')).backend;
}, 240_000); // toolchain detection imports torch once: slow on a busy machine

async function build(backend: CpuBackend, source: string, tag: string) {
  const built = await backend.build(source, {}, tag);
  if (!built.ok) throw new Error(built.reason);
  return built.binary;
}

describe('cheats that pass the correctness stages are caught in timing (C harness)', () => {
  it('an answer memoized on a fingerprint (pointers, size, four sampled values)', async () => {
    const bin = await build(scale.backend, fixture('memo-fingerprint.c'), 'memo');
    // the determinism stage runs it twice on the same inputs: the memo is right there
    expect(await scale.backend.check(bin)).toMatchObject({ ok: true });
    const t = await scale.backend.time(bin, 1, 50, 1);
    expect(t).toMatchObject({ ok: false });
    expect(t.ok ? '' : t.reason).toMatch(/timed call \d+ of 50 .*kept most of the previous call's values.*wrong answer: y\[\d+\]/);
  }, 120_000);

  it('an answer memoized on 64 sampled values', async () => {
    const bin = await build(scale.backend, fixture('memo-sampled.c'), 'memo64');
    expect(await scale.backend.check(bin)).toMatchObject({ ok: true });
    const t = await scale.backend.time(bin, 1, 50, 1);
    expect(t).toMatchObject({ ok: false });
    expect(t.ok ? '' : t.reason).toMatch(/timed call \d+ of 50 .*wrong answer/);
  }, 120_000);

  it('right only on the first calls of a process', async () => {
    expect(buildPlan(scale.problem).length).toBeLessThan(19); // the stages make fewer calls (cases + one repeat) than it stays honest for
    const bin = await build(scale.backend, fixture('first-calls.c'), 'first');
    expect(await scale.backend.check(bin)).toMatchObject({ ok: true });
    const t = await scale.backend.time(bin, 1, 50, 3);
    expect(t).toMatchObject({ ok: false });
    expect(t.ok ? '' : t.reason).toMatch(/timed call \d+ of 50|after the 50 timed calls/);
  }, 120_000);

  it('right only on every third call of a timing loop', async () => {
    const bin = await build(scale.backend, fixture('every-third.c'), 'third');
    expect(await scale.backend.check(bin)).toMatchObject({ ok: true });
    const t = await scale.backend.time(bin, 1, 50, 1);
    expect(t).toMatchObject({ ok: false });
    expect(t.ok ? '' : t.reason).toMatch(/wrong answer|after the 50 timed calls/);
  }, 120_000);

  it('work handed to a thread that outlives the call (the outputs are taken as the call returns them)', async () => {
    const bin = await build(scale.backend, fixture('async-thread.c'), 'async');
    const v = await scale.backend.check(bin);
    expect(v).toMatchObject({ ok: false, stage: 'shape-sweep' });
    expect(v.ok ? '' : v.reason).toMatch(/unwritten|reference gives/);
  }, 120_000);

  it('an honest candidate passes, with its verified calls and the flush policy reported', async () => {
    const bin = await build(scale.backend, tinyScale['kernel.c'], 'honest');
    const t = await scale.backend.time(bin, 1, 16, 1);
    expect(t).toMatchObject({ ok: true, verified: 3 }); // max(2, 16/8) random calls + the one after them
    if (!t.ok) return;
    expect(t.ns).toHaveLength(16);
    // tiny data: flushed line by line on x86 (cost in proportion to the data), else a read buffer
    expect(t.flush).toBe(process.arch === 'x64' ? 'clflush' : 'read');
    expect(scale.backend.environment().cache).toMatch(/^cold: .*MiB of cache on the cores used/);
    // the reference is timed on fresh inputs too, and never checked against itself
    expect(await scale.backend.time(bin, 0, 4, 1)).toMatchObject({ ok: true, verified: 0 });
  }, 120_000);
});

describe('inputs beyond the declared distribution (stability stage)', () => {
  it('rejects a ReLU that copies its input: the declared inputs are all >= 0, the signed case is not', async () => {
    expect(buildPlan((await loadProblem(capsFor(root).fs, path.join(root, 'relu')))).some((c) => c.stage === 'stability' && c.scale === 5)).toBe(true);
    expect(buildPlan(scale.problem).some((c) => c.scale === 5)).toBe(false); // inputs already in [-1, 1)
    const honest = await reluBackend.check(await build(reluBackend, fixture('relu.c'), 'relu'));
    expect(honest).toMatchObject({ ok: true });
    const copy = await reluBackend.check(await build(reluBackend, fixture('relu-copy.c'), 'relu-copy'));
    expect(copy).toMatchObject({ ok: false, stage: 'stability' });
    expect(copy.ok ? '' : copy.reason).toMatch(/y\[\d+\] = -[\d.e-]+ but the reference gives 0/);
  }, 120_000);
});

describe('impossible speedups', () => {
  // peaks so low that any kernel is beyond them: every result is "impossible"
  const tiny: Peaks = { bandwidthGBs: 1e-6, gflops: 1e-6, measuredAt: new Date().toISOString(), device: 'test', method: 'test' };

  function evaluator(cache: ResultCache, checks: { n: number }) {
    const b = scale.backend;
    const counting = Object.assign(Object.create(b) as CpuBackend, { check: (bin: string) => (checks.n++, b.check(bin)) });
    const t = timingArgs(scale.problem);
    return new Evaluator(counting, cache, b.harnessId(), JSON.stringify(t.shape), { flops: t.flops, bytes: t.bytes }, tiny, async () => tiny);
  }

  it('a result beyond both roofs is re-verified with a fresh seed, re-timed, and still flagged suspect', async () => {
    const checks = { n: 0 };
    const ev = evaluator(new ResultCache(storeIn(root), false), checks);
    const e = await ev.evaluate(0, 'start', 'start', tinyScale['kernel.c'], {});
    expect(e).toMatchObject({ status: 'ok', suspect: true });
    expect(e.rooflinePct).toBeGreaterThan(100);
    expect(e.reason).toMatch(/suspect: .*beyond both the memory-bandwidth and the compute roof/);
    expect(checks.n).toBe(2);
  }, 120_000);

  it('a cheat that skips work when called many times in a row is rejected before it can be the best', async () => {
    const ev = evaluator(new ResultCache(storeIn(root), false), { n: 0 });
    const e = await ev.evaluate(0, 'start', 'third', fixture('every-third.c'), {});
    expect(e).toMatchObject({ status: 'rejected', stage: 'timing', accepted: false });
    expect(ev.incumbent).toBeUndefined();
  }, 120_000);

  it('a cached result beyond the roofline is judged again, not taken from the cache', async () => {
    const dir = tempDir('ko-cheats-cache-');
    const cache = new ResultCache(storeIn(dir), true);
    const honest = (s: number) => `${tinyScale['kernel.c']}/* ${s} */\n`;
    const t = timingArgs(scale.problem);
    // cached by an evaluator without peaks (nothing looked impossible then)
    const plain = new Evaluator(scale.backend, cache, scale.backend.harnessId(), JSON.stringify(t.shape), { flops: t.flops, bytes: t.bytes });
    expect(await plain.evaluate(0, 'start', 'start', honest(1), {})).toMatchObject({ status: 'ok', cached: false });
    const checks = { n: 0 };
    const e = await evaluator(cache, checks).evaluate(0, 'start', 'start', honest(1), {});
    expect(e).toMatchObject({ status: 'ok', cached: false, suspect: true });
    expect(checks.n).toBe(2);
  }, 120_000);
});
