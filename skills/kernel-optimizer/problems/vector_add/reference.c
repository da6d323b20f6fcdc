/* Vector add, naive: one element at a time. The trusted reference and the naive baseline. */
void kernel(const float* x, const float* y, float* z, long long N) {
  for (long long i = 0; i < N; i++) z[i] = x[i] + y[i];
}
