// Softmax, CUDA template: one block per row; max and sum by warp shuffles. Tunable: BLOCK.
#include <cuda_runtime.h>
#include <cfloat>
#ifndef BLOCK
#define BLOCK 256
#endif
static __device__ float block_reduce(float v, bool is_max) {
  __shared__ float w[BLOCK / 32];
  __shared__ float result;
  for (int o = 16; o > 0; o >>= 1) { float u = __shfl_down_sync(0xffffffffu, v, o); v = is_max ? fmaxf(v, u) : v + u; }
  if ((threadIdx.x & 31) == 0) w[threadIdx.x >> 5] = v;
  __syncthreads();
  if (threadIdx.x == 0) { float t = w[0]; for (int i = 1; i < BLOCK / 32; i++) t = is_max ? fmaxf(t, w[i]) : t + w[i]; result = t; }
  __syncthreads();
  return result;
}
static __global__ void softmax_rows(const float* __restrict__ x, float* __restrict__ y, long long N) {
  const float* r = x + blockIdx.x * N; float* o = y + blockIdx.x * N;
  float mx = -FLT_MAX;
  for (long long j = threadIdx.x; j < N; j += BLOCK) mx = fmaxf(mx, r[j]);
  mx = block_reduce(mx, true);
  float s = 0.f;
  for (long long j = threadIdx.x; j < N; j += BLOCK) s += __expf(r[j] - mx);
  s = block_reduce(s, false);
  float inv = 1.f / s;
  for (long long j = threadIdx.x; j < N; j += BLOCK) o[j] = __expf(r[j] - mx) * inv;
}
extern "C" void kernel(const float* x, float* y, long long M, long long N) {
  if (M > 0) softmax_rows<<<(unsigned)M, BLOCK>>>(x, y, N);
}
