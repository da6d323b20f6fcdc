/* Sum, cpu template. Tunable: VEC (vector width), ACC (independent vector accumulators, which
   hide the add latency), THREADS (1 or 0 = all cores), BLOCK (elements summed in fp32 before
   being folded into a double: keeps the fp32 error small on long inputs).
   Blocks are handed out dynamically (a thread the OS preempts on a busy machine does not hold the
   others up) in grabs of about GRAB elements (1 MiB: long runs of consecutive addresses for the
   hardware prefetchers; on a 2-core EPYC VM the 128 MiB sum took 2.2 ms with 1 MiB grabs and
   3.0 ms with 64 KiB ones, where the bandwidth allowed it), and each block's partial sum lands
   in its own slot, folded in block order: the result is bitwise the same whatever thread summed
   which block. */
#include <stdlib.h>
#ifndef VEC
#define VEC 8
#endif
#ifndef ACC
#define ACC 4
#endif
#ifndef THREADS
#define THREADS 0
#endif
#ifndef BLOCK
#define BLOCK 4096
#endif
#ifndef GRAB
#define GRAB 262144
#endif
#ifdef _OPENMP
#include <omp.h>
#define NTH (THREADS > 0 ? THREADS : omp_get_max_threads())
#else
#define NTH 1
#endif
typedef float vf __attribute__((vector_size(VEC * 4), aligned(4)));

static double sum_block(const float* x, long long n) {
  vf acc[ACC];
  for (int a = 0; a < ACC; a++) acc[a] = (vf){0};
  long long i = 0;
  for (; i + VEC * ACC <= n; i += VEC * ACC)
    for (int a = 0; a < ACC; a++) { vf v; __builtin_memcpy(&v, x + i + a * VEC, sizeof v); acc[a] += v; }
  double s = 0.0;
  for (int a = 0; a < ACC; a++) for (int k = 0; k < VEC; k++) s += acc[a][k];
  for (; i < n; i++) s += x[i];
  return s;
}

void kernel(const float* x, float* out, long long N) {
  long long blocks = (N + BLOCK - 1) / BLOCK;
  double one, *part = blocks > 1 ? malloc(sizeof(double) * blocks) : &one;
  int grab = BLOCK >= GRAB ? 1 : GRAB / BLOCK;
  #pragma omp parallel for schedule(dynamic, grab) num_threads(NTH)
  for (long long b = 0; b < blocks; b++) {
    long long lo = b * BLOCK, n = N - lo < BLOCK ? N - lo : BLOCK;
    part[b] = sum_block(x + lo, n);
  }
  double total = 0.0;
  for (long long b = 0; b < blocks; b++) total += part[b];
  if (part != &one) free(part);
  out[0] = (float)total;
}
