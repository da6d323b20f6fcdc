/**
 * Kernel-optimizer benchmark on the CPU (CI-sized budgets): per starter problem the speedup of the
 * best kernel found over the naive reference, % of roofline and evaluations used; matmul against
 * OpenBLAS's sgemm measured in the same run (a separate harness linked with -lopenblas); and the
 * tuner (simulated annealing) against exhaustive search on a space of ≥ 100 configs, scored on the
 * exhaustive run's own timings so that machine noise does not decide the comparison.
 *   npx tsx bench/kernelopt.bench.ts [--quick]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execProgram } from '../skills/kernel-optimizer/lib/exec.js';
import { fileStore } from '../skills/kernel-optimizer/lib/file-store.js';
import { runOptimization } from '../skills/kernel-optimizer/lib/run.js';
import { configKey } from '../skills/kernel-optimizer/lib/search.js';
import { median } from '../skills/kernel-optimizer/lib/stats.js';

const quick = process.argv.includes('--quick');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ko-bench-'));
const problems = path.resolve('skills/kernel-optimizer/problems');
const common = { backend: 'cpu' as const, runsDir: path.join(root, 'runs'), peaksDir: root, store: fileStore(path.join(root, 'store')), cache: false, knowledge: false };
const BUDGETS: Record<string, number> = quick ? { vector_add: 4, sum: 6, softmax: 4, rmsnorm: 8, matmul: 12 } : { vector_add: 8, sum: 16, softmax: 8, rmsnorm: 20, matmul: 30 };

async function openblasGflops(n: number): Promise<number | undefined> {
  const dir = fs.mkdtempSync(path.join(root, 'blas-'));
  fs.writeFileSync(path.join(dir, 'blas.c'), `#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
int main(void) { int n = ${n}; float *a = malloc(4L*n*n), *b = malloc(4L*n*n), *c = malloc(4L*n*n);
  for (long i = 0; i < (long)n*n; i++) { a[i] = (float)rand() / RAND_MAX - 0.5f; b[i] = (float)rand() / RAND_MAX - 0.5f; }
  for (int w = 0; w < 5; w++) cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, a, n, b, n, 0, c, n);
  printf("[");
  for (int i = 0; i < 50; i++) { double t0 = now(); cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, a, n, b, n, 0, c, n); printf("%s%.0f", i ? "," : "", (now() - t0) * 1e9); }
  printf("]\\n"); return c[0] > 1e30; }
`);
  const c = await execProgram('gcc', ['-O2', 'blas.c', '-o', 'blas', '-lopenblas'], { cwd: dir });
  if (c.code !== 0) return undefined;
  const r = await execProgram(path.join(dir, 'blas'), [], { cwd: dir, env: { ...process.env, OPENBLAS_NUM_THREADS: String(os.availableParallelism()) } });
  const ns = JSON.parse(r.stdout) as number[];
  return (2 * n ** 3) / median(ns);
}

const results: Record<string, unknown> = { date: new Date().toISOString(), machine: `${os.cpus()[0]?.model} x${os.availableParallelism()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`, loadavg: os.loadavg(), quick };
const rows: Record<string, unknown>[] = [];
for (const name of ['vector_add', 'sum', 'softmax', 'rmsnorm', 'matmul']) {
  const t0 = performance.now();
  const r = await runOptimization({ ...common, problemDir: path.join(problems, name), budget: BUDGETS[name]!, strategy: 'anneal', seed: 11 });
  const best = r.best!;
  const row = {
    problem: name,
    evaluations: r.evaluations.length,
    rejected: r.evaluations.filter((e) => e.status === 'rejected').length,
    naiveMs: r.baseline!.medianNs / 1e6,
    bestMs: best.timing.medianNs / 1e6,
    speedup: best.speedup,
    rooflinePct: best.rooflinePct,
    gflops: r.work.flops / best.timing.medianNs,
    gbs: r.work.bytes / best.timing.medianNs,
    config: best.config,
    seconds: (performance.now() - t0) / 1000,
  };
  rows.push(row);
  console.log(`${name.padEnd(11)} ${row.speedup.toFixed(2).padStart(7)}x  roofline ${row.rooflinePct?.toFixed(1)} %  ${row.gflops.toFixed(2)} GFLOP/s  ${row.gbs.toFixed(2)} GB/s  evals ${row.evaluations} (${row.rejected} rejected)  ${row.seconds.toFixed(0)} s  ${JSON.stringify(row.config)}`);
}
results.problems = rows;
results.peaks = JSON.parse(fs.readFileSync(path.join(root, 'peaks.json'), 'utf8'));
const blas = await openblasGflops(512);
const mm = rows.find((r) => r.problem === 'matmul') as { gflops: number };
results.openblas = blas ? { gflops: blas, matmulBestGflops: mm.gflops, ratio: mm.gflops / blas } : { error: 'libopenblas not found (apt-get install libopenblas-dev)' };
console.log(blas ? `openblas sgemm 512^3: ${blas.toFixed(2)} GFLOP/s; best matmul ${mm.gflops.toFixed(2)} GFLOP/s = ${((mm.gflops / blas) * 100).toFixed(1)} % of OpenBLAS` : 'openblas: not available');

// tuner vs exhaustive on a ≥ 100-config matmul space at 128^3
const tunerDir = path.join(root, 'tuner-matmul');
fs.cpSync(path.join(problems, 'matmul'), tunerDir, { recursive: true });
const spec = JSON.parse(fs.readFileSync(path.join(tunerDir, 'problem.json'), 'utf8'));
spec.shapes = [{ M: 128, N: 128, K: 128 }, { M: 33, N: 65, K: 17 }];
spec.timingShape = 0;
spec.params = { MR: { values: [1, 2, 4, 6, 8], default: 1 }, NV: { values: [1, 2, 3, 4], default: 1 }, VEC: { values: [4, 8, 16], default: 4 }, KB: { values: [64, 256], default: 64 }, THREADS: { values: [1], default: 1 } };
fs.writeFileSync(path.join(tunerDir, 'problem.json'), JSON.stringify(spec));
const ex = await runOptimization({ ...common, problemDir: tunerDir, budget: 10_000, strategy: 'exhaustive' });
const table = new Map(ex.evaluations.filter((e) => e.timing).map((e) => [configKey(e.config), e.timing!.medianNs]));
const bestNs = Math.min(...table.values());
const space = ex.spaceSize;
const budget = Math.floor(space * 0.25);
const tuner: { seed: number; evaluations: number; withinPct: number }[] = [];
for (const seed of quick ? [1] : [1, 2, 3]) {
  const an = await runOptimization({ ...common, problemDir: tunerDir, budget, strategy: 'anneal', seed });
  const ns = table.get(configKey(an.best!.config)) ?? an.best!.timing.medianNs;
  tuner.push({ seed, evaluations: an.evaluations.length, withinPct: (ns / bestNs - 1) * 100 });
}
results.tuner = { space, exhaustiveEvaluations: ex.evaluations.length, budget, runs: tuner };
console.log(`tuner: space ${space}, exhaustive ${ex.evaluations.length} evals; anneal with ${budget} evals (${((budget / space) * 100).toFixed(0)} %): ${tuner.map((t) => `seed ${t.seed} within ${t.withinPct.toFixed(1)} %`).join(', ')}`);
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/kernelopt.json', JSON.stringify(results, null, 2));
console.log('wrote bench/results/kernelopt.json');
