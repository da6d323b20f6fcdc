/*
 * The trusted harness of the cuda backend: the same plan, stages and anti-cheat checks as
 * harness.c; the candidate is an `extern "C"` host launcher given device pointers. Inputs are
 * copied back and hashed after the call, outputs are poisoned on the device, guard bytes follow
 * every device buffer, and timing uses CUDA events on a synchronized stream with the L2 cache
 * flushed (a buffer of 2x the L2 size written) before each timed call. The reference runs on the
 * host and is not timed (the speed baseline is the starting kernel).
 * Compiled once per run with `-I <work folder>`, where the skill writes plan.h for the problem.
 *
 *   harness check              (seed on stdin)
 *   harness time 1 WARMUP ITERS
 */
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cuda_runtime.h>
#include "plan.h" /* generated per problem: KO_SIGNATURE, KO_CALL, NARGS, NCASES and the tables */

extern "C" {
KO_SIGNATURE(ko_reference);
KO_SIGNATURE(ko_candidate);
}

#include "common.h"

#define CK(x) do { cudaError_t e_ = (x); if (e_ != cudaSuccess) { snprintf(REASON, sizeof REASON, "CUDA error %s at %s", cudaGetErrorString(e_), #x); return 1; } } while (0)

static void* dalloc(size_t bytes) {
  void* d = 0;
  if (cudaMalloc(&d, bytes + GUARD) != cudaSuccess) { printf("{\"ok\":false,\"stage\":\"setup\",\"reason\":\"cudaMalloc failed\"}\n"); exit(3); }
  cudaMemset((char*)d + bytes, 0xCD, GUARD);
  return d;
}
static int dguard_ok(void* d, size_t bytes) { unsigned char g[GUARD]; cudaMemcpy(g, (char*)d + bytes, GUARD, cudaMemcpyDeviceToHost); for (int i = 0; i < GUARD; i++) if (g[i] != 0xCD) return 0; return 1; }

static int run_case(int k, uint64_t seed) {
  const kcase* c = &CASES[k];
  uint64_t rng = seed ^ (0xA24BAED4963EE407ULL * (uint64_t)(k + 1));
  fprintf(stderr, "case %d %s %s\n", k, STAGE_NAME[c->stage], c->shape);
  void* h[NARGS] = {0}; void* r[NARGS] = {0}; void* d[NARGS] = {0}; uint64_t before[NARGS];
  for (int a = 0; a < NARGS; a++) {
    if (ROLE[a] == 3) continue;
    size_t bytes = (size_t)c->sizes[a] * esize(TYPE[a]);
    h[a] = balloc(bytes); r[a] = balloc(bytes); d[a] = dalloc(bytes);
    if (ROLE[a] != 1) { fill(a, h[a], c->sizes[a], &rng, c->scale, c->scale_value); memcpy(r[a], h[a], bytes); before[a] = hash_bytes(h[a], bytes); }
    else { poison(a, h[a], c->sizes[a]); memset(r[a], 0, bytes); }
    CK(cudaMemcpy(d[a], h[a], bytes, cudaMemcpyHostToDevice));
  }
  for (int rep = 0; rep < (c->repeat ? 2 : 1); rep++) {
    if (rep) for (int a = 0; a < NARGS; a++) if (ROLE[a] == 1) { size_t bytes = (size_t)c->sizes[a] * esize(TYPE[a]); void* tmp = balloc(bytes); poison(a, tmp, c->sizes[a]); CK(cudaMemcpy(d[a], tmp, bytes, cudaMemcpyHostToDevice)); free(tmp); }
    call(1, d, c->scalars);
    CK(cudaGetLastError()); CK(cudaDeviceSynchronize());
    if (rep == 0 && c->repeat) for (int a = 0; a < NARGS; a++) if (ROLE[a] == 1) CK(cudaMemcpy(h[a], d[a], (size_t)c->sizes[a] * esize(TYPE[a]), cudaMemcpyDeviceToHost));
  }
  call(0, r, c->scalars);
  for (int a = 0; a < NARGS; a++) {
    if (ROLE[a] == 3) continue;
    size_t bytes = (size_t)c->sizes[a] * esize(TYPE[a]);
    if (!dguard_ok(d[a], bytes)) { snprintf(REASON, sizeof REASON, "wrote past the end of %s", NAME[a]); return 1; }
    void* back = balloc(bytes);
    CK(cudaMemcpy(back, d[a], bytes, cudaMemcpyDeviceToHost));
    if (ROLE[a] == 0 && hash_bytes(back, bytes) != before[a]) { snprintf(REASON, sizeof REASON, "modified its input %s (inputs are hashed before and after the call)", NAME[a]); return 1; }
    if (ROLE[a] == 1 || ROLE[a] == 2) {
      if (compare(a, back, r[a], c->sizes[a], c->atol, c->rtol, c->stage == 2)) return 1;
      if (c->repeat && ROLE[a] == 1 && memcmp(back, h[a], bytes) != 0) {
        if (DETERMINISTIC) { snprintf(REASON, sizeof REASON, "two runs on the same inputs gave different %s (not bitwise deterministic)", NAME[a]); return 1; }
        if (compare(a, back, h[a], c->sizes[a], c->atol, c->rtol, 0)) return 1;
      }
    }
    free(back); free(h[a]); free(r[a]); cudaFree(d[a]);
  }
  return 0;
}

