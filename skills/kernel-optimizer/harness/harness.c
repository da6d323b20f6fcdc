/*
 * The trusted harness of the cpu backend. The harness — not the candidate — allocates, fills, runs
 * the reference and the candidate, compares and times:
 *  - `check`: the five correctness stages with the anti-cheat checks (inputs hashed before and
 *    after, outputs poisoned, guard bytes past every buffer, separate buffers, the candidate runs
 *    before the reference so it cannot copy its answer, a seed read from stdin that the candidate
 *    never sees, the same output for different inputs detected);
 *  - `time`: warm-up, then N timed calls on CLOCK_MONOTONIC with caches flushed (when the data
 *    would fit in cache) outside the timed region, then one more call on poisoned outputs, checked.
 * Compiled once per run with `-I <work folder>`, where the skill writes plan.h for the problem;
 * linked with the reference (compiled as ko_reference) and each candidate (as ko_candidate).
 *
 *   harness check                               (seed on stdin)
 *   harness time WHICH WARMUP ITERS FLUSH_BYTES  (WHICH: 0 the reference, 1 the candidate)
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "plan.h" /* generated per problem: KO_SIGNATURE, KO_CALL, NARGS, NCASES and the tables */

KO_SIGNATURE(ko_reference);
KO_SIGNATURE(ko_candidate);

#include "common.h"

static void* B[2][NARGS];
static void* PREV[NARGS];
static long long PREVN[NARGS];
static void* PREVREF[NARGS];

static int check_main(void) {
  uint64_t seed = read_seed();
  for (int k = 0; k < NCASES; k++) {
    const kcase* c = &CASES[k];
    uint64_t rng = seed ^ (0xA24BAED4963EE407ULL * (uint64_t)(k + 1));
    /* the last "case" line on stderr tells which case a crash happened in */
    fprintf(stderr, "case %d %s %s\n", k, STAGE_NAME[c->stage], c->shape);
    uint64_t before[NARGS];
    for (int a = 0; a < NARGS; a++) {
      if (ROLE[a] == 3) continue;
      size_t bytes = (size_t)c->sizes[a] * esize(TYPE[a]);
      B[0][a] = balloc(bytes); B[1][a] = balloc(bytes);
      if (ROLE[a] == 0 || ROLE[a] == 2) { fill(a, B[1][a], c->sizes[a], &rng, c->scale, c->scale_value); memcpy(B[0][a], B[1][a], bytes); }
      else { poison(a, B[1][a], c->sizes[a]); memset(B[0][a], 0, bytes); }
      if (ROLE[a] == 0) before[a] = hash_bytes(B[1][a], bytes);
    }
    void* first[NARGS] = {0};
    for (int rep = 0; rep < (c->repeat ? 2 : 1); rep++) {
      if (rep) for (int a = 0; a < NARGS; a++) if (ROLE[a] == 1 || ROLE[a] == 2) {
        size_t bytes = (size_t)c->sizes[a] * esize(TYPE[a]); first[a] = malloc(bytes); memcpy(first[a], B[1][a], bytes);
        if (ROLE[a] == 1) poison(a, B[1][a], c->sizes[a]); else memcpy(B[1][a], B[0][a], bytes);
      }
      call(1, B[1], c->scalars);
    }
    call(0, B[0], c->scalars);
    for (int a = 0; a < NARGS; a++) {
      if (ROLE[a] == 3) continue;
      size_t bytes = (size_t)c->sizes[a] * esize(TYPE[a]);
      if (!guard_ok(B[1][a], bytes)) { snprintf(REASON, sizeof REASON, "wrote past the end of %s (%lld elements)", NAME[a], c->sizes[a]); fail(k, REASON); }
      if (ROLE[a] == 0 && hash_bytes(B[1][a], bytes) != before[a]) { snprintf(REASON, sizeof REASON, "modified its input %s (inputs are hashed before and after the call)", NAME[a]); fail(k, REASON); }
    }
    for (int a = 0; a < NARGS; a++) {
      if (ROLE[a] != 1 && ROLE[a] != 2) continue;
      size_t bytes = (size_t)c->sizes[a] * esize(TYPE[a]);
      if (compare(a, B[1][a], B[0][a], c->sizes[a], c->atol, c->rtol, c->stage == 2)) {
        if (PREV[a] && PREVN[a] == c->sizes[a] && memcmp(PREV[a], B[1][a], bytes) == 0 && memcmp(PREVREF[a], B[0][a], bytes) != 0) {
          snprintf(REASON, sizeof REASON, "returned the same %s as for the previous, different inputs: a cached answer", NAME[a]);
        }
        fail(k, REASON);
      }
      if (first[a] && memcmp(first[a], B[1][a], bytes) != 0) {
        if (DETERMINISTIC) { snprintf(REASON, sizeof REASON, "two runs on the same inputs gave different %s (not bitwise deterministic)", NAME[a]); fail(k, REASON); }
        else if (compare(a, B[1][a], first[a], c->sizes[a], c->atol, c->rtol, 0)) fail(k, REASON);
      }
      free(first[a]); free(PREV[a]); free(PREVREF[a]);
      PREV[a] = malloc(bytes); memcpy(PREV[a], B[1][a], bytes); PREVREF[a] = malloc(bytes); memcpy(PREVREF[a], B[0][a], bytes); PREVN[a] = c->sizes[a];
    }
    for (int a = 0; a < NARGS; a++) if (ROLE[a] != 3) { free(B[0][a]); free(B[1][a]); }
  }
  printf("{\"ok\":true,\"cases\":%d,\"maxErrRatio\":%.6g}\n", NCASES, MAXERR);
  return 0;
}

