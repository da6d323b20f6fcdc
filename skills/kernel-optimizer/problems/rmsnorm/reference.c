/* RMSNorm, naive: y[i][j] = x[i][j] * w[j] / sqrt(mean_j(x[i][j]^2) + eps), transcribed literally.
   The trusted reference and the naive baseline: one row at a time, the sum of squares in double
   (a higher-precision reference for an fp32 reduction), then one division per element. */
#include <math.h>

void kernel(const float* x, const float* w, float* y, long long M, long long N, float eps) {
  for (long long i = 0; i < M; i++) {
    const float* row = x + i * N;
    double ss = 0.0;
    for (long long j = 0; j < N; j++) ss += (double)row[j] * (double)row[j];
    double rms = sqrt(ss / (double)N + (double)eps);
    for (long long j = 0; j < N; j++) y[i * N + j] = (float)((double)row[j] * (double)w[j] / rms);
  }
}
