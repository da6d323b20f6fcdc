/*
 * The trusted harness of the cuda backend: the same plan, stages and anti-cheat checks as
 * harness.c; the candidate is an `extern "C"` host launcher given device pointers. Inputs are
 * copied back and hashed after the call, outputs are poisoned on the device, guard bytes follow
 * every device buffer, and timing uses CUDA events on a synchronized stream with the L2 cache
 * flushed (a buffer of 2x the L2 size written) before each timed call. As in harness.c, the inputs
 * are regenerated (on the host, copied to the device) before every timed call, and VERIFY randomly
 * chosen timed calls (inputs that keep most of the previous call's values) and one last call are
 * checked against the host reference on the same inputs. The reference runs on the host and is
 * not timed (the speed baseline is the starting kernel).
 * Compiled once per run with `-I <work folder>`, where the skill writes plan.h for the problem.
 *
 *   harness check              (seed on stdin)
 *   harness time 1 WARMUP ITERS [VERIFY]
 */
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
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
      if (compare(a, back, r[a], c->sizes[a], c->atol, c->rtol, c->stage == 2 ? (c->scale == 5 ? 3 : 1) : 0)) return 1;
      if (c->repeat && ROLE[a] == 1 && memcmp(back, h[a], bytes) != 0) {
        if (DETERMINISTIC) { snprintf(REASON, sizeof REASON, "two runs on the same inputs gave different %s (not bitwise deterministic)", NAME[a]); return 1; }
        if (compare(a, back, h[a], c->sizes[a], c->atol, c->rtol, 0)) return 1;
      }
    }
    free(back); free(h[a]); free(r[a]); cudaFree(d[a]);
  }
  return 0;
}

static int time_main(int warmup, int iters, int verify) {
  uint64_t secret = read_seed(), pick = splitmix(&secret);
  void* h[NARGS] = {0}; void* o[NARGS] = {0}; void* r[NARGS] = {0}; void* d[NARGS] = {0}; size_t bytes[NARGS] = {0};
  for (int a = 0; a < NARGS; a++) {
    if (ROLE[a] == 3) continue;
    bytes[a] = (size_t)TSIZES[a] * esize(TYPE[a]);
    h[a] = balloc(bytes[a]); o[a] = balloc(bytes[a]); r[a] = balloc(bytes[a]); memset(h[a], 0, bytes[a]);
    d[a] = dalloc(bytes[a]); CK(cudaMemcpy(d[a], h[a], bytes[a], cudaMemcpyHostToDevice));
  }
  if (verify > iters) verify = iters;
  unsigned char* checked = (unsigned char*)calloc((size_t)iters + 1, 1);
  for (int v = 0; v < verify;) { int i = (int)(splitmix(&pick) % (uint64_t)iters); if (!checked[i]) { checked[i] = 1; v++; } }
  int l2 = 0; cudaDeviceGetAttribute(&l2, cudaDevAttrL2CacheSize, 0);
  size_t flush_bytes = (size_t)(l2 > 0 ? l2 : (50 << 20)) * 2; void* flush = 0; CK(cudaMalloc(&flush, flush_bytes));
  cudaEvent_t e0, e1; cudaEventCreate(&e0); cudaEventCreate(&e1);
  long long* ns = (long long*)malloc(sizeof(long long) * iters);
  tkey base = next_key(&secret); int mutated = 1, verified = 0; long long timed_ns = 0, check_ns = 0;
  for (int i = -warmup; i <= iters; i++) {
    int last = i == iters, check = last || (i >= 0 && checked[i]), partial = check && !last;
    tkey k = next_key(&secret);
    for (int a = 0; a < NARGS; a++) {
      if (ROLE[a] == 3) continue;
      if (ROLE[a] == 2 || (ROLE[a] == 0 && !partial)) { if (ROLE[a] == 0) base = k; fill_timed(a, h[a], TSIZES[a], k); }
      else if (ROLE[a] == 0) { if (mutated) fill_timed(a, h[a], TSIZES[a], base); mutate_timed(a, h[a], TSIZES[a], k); }
      else if (last) poison(a, h[a], TSIZES[a]);
      if (ROLE[a] != 1 || last) CK(cudaMemcpy(d[a], h[a], bytes[a], cudaMemcpyHostToDevice));
    }
    mutated = partial;
    if (!last && i >= 0) CK(cudaMemset(flush, i & 0xFF, flush_bytes));
    CK(cudaDeviceSynchronize());
    /* e1 is recorded after the whole device is idle: work launched on another (non-blocking) stream is timed too */
    CK(cudaEventRecord(e0)); call(1, d, TSCALARS); CK(cudaDeviceSynchronize()); CK(cudaEventRecord(e1)); CK(cudaEventSynchronize(e1));
    CK(cudaGetLastError());
    float ms = 0; cudaEventElapsedTime(&ms, e0, e1);
    if (i >= 0 && !last) { ns[i] = (long long)(ms * 1e6); timed_ns += ns[i]; }
    if (!check) continue;
    if (!last && verified >= 1 && check_ns > (timed_ns > 250000000LL ? timed_ns : 250000000LL)) continue;
    long long c0 = now_ns();
    for (int a = 0; a < NARGS; a++) {
      if (ROLE[a] == 3) continue;
      CK(cudaMemcpy(o[a], d[a], bytes[a], cudaMemcpyDeviceToHost));
      if (ROLE[a] == 0 && memcmp(o[a], h[a], bytes[a]) != 0) { snprintf(REASON, sizeof REASON, "modified its input %s during timed call %d", NAME[a], i + 1); return 1; }
      memcpy(r[a], h[a], bytes[a]);
    }
    call(0, r, TSCALARS);
    check_ns += now_ns() - c0;
    verified++;
    for (int a = 0; a < NARGS; a++) if ((ROLE[a] == 1 || ROLE[a] == 2) && compare(a, o[a], r[a], TSIZES[a], CASES[0].atol, CASES[0].rtol, 0)) {
      char what[1024]; snprintf(what, sizeof what, "%s", REASON);
      if (last) snprintf(REASON, sizeof REASON, "after the %d timed calls, on fresh inputs: %s", iters, what);
      else snprintf(REASON, sizeof REASON, "timed call %d of %d (inputs are new before every call; this one kept most of the previous call's values and changed a few blocks) gave a wrong answer: %s. A kernel must be right on every call: no answers cached on a fingerprint of the inputs, no skipped calls", i + 1, iters, what);
      return 1;
    }
  }
  qsort(ns, iters, sizeof(long long), cmp_ll);
  cudaDeviceProp prop; cudaGetDeviceProperties(&prop, 0);
  printf("{\"ok\":true,\"threads\":0,\"flushBytes\":%zu,\"flush\":\"L2 write\",\"verified\":%d,\"device\":\"%s\",\"ns\":[", flush_bytes, verified, prop.name);
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
    if (time_main(atoi(argv[3]), atoi(argv[4]) > 0 ? atoi(argv[4]) : 1, argc >= 6 ? atoi(argv[5]) : 2)) { printf("{\"ok\":false,\"stage\":\"timing\",\"reason\":\""); put_json_text(REASON); printf("\"}\n"); return 1; }
    return 0;
  }
  fprintf(stderr, "usage: harness check | harness time 1 WARMUP ITERS (seed on stdin)\n");
  return 2;
}