static long long now_ns(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return (long long)t.tv_sec * 1000000000LL + t.tv_nsec; }

static int time_main(int which, int warmup, int iters, long long flush_bytes) {
  uint64_t rng = read_seed();
  void* b[NARGS]; void* ref[NARGS];
  for (int a = 0; a < NARGS; a++) {
    if (ROLE[a] == 3) continue;
    size_t bytes = (size_t)TSIZES[a] * esize(TYPE[a]);
    b[a] = balloc(bytes); ref[a] = balloc(bytes);
    if (ROLE[a] != 1) { fill(a, b[a], TSIZES[a], &rng, 0, 1); memcpy(ref[a], b[a], bytes); } else memset(b[a], 0, bytes);
  }
  unsigned char* flush = flush_bytes > 0 ? (unsigned char*)malloc((size_t)flush_bytes) : NULL;
  long long* ns = (long long*)malloc(sizeof(long long) * (size_t)iters);
  for (int i = 0; i < warmup; i++) call(which, b, TSCALARS);
  volatile unsigned char sink = 0;
  for (int i = 0; i < iters; i++) {
    if (flush) { memset(flush, i & 0xFF, (size_t)flush_bytes); sink ^= flush[(size_t)i * 4096 % (size_t)flush_bytes]; }
    long long t0 = now_ns();
    call(which, b, TSCALARS);
    ns[i] = now_ns() - t0;
  }
  (void)sink;
  /* one more call on poisoned outputs must still be right: no skipping work on repeated calls */
  int inout = 0; for (int a = 0; a < NARGS; a++) if (ROLE[a] == 2) inout = 1;
  if (!inout) {
    for (int a = 0; a < NARGS; a++) if (ROLE[a] == 1) poison(a, b[a], TSIZES[a]);
    call(which, b, TSCALARS);
    void* r[NARGS];
    for (int a = 0; a < NARGS; a++) r[a] = ROLE[a] == 1 ? balloc((size_t)TSIZES[a] * esize(TYPE[a])) : ref[a];
    call(0, r, TSCALARS);
    for (int a = 0; a < NARGS; a++) if (ROLE[a] == 1 && compare(a, b[a], r[a], TSIZES[a], CASES[0].atol, CASES[0].rtol, 0)) {
      printf("{\"ok\":false,\"stage\":\"timing\",\"reason\":\"after the timed calls: ");
      put_json_text(REASON);
      printf("\"}\n"); return 1;
    }
  }
  qsort(ns, (size_t)iters, sizeof(long long), cmp_ll);
  int threads = 1;
#ifdef _OPENMP
  threads = omp_get_max_threads();
#endif
  printf("{\"ok\":true,\"threads\":%d,\"flushBytes\":%lld,\"ns\":[", threads, flush_bytes);
  for (int i = 0; i < iters; i++) printf("%s%lld", i ? "," : "", ns[i]);
  printf("]}\n");
  return 0;
}

int main(int argc, char** argv) {
  if (argc >= 2 && strcmp(argv[1], "check") == 0) return check_main();
  if (argc >= 6 && strcmp(argv[1], "time") == 0) return time_main(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), atoll(argv[5]));
  fprintf(stderr, "usage: harness check | harness time WHICH WARMUP ITERS FLUSH_BYTES (seed on stdin)\n");
  return 2;
}
