// RMSNorm, CUDA template: one block per row, BLOCK threads, float4 loads when VEC4=1.
// Tunable: BLOCK (threads per block, a multiple of 32), VEC4 (0/1). A host launcher given
// device pointers; the harness owns allocation, checking and timing.
#include <cuda_runtime.h>
#ifndef BLOCK
#define BLOCK 256
#endif
#ifndef VEC4
#define VEC4 0
#endif

static __global__ void rmsnorm_rows(const float* __restrict__ x, const float* __restrict__ w, float* __restrict__ y, long long N, float eps) {
  const float* row = x + blockIdx.x * N;
  float* out = y + blockIdx.x * N;
  float ss = 0.f;
  bool vec = VEC4 && (N % 4 == 0) && ((reinterpret_cast<size_t>(row) & 15) == 0);
  if (vec) {
    for (long long j = threadIdx.x; j < N / 4; j += BLOCK) { float4 v = reinterpret_cast<const float4*>(row)[j]; ss += v.x * v.x + v.y * v.y + v.z * v.z + v.w * v.w; }
  } else {
    for (long long j = threadIdx.x; j < N; j += BLOCK) ss += row[j] * row[j];
  }
  for (int o = 16; o > 0; o >>= 1) ss += __shfl_down_sync(0xffffffffu, ss, o);
  __shared__ float warp[BLOCK / 32];
  __shared__ float inv;
  if ((threadIdx.x & 31) == 0) warp[threadIdx.x >> 5] = ss;
  __syncthreads();
  if (threadIdx.x == 0) {
    double t = 0; for (int i = 0; i < BLOCK / 32; i++) t += warp[i];
    inv = (float)(1.0 / sqrt(t / (double)N + (double)eps));
  }
  __syncthreads();
  for (long long j = threadIdx.x; j < N; j += BLOCK) out[j] = row[j] * w[j] * inv;
}

extern "C" void kernel(const float* x, const float* w, float* y, long long M, long long N, float eps) {
  if (M > 0) rmsnorm_rows<<<(unsigned)M, BLOCK>>>(x, w, y, N, eps);
}
