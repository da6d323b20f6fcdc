/*
 * The roofline probe of the kernel optimizer: this machine's memory bandwidth (the better of a
 * STREAM-style copy, bytes read + written, and a read-only stream, all cores) and peak fp32 FLOP/s
 * (independent FMA chains in every thread, with the host's widest SIMD), printed as one JSON line.
 * Its arrays are allocated as the harness allocates the kernels' buffers (2 MiB-aligned, advised
 * to transparent huge pages), so the bound and the kernels are measured on the same kind of memory.
 * Compiled with -O3 -march=native -mprefer-vector-width=512 -fopenmp.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <omp.h>
#ifdef __linux__
#include <sys/mman.h>
#endif
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
typedef float v16 __attribute__((vector_size(64)));
/* as the harness's balloc: 2 MiB-aligned and advised to huge pages before the first touch */
static float* big(size_t bytes) {
  size_t h = (size_t)2 << 20, total = (bytes + h - 1) / h * h;
  float* p = aligned_alloc(h, total);
  if (!p) { fprintf(stderr, "out of memory\n"); exit(3); }
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  (void)madvise(p, total, MADV_HUGEPAGE);
#endif
  return p;
}
int main(void) {
  size_t n = (size_t)32 << 20; /* 32 Mi floats = 128 MiB per array (4x the largest common LLC) */
  float* a = big(n * 4); float* b = big(n * 4);
  #pragma omp parallel for schedule(static)
  for (size_t i = 0; i < n; i++) { a[i] = (float)(i & 1023); b[i] = 0; }
  double best = 1e9, rbest = 1e9; float rsink = 0;
  for (int r = 0; r < 6; r++) {
    double t0 = now();
    #pragma omp parallel for schedule(static)
    for (size_t i = 0; i < n; i++) b[i] = a[i];
    double t = now() - t0; if (t < best) best = t;
    /* read-only stream: each thread sums its contiguous share with independent vector accumulators */
    t0 = now();
    #pragma omp parallel reduction(+:rsink)
    {
      size_t nv = n / 16, nt = (size_t)omp_get_num_threads(), id = (size_t)omp_get_thread_num(), lo = nv * id / nt, hi = nv * (id + 1) / nt, i = lo;
      const v16* p = (const v16*)a; v16 s0 = {0}, s1 = {0}, s2 = {0}, s3 = {0};
      for (; i + 4 <= hi; i += 4) { s0 += p[i]; s1 += p[i + 1]; s2 += p[i + 2]; s3 += p[i + 3]; }
      for (; i < hi; i++) s0 += p[i];
      v16 s = s0 + s1 + s2 + s3; for (int k = 0; k < 16; k++) rsink += s[k];
    }
    t = now() - t0; if (t < rbest) rbest = t;
  }
  double copy = 2.0 * n * 4 / best / 1e9, read = (double)n * 4 / rbest / 1e9, bw = copy > read ? copy : read;
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
  printf("{\"bandwidthGBs\":%.3f,\"copyGBs\":%.3f,\"readGBs\":%.3f,\"gflops\":%.3f,\"sink\":%g}\n", bw, copy, read, flops / fbest / 1e9, (double)sink + (double)rsink + b[n / 2]);
  return 0;
}
