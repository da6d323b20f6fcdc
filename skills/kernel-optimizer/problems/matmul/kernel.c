/* Matmul, cpu template: a register-blocked micro-kernel. Each step keeps an MR x (NV*VEC) tile of C
   in MR*NV vector registers, streams KB rows of B (contiguous) and broadcasts elements of A.
   Tunable: MR (rows per tile), NV (vectors per tile row), VEC (floats per vector), KB (k block,
   keeps the B panel in cache), THREADS (1 or 0 = all cores; rows of tiles are split). */
#include <string.h>
#ifndef MR
#define MR 4
#endif
#ifndef NV
#define NV 2
#endif
#ifndef VEC
#define VEC 16
#endif
#ifndef KB
#define KB 128
#endif
#ifndef THREADS
#define THREADS 0
#endif
#ifdef _OPENMP
#include <omp.h>
#define NTH (THREADS > 0 ? THREADS : omp_get_max_threads())
#else
#define NTH 1
#endif
#define NR (NV * VEC)
typedef float vf __attribute__((vector_size(VEC * 4), aligned(4)));

/* rows [i, i+mr) x columns [j, j+NR), k in [k0, k1), accumulating into C */
static inline void tile(const float* A, const float* B, float* C, long long N, long long K, long long i, long long j, long long k0, long long k1) {
  vf acc[MR][NV];
  for (int r = 0; r < MR; r++) for (int v = 0; v < NV; v++) memcpy(&acc[r][v], C + (i + r) * N + j + v * VEC, sizeof(vf));
  for (long long k = k0; k < k1; k++) {
    vf b[NV];
    for (int v = 0; v < NV; v++) memcpy(&b[v], B + k * N + j + v * VEC, sizeof(vf));
    for (int r = 0; r < MR; r++) {
      float a = A[(i + r) * K + k];
      for (int v = 0; v < NV; v++) acc[r][v] += a * b[v];
    }
  }
  for (int r = 0; r < MR; r++) for (int v = 0; v < NV; v++) memcpy(C + (i + r) * N + j + v * VEC, &acc[r][v], sizeof(vf));
}

/* the ragged edges: plain loops */
static void edge(const float* A, const float* B, float* C, long long N, long long K, long long i0, long long i1, long long j0, long long j1, long long k0, long long k1) {
  for (long long i = i0; i < i1; i++)
    for (long long k = k0; k < k1; k++) {
      float a = A[i * K + k];
      for (long long j = j0; j < j1; j++) C[i * N + j] += a * B[k * N + j];
    }
}

void kernel(const float* A, const float* B, float* C, long long M, long long N, long long K) {
  long long mt = M / MR, nfull = (N / NR) * NR;
  #pragma omp parallel num_threads(NTH)
  {
    #pragma omp for schedule(static)
    for (long long i = 0; i < M; i++) memset(C + i * N, 0, sizeof(float) * (size_t)N);
    #pragma omp for schedule(static)
    for (long long t = 0; t < mt; t++) {
      long long i = t * MR;
      for (long long k0 = 0; k0 < K; k0 += KB) {
        long long k1 = k0 + KB < K ? k0 + KB : K;
        for (long long j = 0; j < nfull; j += NR) tile(A, B, C, N, K, i, j, k0, k1);
        edge(A, B, C, N, K, i, i + MR, nfull, N, k0, k1);
      }
    }
  }
  edge(A, B, C, N, K, mt * MR, M, 0, N, 0, K);
}
