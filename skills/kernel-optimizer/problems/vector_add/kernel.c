/* Vector add, cpu template. Tunable: VEC (vector width in floats), THREADS (1 or 0 = all cores),
   NT (1: streaming stores for z when aligned). */
#include <stddef.h>
#ifndef VEC
#define VEC 8
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
#if NT
#include <immintrin.h>
#endif
typedef float vf __attribute__((vector_size(VEC * 4), aligned(4)));

void kernel(const float* x, const float* y, float* z, long long N) {
  long long nv = N / VEC;
  int aligned = NT && (((size_t)z & (VEC * 4 - 1)) == 0);
  #pragma omp parallel num_threads(NTH)
  {
    #pragma omp for schedule(static)
    for (long long v = 0; v < nv; v++) {
      vf a, b; __builtin_memcpy(&a, x + v * VEC, sizeof a); __builtin_memcpy(&b, y + v * VEC, sizeof b);
      vf r = a + b;
#if NT && VEC == 16 && defined(__AVX512F__)
      if (aligned) { _mm512_stream_ps(z + v * VEC, (__m512)r); continue; }
#elif NT && VEC == 8 && defined(__AVX__)
      if (aligned) { _mm256_stream_ps(z + v * VEC, (__m256)r); continue; }
#elif NT && VEC == 4
      if (aligned) { _mm_stream_ps(z + v * VEC, (__m128)r); continue; }
#endif
      __builtin_memcpy(z + v * VEC, &r, sizeof r);
    }
#if NT && defined(__x86_64__)
    __builtin_ia32_sfence();
#endif
  }
  (void)aligned;
  for (long long i = nv * VEC; i < N; i++) z[i] = x[i] + y[i];
}
