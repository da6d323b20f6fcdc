/**
 * Huge pages and work grabs for the sum problem, measured stand-alone (no search, no harness
 * processes): the naive reference and the sum template with the old 64 KiB work grabs and with
 * the current 1 MiB grabs (VEC 8, ACC 4, all cores, pinned), each on a 128 MiB input on ordinary
 * 4 KiB pages and on 2 MiB transparent huge pages, in 31 interleaved rounds. Prints and records
 * the median and the 10th/90th percentiles of each, so a change of the host's core placement
 * during the run shows as a wide spread.
 *
 *   npx tsx bench/kernelopt-pages.bench.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createExecCapability } from '../kernel/capabilities/index.js';

const ROUNDS = 31;
const sum = path.resolve('skills/kernel-optimizer/problems/sum');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ko-pages-'));
// programs run as the skill runs them: gcc, and what is built in the work folder
const exec = createExecCapability(['gcc', `${dir}/**`], { data: dir });
const DRIVER = String.raw`
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/mman.h>
void k_ref(const float*, float*, long long); void k_old(const float*, float*, long long); void k_new(const float*, float*, long long);
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
int main(void) {
  long long n = 32LL << 20; size_t bytes = (size_t)n * 4, huge = (size_t)2 << 20, total = (bytes + huge - 1) / huge * huge;
  float* x[2] = { aligned_alloc(64, bytes), aligned_alloc(huge, total) };
  madvise(x[1], total, MADV_HUGEPAGE);
  for (int h = 0; h < 2; h++) for (long long i = 0; i < n; i++) x[h][i] = (float)((i * 2654435761u) % 1000) / 1000.f;
  void (*k[3])(const float*, float*, long long) = { k_ref, k_old, k_new };
  float out; printf("[");
  for (int r = -2; r < ${ROUNDS}; r++) for (int h = 0; h < 2; h++) for (int j = 0; j < 3; j++) {
    double t0 = now(); k[j](x[h], &out, n); double t = now() - t0;
    if (r >= 0) printf("%s[%d,%d,%.0f]", r == 0 && h == 0 && j == 0 ? "" : ",", h, j, t * 1e9);
  }
  printf("]\n"); return out < 0;
}
`;

const cc = async (args: string[]) => {
  const r = await exec.run('gcc', args, { cwd: dir, timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`gcc ${args.join(' ')} failed: ${r.stderr.slice(0, 500)}`);
};
fs.writeFileSync(path.join(dir, 'driver.c'), DRIVER);
const template = path.join(sum, 'kernel.c');
const opt = ['-O3', '-march=native', '-fopenmp', '-DVEC=8', '-DACC=4', '-DTHREADS=0', '-DBLOCK=4096'];
await cc(['-O2', '-Dkernel=k_ref', '-c', path.join(sum, 'reference.c'), '-o', 'ref.o']);
// the old template handed out 4 blocks of 4096 at a time (64 KiB): GRAB 16384 gives the same
await cc([...opt, '-DGRAB=16384', '-Dkernel=k_old', '-c', template, '-o', 'old.o']);
await cc([...opt, '-Dkernel=k_new', '-c', template, '-o', 'new.o']);
await cc(['-O2', '-fopenmp', 'driver.c', 'ref.o', 'old.o', 'new.o', '-o', 'pages']);
const load = os.loadavg();
const r = await exec.run(path.join(dir, 'pages'), [], {
  timeoutMs: 600_000,
  env: { OMP_NUM_THREADS: String(os.availableParallelism()), OMP_PROC_BIND: 'close', OMP_PLACES: 'cores', OMP_WAIT_POLICY: 'active' },
});
if (r.code !== 0) throw new Error(`the driver failed: ${r.stderr.slice(0, 500)}`);
const samples = JSON.parse(r.stdout) as [number, number, number][];
const PAGES = ['4 KiB pages', '2 MiB huge pages'];
const KERNELS = ['naive reference', 'sum, 64 KiB grabs (before)', 'sum, 1 MiB grabs (now)'];
const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const rows = [];
for (let h = 0; h < 2; h++) {
  const naive = pct(samples.filter((s) => s[0] === h && s[1] === 0).map((s) => s[2]), 0.5);
  for (let k = 0; k < 3; k++) {
    const ns = samples.filter((s) => s[0] === h && s[1] === k).map((s) => s[2]);
    const row = { pages: PAGES[h]!, kernel: KERNELS[k]!, medianMs: pct(ns, 0.5) / 1e6, p10Ms: pct(ns, 0.1) / 1e6, p90Ms: pct(ns, 0.9) / 1e6, speedup: naive / pct(ns, 0.5), readGBs: (4 * (32 << 20)) / pct(ns, 0.5) };
    rows.push(row);
    console.log(`${row.pages.padEnd(17)} ${row.kernel.padEnd(27)} median ${row.medianMs.toFixed(2)} ms (p10 ${row.p10Ms.toFixed(2)}, p90 ${row.p90Ms.toFixed(2)})  ${row.speedup.toFixed(2)}x  ${row.readGBs.toFixed(1)} GB/s`);
  }
}
const thp = fs.existsSync('/sys/kernel/mm/transparent_hugepage/enabled') ? fs.readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8').trim() : 'n/a';
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/kernelopt-pages.json', JSON.stringify({ date: new Date().toISOString(), machine: `${os.cpus()[0]?.model} x${os.availableParallelism()}`, loadavg: load, thp, rounds: ROUNDS, rows }, null, 2));
fs.rmSync(dir, { recursive: true, force: true });
console.log('wrote bench/results/kernelopt-pages.json');
