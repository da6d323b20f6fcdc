/* Softmax, naive and numerically safe (subtracts the row max), in double. The trusted reference
   and the naive baseline. */
#include <math.h>
void kernel(const float* x, float* y, long long M, long long N) {
  for (long long i = 0; i < M; i++) {
    const float* r = x + i * N;
    double mx = -INFINITY, s = 0.0;
    for (long long j = 0; j < N; j++) if (r[j] > mx) mx = r[j];
    for (long long j = 0; j < N; j++) s += exp((double)r[j] - mx);
    for (long long j = 0; j < N; j++) y[i * N + j] = (float)(exp((double)r[j] - mx) / s);
  }
}
