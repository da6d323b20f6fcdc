// Vector add, CUDA template. Tunable: BLOCK (threads per block), ITEMS (elements per thread).
#include <cuda_runtime.h>
#ifndef BLOCK
#define BLOCK 256
#endif
#ifndef ITEMS
#define ITEMS 4
#endif
static __global__ void add(const float* __restrict__ x, const float* __restrict__ y, float* __restrict__ z, long long N) {
  long long base = ((long long)blockIdx.x * BLOCK * ITEMS) + threadIdx.x;
#pragma unroll
  for (int k = 0; k < ITEMS; k++) { long long i = base + (long long)k * BLOCK; if (i < N) z[i] = x[i] + y[i]; }
}
extern "C" void kernel(const float* x, const float* y, float* z, long long N) {
  long long per = (long long)BLOCK * ITEMS;
  if (N > 0) add<<<(unsigned)((N + per - 1) / per), BLOCK>>>(x, y, z, N);
}
