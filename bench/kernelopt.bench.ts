/**
 * Kernel-optimizer benchmark on the CPU (CI-sized budgets): per starter problem the speedup of the
 * best kernel found (model-based search) over the naive reference, % of roofline and evaluations
 * used; matmul against OpenBLAS's sgemm measured in the same run (a separate harness linked with
 * -lopenblas); and the tuner strategies against exhaustive search on a ≥ 100-config space, replayed
 * over 30 seeds on a table of times measured once, so that machine noise does not decide it.
 *   npx tsx bench/kernelopt.bench.ts [--quick] [--only problems|tuner] [--problems sum,rmsnorm,rmsnorm-inv]
 *                                     [--tuner-table bench/results/kernelopt-tuner-table.json] [--python PATH]
 * The skill runs on capabilities built as the kernel builds them: its data folder is a fresh
 * temporary folder, it reads the starter problems, and it runs the toolchain and what it builds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createExecCapability, createFsCapability } from '../kernel/capabilities/index.js';
import { SqliteSkillStore } from '../kernel/skills/index.js';
import { openDatabase } from '../kernel/store/index.js';
import type { Caps, Fs } from '../skills/kernel-optimizer/caps.js';
import { median } from '../skills/kernel-optimizer/evaluation/stats.js';
import { runOptimization } from '../skills/kernel-optimizer/run.js';
import { simulateMany } from '../skills/kernel-optimizer/search/simulate.js';
import { configKey, enumerateSpace, STRATEGIES } from '../skills/kernel-optimizer/search/strategy.js';
import { defaultBackend, loadProblem, type Config } from '../skills/kernel-optimizer/spec/index.js';
import { detectToolchains } from '../skills/kernel-optimizer/toolchains/toolchains.js';

const argv = process.argv.slice(2);
if (argv.includes('--help')) {
  console.log('npx tsx bench/kernelopt.bench.ts [--quick] [--only problems|tuner] [--problems vector_add,sum,softmax,rmsnorm,rmsnorm-inv,matmul,torch_rmsnorm] [--tuner-table FILE] [--python PATH]');
  process.exit(0);
}
const quick = argv.includes('--quick');
const flag = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
/** --only problems|tuner; --problems sum,rmsnorm; --tuner-table FILE reuses a measured table; --python the skill's python setting. */
const only = flag('--only');
const python = flag('--python') ?? process.env.AGENTOS_PYTHON ?? null;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ko-bench-'));
const problems = path.resolve('skills/kernel-optimizer/problems');
const caps: Caps = {
  fs: createFsCapability([problems, '/proc/cpuinfo', '/sys/devices/system/cpu'], ['$DATA'], { data: root }) as Fs,
  exec: createExecCapability(['gcc', 'clang', 'nvcc', 'nvidia-smi', 'python3', 'python', '$DATA/**'], { data: root }),
};
// torch_rmsnorm (KernelBench style, torch backend) runs where Python has torch
const withTorch = Boolean((await detectToolchains(caps, { python })).python?.torch);
const problemNames = (flag('--problems') ?? `vector_add,sum,softmax,rmsnorm,matmul${withTorch ? ',torch_rmsnorm' : ''}`).split(',');
if (!withTorch && !flag('--problems')) console.log('torch_rmsnorm skipped: no Python with torch (apt-get install python3-torch)');
const store = new SqliteSkillStore(openDatabase(path.join(root, 'profile'))).forSkill('kernel-optimizer');
const common = { caps, python, runsDir: path.join(root, 'runs'), peaksDir: root, store, cache: false, knowledge: false };
const BUDGETS: Record<string, number> = quick ? { vector_add: 4, sum: 6, softmax: 4, rmsnorm: 8, matmul: 12, torch_rmsnorm: 4 } : { vector_add: 8, sum: 16, softmax: 8, rmsnorm: 20, matmul: 30, torch_rmsnorm: 12 };

