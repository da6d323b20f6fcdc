/**
 * The machine's measured limits for % of roofline: copy bandwidth (STREAM-style copy, all cores,
 * bytes read + written) and peak fp32 FLOP/s (independent FMA chains in every thread, with the
 * host's widest SIMD). Measured once per machine and kept in the skill's data folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execProgram } from './exec.js';
import type { CompilerInfo, Toolchains } from './toolchains.js';

export interface Peaks { bandwidthGBs: number; gflops: number; measuredAt: string; device: string; method: string }

const PROBE = String.raw`
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <omp.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
typedef float v16 __attribute__((vector_size(64)));
int main(void) {
  size_t n = (size_t)32 << 20; /* 32 Mi floats = 128 MiB per array (4x the largest common LLC) */
  float* a = aligned_alloc(64, n * 4); float* b = aligned_alloc(64, n * 4);
  #pragma omp parallel for schedule(static)
  for (size_t i = 0; i < n; i++) { a[i] = (float)i; b[i] = 0; }
  double best = 1e9;
  for (int r = 0; r < 4; r++) {
    double t0 = now();
    #pragma omp parallel for schedule(static)
    for (size_t i = 0; i < n; i++) b[i] = a[i];
    double t = now() - t0; if (t < best) best = t;
  }
  double bw = 2.0 * n * 4 / best / 1e9;
  long iters = 4000000; double fbest = 1e9; float sink = 0;
  for (int r = 0; r < 3; r++) {
    double t0 = now();
    #pragma omp parallel reduction(+:sink)
    {
      v16 acc[16]; v16 m, c;
      for (int k = 0; k < 16; k++) { m[k] = 0.999999f; c[k] = 1e-7f * omp_get_thread_num(); }
      for (int j = 0; j < 16; j++) acc[j] = c + (float)j;
      for (long i = 0; i < iters; i++) for (int j = 0; j < 16; j++) acc[j] = acc[j] * m + c;
      v16 s = acc[0]; for (int j = 1; j < 16; j++) s += acc[j];
      for (int k = 0; k < 16; k++) sink += s[k];
    }
    double t = now() - t0; if (t < fbest) fbest = t;
  }
  double flops = 2.0 * 16 * 16 * (double)iters * omp_get_max_threads();
  printf("{\"bandwidthGBs\":%.3f,\"gflops\":%.3f,\"sink\":%g}\n", bw, flops / fbest / 1e9, (double)sink + b[n / 2]);
  return 0;
}
`;

export async function measurePeaks(cacheDir: string, tools: Toolchains, cc: CompilerInfo): Promise<Peaks> {
  const device = `${tools.cpu.model} x${tools.cpu.cores}`;
  const file = path.join(cacheDir, 'peaks.json');
  let previous: Peaks | undefined;
  try {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Peaks;
    if (saved.device === device && saved.bandwidthGBs > 0) {
      previous = saved;
      // a peak is a maximum: re-measure at most hourly (a busy machine under-reports) and keep the best
      if (Date.now() - Date.parse(saved.measuredAt) < 3600_000) return saved;
    }
  } catch {
    /* not measured yet */
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ko-peak-'));
  try {
    fs.writeFileSync(path.join(dir, 'probe.c'), PROBE);
    const c = await execProgram(cc.path, ['-O3', '-march=native', '-mprefer-vector-width=512', '-fopenmp', 'probe.c', '-o', 'probe'], { cwd: dir, timeoutMs: 60_000 });
    if (c.code !== 0) throw new Error(`the roofline probe does not compile: ${c.stderr.slice(0, 500)}`);
    const r = await execProgram(path.join(dir, 'probe'), [], { cwd: dir, timeoutMs: 120_000, env: { ...process.env, OMP_NUM_THREADS: String(tools.cpu.cores), OMP_PROC_BIND: 'close', OMP_PLACES: 'cores' } });
    const j = JSON.parse(r.stdout.trim()) as { bandwidthGBs: number; gflops: number };
    const peaks: Peaks = { bandwidthGBs: Math.max(j.bandwidthGBs, previous?.bandwidthGBs ?? 0), gflops: Math.max(j.gflops, previous?.gflops ?? 0), measuredAt: new Date().toISOString(), device, method: 'copy 128 MiB (read+write bytes), 16 independent 16-wide fp32 FMA chains per thread' };
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(peaks, null, 2));
    return peaks;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** % of the roofline bound: the time the limits allow divided by the time measured. */
export function rooflinePercent(peaks: Peaks, flops: number, bytes: number, seconds: number): number {
  const bound = Math.max(flops / (peaks.gflops * 1e9), bytes / (peaks.bandwidthGBs * 1e9));
  return (bound / seconds) * 100;
}
