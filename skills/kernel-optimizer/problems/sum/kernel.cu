// Sum, CUDA template: grid-stride partial sums per block (warp shuffles), then one block folds the
// partials in double. Deterministic (no atomics). Tunable: BLOCK, GRID.
#include <cuda_runtime.h>
#ifndef BLOCK
#define BLOCK 256
#endif
#ifndef GRID
#define GRID 1024
#endif
static __global__ void partial(const float* __restrict__ x, double* parts, long long N) {
  double s = 0;
  for (long long i = (long long)blockIdx.x * BLOCK + threadIdx.x; i < N; i += (long long)GRID * BLOCK) s += x[i];
  for (int o = 16; o > 0; o >>= 1) s += __shfl_down_sync(0xffffffffu, s, o);
  __shared__ double w[BLOCK / 32];
  if ((threadIdx.x & 31) == 0) w[threadIdx.x >> 5] = s;
  __syncthreads();
  if (threadIdx.x == 0) { double t = 0; for (int i = 0; i < BLOCK / 32; i++) t += w[i]; parts[blockIdx.x] = t; }
}
static __global__ void fold(const double* parts, float* out) {
  if (threadIdx.x == 0) { double t = 0; for (int i = 0; i < GRID; i++) t += parts[i]; out[0] = (float)t; }
}
extern "C" void kernel(const float* x, float* out, long long N) {
  static double* parts = nullptr;
  if (!parts) cudaMalloc(&parts, sizeof(double) * GRID);
  partial<<<GRID, BLOCK>>>(x, parts, N);
  fold<<<1, 32>>>(parts, out);
}