/** Builds the OpenBLAS timing program; returns its path (undefined without libopenblas). */
async function openblasProgram(n: number): Promise<string | undefined> {
  const dir = fs.mkdtempSync(path.join(root, 'blas-'));
  fs.writeFileSync(path.join(dir, 'blas.c'), `#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
int main(int argc, char** argv) { int n = ${n}, iters = argc > 1 ? atoi(argv[1]) : 50; float *a = malloc(4L*n*n), *b = malloc(4L*n*n), *c = malloc(4L*n*n);
  for (long i = 0; i < (long)n*n; i++) { a[i] = (float)rand() / RAND_MAX - 0.5f; b[i] = (float)rand() / RAND_MAX - 0.5f; }
  for (int w = 0; w < 5; w++) cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, a, n, b, n, 0, c, n);
  printf("[");
  for (int i = 0; i < iters; i++) { double t0 = now(); cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, a, n, b, n, 0, c, n); printf("%s%.0f", i ? "," : "", (now() - t0) * 1e9); }
  printf("]\\n"); return c[0] > 1e30; }
`);
  const c = await caps.exec.run('gcc', ['-O2', 'blas.c', '-o', 'blas', '-lopenblas'], { cwd: dir, timeoutMs: 120_000 });
  return c.code === 0 ? path.join(dir, 'blas') : undefined;
}
const blasNs = async (prog: string, iters: number) => median(JSON.parse((await caps.exec.run(prog, [String(iters)], { env: { OPENBLAS_NUM_THREADS: String(os.availableParallelism()) }, timeoutMs: 600_000 })).stdout) as number[]);
/** The best matmul kernel's harness binary timed with the harness's own protocol (10 calls). */
async function kernelNs(binary: string): Promise<number> {
  const r = await caps.exec.run(binary, ['time', '1', '1', '10', '0'], { env: { OMP_NUM_THREADS: String(os.availableParallelism()), OMP_PROC_BIND: 'close', OMP_PLACES: 'cores', OMP_WAIT_POLICY: 'active' }, input: String(Date.now()), timeoutMs: 600_000 });
  return median((JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { ns: number[] }).ns);
}

const results: Record<string, unknown> = { date: new Date().toISOString(), machine: `${os.cpus()[0]?.model} x${os.availableParallelism()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`, loadavg: os.loadavg(), quick };
const rows: Record<string, unknown>[] = [];
// rmsnorm-inv: the same problem with the other plausible naive reference, which computes
// 1/rms once per row and multiplies (the shipped naive transcribes the formula: one division per element)
const INV_REF = `#include <math.h>
void kernel(const float* x, const float* w, float* y, long long M, long long N, float eps) {
  for (long long i = 0; i < M; i++) {
    const float* row = x + i * N;
    double ss = 0.0;
    for (long long j = 0; j < N; j++) ss += (double)row[j] * (double)row[j];
    double inv = 1.0 / sqrt(ss / (double)N + (double)eps);
    for (long long j = 0; j < N; j++) y[i * N + j] = (float)((double)row[j] * (double)w[j] * inv);
  }
}
`;
function problemDir(name: string): string {
  if (name !== 'rmsnorm-inv') return path.join(problems, name);
  const dir = path.join(root, name);
  fs.cpSync(path.join(problems, 'rmsnorm'), dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'reference.c'), INV_REF);
  return dir;
}
for (const name of only === 'tuner' ? [] : problemNames) {
  const t0 = performance.now();
  const dir = problemDir(name);
  const r = await runOptimization({ ...common, backend: await defaultBackend(caps.fs, dir), problemDir: dir, budget: BUDGETS[name] ?? BUDGETS.rmsnorm!, strategy: 'model', seed: 11 });
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
    binary: path.join(common.runsDir, r.id, 'work', 'cand', String(best.evaluation), 'harness'),
    seconds: (performance.now() - t0) / 1000,
  };
  rows.push(row);
  console.log(`${name.padEnd(11)} ${row.speedup.toFixed(2).padStart(7)}x  roofline ${row.rooflinePct?.toFixed(1)} %  ${row.gflops.toFixed(2)} GFLOP/s  ${row.gbs.toFixed(2)} GB/s  evals ${row.evaluations} (${row.rejected} rejected)  ${row.seconds.toFixed(0)} s  ${JSON.stringify(row.config)}`);
}
results.problems = rows;
if (rows.length) results.peaks = JSON.parse(fs.readFileSync(path.join(root, 'peaks.json'), 'utf8'));
const mm = rows.find((r) => r.problem === 'matmul') as { gflops: number; binary: string } | undefined;
if (mm) {
  // OpenBLAS and the best kernel timed in interleaved rounds (blas, kernel, blas, kernel …) so a
  // change in machine load hits both; the ratio is the median of the per-round ratios
  const prog = await openblasProgram(512);
  if (!prog) results.openblas = { error: 'libopenblas not found (apt-get install libopenblas-dev)' };
  else {
    const flops = 2 * 512 ** 3;
    const rounds: { blas: number; kernel: number }[] = [];
    for (let i = 0; i < 7; i++) rounds.push({ blas: flops / (await blasNs(prog, 10)), kernel: flops / (await kernelNs(mm.binary)) });
    const ratios = rounds.map((r) => r.kernel / r.blas);
    results.openblas = { interleavedRounds: rounds, ratios, ratio: median(ratios), blasGflops: median(rounds.map((r) => r.blas)), kernelGflops: median(rounds.map((r) => r.kernel)), matmulBestGflopsOwnTiming: mm.gflops };
    console.log(`openblas sgemm 512^3 vs best matmul, 7 interleaved rounds: OpenBLAS ${median(rounds.map((r) => r.blas)).toFixed(1)} GFLOP/s, best ${median(rounds.map((r) => r.kernel)).toFixed(1)} GFLOP/s; median ratio ${(median(ratios) * 100).toFixed(1)} % (rounds ${ratios.map((x) => (x * 100).toFixed(0)).join(' ')} %)`);
  }
}

