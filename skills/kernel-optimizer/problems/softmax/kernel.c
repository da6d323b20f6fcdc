/* Softmax, cpu template. Tunable: VEC (vector width of the max and scale loops), THREADS (1 or
   0 = all cores), FASTEXP (1: a vectorizable exp via 2^x range reduction and a degree-6
   polynomial, relative error ~1e-7; 0: libm expf). Exps are stored in y, summed in double. */
#include <math.h>
#include <float.h>
#ifndef VEC
#define VEC 8
#endif
#ifndef THREADS
#define THREADS 0
#endif
#ifndef FASTEXP
#define FASTEXP 0
#endif
#ifdef _OPENMP
#include <omp.h>
#define NTH (THREADS > 0 ? THREADS : omp_get_max_threads())
#else
#define NTH 1
#endif

static inline float fast_exp(float x) {
  /* exp(x) = 2^(x log2 e); x <= 0 here. Split into integer n and fraction f in [-0.5, 0.5]. */
  if (x < -87.0f) return 0.0f;
  float t = x * 1.44269504088896341f;
  float n = __builtin_roundf(t);
  float f = (t - n) * 0.69314718055994531f;
  float p = 1.0f + f * (1.0f + f * (0.5f + f * (0.16666667f + f * (0.041666668f + f * (0.0083333338f + f * 0.0013888889f)))));
  int e = (int)n + 127;
  union { int i; float f; } u = { .i = e << 23 };
  return p * u.f;
}

void kernel(const float* x, float* y, long long M, long long N) {
  #pragma omp parallel for schedule(static) num_threads(NTH)
  for (long long i = 0; i < M; i++) {
    const float* r = x + i * N;
    float* o = y + i * N;
    float mx = -FLT_MAX;
    #pragma omp simd reduction(max:mx) simdlen(VEC)
    for (long long j = 0; j < N; j++) mx = r[j] > mx ? r[j] : mx;
    double s = 0.0;
    float part = 0.0f;
    long long j0 = 0;
    while (j0 < N) {
      long long j1 = j0 + 1024 < N ? j0 + 1024 : N;
      part = 0.0f;
      #pragma omp simd reduction(+:part) simdlen(VEC)
      for (long long j = j0; j < j1; j++) {
#if FASTEXP
        float e = fast_exp(r[j] - mx);
#else
        float e = expf(r[j] - mx);
#endif
        o[j] = e;
        part += e;
      }
      s += part;
      j0 = j1;
    }
    float inv = (float)(1.0 / s);
    #pragma omp simd simdlen(VEC)
    for (long long j = 0; j < N; j++) o[j] *= inv;
  }
}
