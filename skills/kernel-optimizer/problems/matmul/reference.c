/* Matmul, naive triple loop (i, j, k) with a double accumulator. The trusted reference and the
   naive baseline (strided walks down the columns of B). */
void kernel(const float* A, const float* B, float* C, long long M, long long N, long long K) {
  for (long long i = 0; i < M; i++)
    for (long long j = 0; j < N; j++) {
      double s = 0.0;
      for (long long k = 0; k < K; k++) s += (double)A[i * K + k] * (double)B[k * N + j];
      C[i * N + j] = (float)s;
    }
}