// Tuner vs exhaustive, with search quality separated from timing noise: one exhaustive run on a
// ≥ 100-config matmul space at 256³ (well above timer noise) gives a table of measured times
// (kept in bench/results/kernelopt-tuner-table.json; --tuner-table FILE reuses one); each strategy
// is then replayed against that table over 30 seeds at 25 % of the space, and its pick is scored
// by the table's time for it.
if (only !== 'problems') {
  const tunerDir = path.join(root, 'tuner-matmul');
  fs.cpSync(path.join(problems, 'matmul'), tunerDir, { recursive: true });
  const spec = JSON.parse(fs.readFileSync(path.join(tunerDir, 'problem.json'), 'utf8'));
  spec.shapes = [{ M: 256, N: 256, K: 256 }, { M: 33, N: 65, K: 17 }];
  spec.timingShape = 0;
  spec.params = { MR: { values: [1, 2, 4, 6, 8], default: 1 }, NV: { values: [1, 2, 3, 4], default: 1 }, VEC: { values: [4, 8, 16], default: 4 }, KB: { values: [64, 256], default: 64 }, THREADS: { values: [1], default: 1 } };
  fs.writeFileSync(path.join(tunerDir, 'problem.json'), JSON.stringify(spec));
  const tablePath = flag('--tuner-table');
  let table: [string, number][];
  if (tablePath) table = (JSON.parse(fs.readFileSync(tablePath, 'utf8')) as { table: [string, number][] }).table;
  else {
    const t0 = performance.now();
    const ex = await runOptimization({ ...common, backend: 'cpu', problemDir: tunerDir, budget: 10_000, strategy: 'exhaustive' });
    table = ex.evaluations.map((e) => [configKey(e.config), e.timing && e.status !== 'rejected' ? e.timing.medianNs : Infinity]);
    fs.mkdirSync('bench/results', { recursive: true });
    fs.writeFileSync('bench/results/kernelopt-tuner-table.json', JSON.stringify({ date: new Date().toISOString(), loadavg: os.loadavg(), shape: spec.shapes[0], seconds: (performance.now() - t0) / 1000, table }, null, 1));
  }
  const byKey = new Map(table);
  const problem = await loadProblem(caps.fs, tunerDir);
  const costNs = (c: Config) => byKey.get(configKey(c)) ?? Infinity;
  const space = enumerateSpace(problem).length;
  const budget = Math.floor(space * 0.25);
  const seeds = Array.from({ length: 30 }, (_, i) => i + 1);
  const sims = STRATEGIES.filter((s) => s !== 'exhaustive').map((s) => simulateMany(problem, s, budget, costNs, seeds));
  // the same at smaller budgets, to show how each strategy's gap closes
  const curve = [0.1, 0.15].flatMap((f) => STRATEGIES.filter((s) => s !== 'exhaustive').map((s) => simulateMany(problem, s, Math.floor(space * f), costNs, seeds)));
  for (const s of curve) console.log(`tuner ${s.strategy.padEnd(7)} ${s.budget} evals: median gap ${s.medianGapPct.toFixed(1)} %, worst ${s.worstGapPct.toFixed(1)} %, within 5 % in ${s.within5Pct.toFixed(0)} % of seeds`);
  results.tuner = { space, measured: table.length, budget, seeds: seeds.length, strategies: sims, smallerBudgets: curve };
  for (const s of sims) console.log(`tuner ${s.strategy.padEnd(7)} space ${space}, ${budget} evals (${((budget / space) * 100).toFixed(0)} %), ${s.seeds} seeds: median gap ${s.medianGapPct.toFixed(1)} %, worst ${s.worstGapPct.toFixed(1)} %, within 5 % in ${s.within5Pct.toFixed(0)} % of seeds`);
}
fs.mkdirSync('bench/results', { recursive: true });
const out = `bench/results/kernelopt${only ? '-' + only : ''}.json`;
fs.writeFileSync(out, JSON.stringify(results, null, 2));
console.log(`wrote ${out}`);
