/* Sum, naive: one sequential accumulator, in double (a higher-precision reference for an fp32
   reduction). The trusted reference and the naive baseline (bound by the add latency). */
void kernel(const float* x, float* out, long long N) {
  double acc = 0.0;
  for (long long i = 0; i < N; i++) acc += x[i];
  out[0] = (float)acc;
}
