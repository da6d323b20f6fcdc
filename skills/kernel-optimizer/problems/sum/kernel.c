/* Sum, cpu template. Tunable: VEC (vector width), ACC (independent vector accumulators, which
   hide the add latency), THREADS (1 or 0 = all cores), BLOCK (elements summed in fp32 before
   being folded into a double: keeps the fp32 error small on long inputs).
   Blocks are handed out dynamically (a thread the OS preempts on a busy machine does not hold the
   others up) and each block's partial sum lands in its own slot, folded in block order: the
   result is bitwise the same whatever thread summed which block. */
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
  #pragma omp parallel for schedule(dynamic, 4) num_threads(NTH)
  for (long long b = 0; b < blocks; b++) {
    long long lo = b * BLOCK, n = N - lo < BLOCK ? N - lo : BLOCK;
    part[b] = sum_block(x + lo, n);
  }
  double total = 0.0;
  for (long long b = 0; b < blocks; b++) total += part[b];
  if (part != &one) free(part);
  out[0] = (float)total;
}
