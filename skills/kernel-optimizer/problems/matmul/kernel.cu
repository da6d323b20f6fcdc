// Matmul, CUDA template: shared-memory tiling, TILE x TILE threads, each computing one element of C.
#include <cuda_runtime.h>
#ifndef TILE
#define TILE 16
#endif
static __global__ void mm(const float* __restrict__ A, const float* __restrict__ B, float* __restrict__ C, long long M, long long N, long long K) {
  __shared__ float As[TILE][TILE], Bs[TILE][TILE];
  long long row = (long long)blockIdx.y * TILE + threadIdx.y, col = (long long)blockIdx.x * TILE + threadIdx.x;
  float s = 0.f;
  for (long long k0 = 0; k0 < K; k0 += TILE) {
    As[threadIdx.y][threadIdx.x] = (row < M && k0 + threadIdx.x < K) ? A[row * K + k0 + threadIdx.x] : 0.f;
    Bs[threadIdx.y][threadIdx.x] = (col < N && k0 + threadIdx.y < K) ? B[(k0 + threadIdx.y) * N + col] : 0.f;
    __syncthreads();
#pragma unroll
    for (int k = 0; k < TILE; k++) s += As[threadIdx.y][k] * Bs[k][threadIdx.x];
    __syncthreads();
  }
  if (row < M && col < N) C[row * N + col] = s;
}
extern "C" void kernel(const float* A, const float* B, float* C, long long M, long long N, long long K) {
  dim3 block(TILE, TILE), grid((unsigned)((N + TILE - 1) / TILE), (unsigned)((M + TILE - 1) / TILE));
  if (M > 0 && N > 0) mm<<<grid, block>>>(A, B, C, M, N, K);
}
