/* RMSNorm, optimized template for the cpu backend. Tunable (passed as -D NAME=value):
     VEC      SIMD width in floats of the accumulators (4, 8, 16)
     ACC      independent accumulators per row (breaks the add latency chain)
     THREADS  OpenMP threads over rows (0 = all cores)
     NT       1: non-temporal (streaming) stores for y, which skip the read-for-ownership
   Rows are handed to threads in dynamic chunks (a thread preempted on a busy machine does not
   hold the others up; each row is computed by one thread, so the result stays deterministic); each row is read twice (sum of squares, then scale), the
   second time from cache. Partial sums are float lanes folded into a double per row. */
#include <math.h>
#include <stddef.h>
#ifndef VEC
#define VEC 8
#endif
#ifndef ACC
#define ACC 2
#endif
#ifndef THREADS
#define THREADS 0
#endif
#ifndef NT
#define NT 0
#endif

#ifdef _OPENMP
#include <omp.h>
#define NTH (THREADS > 0 ? THREADS : omp_get_max_threads())
#else
#define NTH 1
#endif

typedef float vf __attribute__((vector_size(VEC * 4), aligned(4)));

#if NT
#include <immintrin.h>
/* a streaming store of one vector (skips the read-for-ownership of y's cache line) */
static inline void stream_store(float* p, vf r) {
#if VEC == 16 && defined(__AVX512F__)
  _mm512_stream_ps(p, (__m512)r);
#elif VEC == 8 && defined(__AVX__)
  _mm256_stream_ps(p, (__m256)r);
#elif VEC == 4
  _mm_stream_ps(p, (__m128)r);
#else
  __builtin_memcpy(p, &r, sizeof r);
#endif
}
#endif

static inline vf vload(const float* p) { vf v; __builtin_memcpy(&v, p, sizeof v); return v; }

void kernel(const float* x, const float* w, float* y, long long M, long long N, float eps) {
  #pragma omp parallel num_threads(NTH)
  {
  #pragma omp for schedule(dynamic, 8)
  for (long long i = 0; i < M; i++) {
    const float* row = x + i * N;
    float* out = y + i * N;
    vf acc[ACC];
    for (int a = 0; a < ACC; a++) acc[a] = (vf){0};
    long long j = 0;
    for (; j + VEC * ACC <= N; j += VEC * ACC)
      for (int a = 0; a < ACC; a++) { vf v = vload(row + j + a * VEC); acc[a] += v * v; }
    double ss = 0.0;
    for (int a = 0; a < ACC; a++) for (int k = 0; k < VEC; k++) ss += acc[a][k];
    for (; j < N; j++) ss += (double)row[j] * row[j];
    float inv = (float)(1.0 / sqrt(ss / (double)N + (double)eps));
    j = 0;
    for (; j + VEC <= N; j += VEC) {
      vf r = vload(row + j) * vload(w + j) * inv;
#if NT
      if (((size_t)(out + j) & (VEC * 4 - 1)) == 0) { stream_store(out + j, r); continue; }
#endif
      __builtin_memcpy(out + j, &r, sizeof r);
    }
    for (; j < N; j++) out[j] = row[j] * w[j] * inv;
  }
#if NT && defined(__x86_64__)
  __builtin_ia32_sfence(); /* streaming stores are visible before the threads join */
#endif
  }
}