static int time_main(int warmup, int iters) {
  uint64_t rng = read_seed();
  void* d[NARGS] = {0};
  for (int a = 0; a < NARGS; a++) {
    if (ROLE[a] == 3) continue;
    size_t bytes = (size_t)TSIZES[a] * esize(TYPE[a]);
    void* h = balloc(bytes); if (ROLE[a] != 1) fill(a, h, TSIZES[a], &rng, 0, 1); else memset(h, 0, bytes);
    d[a] = dalloc(bytes); CK(cudaMemcpy(d[a], h, bytes, cudaMemcpyHostToDevice)); free(h);
  }
  int l2 = 0; cudaDeviceGetAttribute(&l2, cudaDevAttrL2CacheSize, 0);
  size_t flush_bytes = (size_t)(l2 > 0 ? l2 : (50 << 20)) * 2; void* flush = 0; CK(cudaMalloc(&flush, flush_bytes));
  cudaEvent_t e0, e1; cudaEventCreate(&e0); cudaEventCreate(&e1);
  for (int i = 0; i < warmup; i++) call(1, d, TSCALARS);
  CK(cudaDeviceSynchronize());
  long long* ns = (long long*)malloc(sizeof(long long) * iters);
  for (int i = 0; i < iters; i++) {
    CK(cudaMemset(flush, i & 0xFF, flush_bytes));
    CK(cudaEventRecord(e0)); call(1, d, TSCALARS); CK(cudaEventRecord(e1)); CK(cudaEventSynchronize(e1));
    float ms = 0; cudaEventElapsedTime(&ms, e0, e1); ns[i] = (long long)(ms * 1e6);
  }
  CK(cudaGetLastError());
  qsort(ns, iters, sizeof(long long), cmp_ll);
  cudaDeviceProp prop; cudaGetDeviceProperties(&prop, 0);
  printf("{\"ok\":true,\"threads\":0,\"flushBytes\":%zu,\"device\":\"%s\",\"ns\":[", flush_bytes, prop.name);
  for (int i = 0; i < iters; i++) printf("%s%lld", i ? "," : "", ns[i]);
  printf("]}\n");
  return 0;
}

int main(int argc, char** argv) {
  if (argc >= 2 && strcmp(argv[1], "check") == 0) {
    uint64_t seed = read_seed();
    for (int k = 0; k < NCASES; k++) if (run_case(k, seed)) fail(k, REASON);
    printf("{\"ok\":true,\"cases\":%d,\"maxErrRatio\":%.6g}\n", NCASES, MAXERR);
    return 0;
  }
  if (argc >= 5 && strcmp(argv[1], "time") == 0) {
    if (time_main(atoi(argv[3]), atoi(argv[4]))) { printf("{\"ok\":false,\"stage\":\"timing\",\"reason\":\"%s\"}\n", REASON); return 1; }
    return 0;
  }
  fprintf(stderr, "usage: harness check | harness time 1 WARMUP ITERS (seed on stdin)\n");
  return 2;
}
