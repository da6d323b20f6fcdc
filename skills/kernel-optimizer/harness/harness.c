/*
 * The trusted harness of the cpu backend. The harness — not the candidate — allocates, fills, runs
 * the reference and the candidate, compares and times:
 *  - `check`: the five correctness stages with the anti-cheat checks (inputs hashed before and
 *    after, outputs poisoned, guard bytes past every buffer, separate buffers, the candidate runs
 *    before the reference so it cannot copy its answer, a seed read from stdin that the candidate
 *    never sees, the same output for different inputs detected);
 *  - `time`: warm-up, then N timed calls on CLOCK_MONOTONIC; before every call (outside the timed
 *    region) the inputs are regenerated from a per-call key and, when the data would fit in cache,
 *    its lines flushed. VERIFY randomly chosen timed calls (inputs that keep most of the previous
 *    call's values: a fingerprint cache is caught) and one last call on fresh inputs and poisoned
 *    outputs are checked against the reference on the same inputs.
 * Compiled once per run with `-I <work folder>`, where the skill writes plan.h for the problem;
 * linked with the reference (compiled as ko_reference) and each candidate (as ko_candidate).
 *
 *   harness check                               (seed on stdin)
 *   harness time WHICH WARMUP ITERS FLUSH [VERIFY]  (WHICH: 0 the reference, 1 the candidate;
 *       FLUSH: 0 none, -1 flush the data's cache lines (x86 clflush), N > 0 read an N-byte buffer)
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
    /* the outputs as the call returned them: work left running after the return (a thread) does not count */
    void* snap[NARGS] = {0};
    for (int a = 0; a < NARGS; a++) if (ROLE[a] == 1 || ROLE[a] == 2) { size_t bytes = (size_t)c->sizes[a] * esize(TYPE[a]); snap[a] = malloc(bytes); memcpy(snap[a], B[1][a], bytes); }
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
      if (compare(a, snap[a], B[0][a], c->sizes[a], c->atol, c->rtol, c->stage == 2 ? (c->scale == 5 ? 3 : 1) : 0)) {
        if (PREV[a] && PREVN[a] == c->sizes[a] && memcmp(PREV[a], snap[a], bytes) == 0 && memcmp(PREVREF[a], B[0][a], bytes) != 0) {
          snprintf(REASON, sizeof REASON, "returned the same %s as for the previous, different inputs: a cached answer", NAME[a]);
        }
        fail(k, REASON);
      }
      if (first[a] && memcmp(first[a], snap[a], bytes) != 0) {
        if (DETERMINISTIC) { snprintf(REASON, sizeof REASON, "two runs on the same inputs gave different %s (not bitwise deterministic)", NAME[a]); fail(k, REASON); }
        else if (compare(a, snap[a], first[a], c->sizes[a], c->atol, c->rtol, 0)) fail(k, REASON);
      }
      free(first[a]); free(PREV[a]); free(PREVREF[a]);
      PREV[a] = snap[a]; PREVREF[a] = malloc(bytes); memcpy(PREVREF[a], B[0][a], bytes); PREVN[a] = c->sizes[a];
    }
    for (int a = 0; a < NARGS; a++) if (ROLE[a] != 3) { free(B[0][a]); free(B[1][a]); }
  }
  printf("{\"ok\":true,\"cases\":%d,\"maxErrRatio\":%.6g}\n", NCASES, MAXERR);
  return 0;
}


/* Evicts the timed data from every cache level: clflush of each line where the CPU has it, else a read of a reused buffer. */
static void flush_caches(void** b, const size_t* bytes, const unsigned char* buf, long long buf_bytes) {
#ifdef KO_X86
  if (buf_bytes < 0) {
    for (int a = 0; a < NARGS; a++) if (ROLE[a] != 3) for (size_t o = 0; o < bytes[a]; o += 64) _mm_clflush((const char*)b[a] + o);
    _mm_mfence();
    return;
  }
#endif
  if (buf && buf_bytes > 0) {
    const uint64_t* q = (const uint64_t*)buf; uint64_t acc = 0;
    for (size_t i = 0; i < (size_t)buf_bytes / 8; i += 8) acc += q[i];
    volatile uint64_t sink = acc; (void)sink;
  }
}

/* Fails the timing run: the harness's verdict line for a wrong answer on a timed call. */
static int timing_fail(const char* what) {
  printf("{\"ok\":false,\"stage\":\"timing\",\"reason\":\"");
  put_json_text(what);
  printf("\"}\n");
  return 1;
}

static int time_main(int which, int warmup, int iters, long long flush, int verify) {
  uint64_t secret = read_seed(), pick = splitmix(&secret);
  void* b[NARGS] = {0}; void* ref[NARGS] = {0}; void* snap[NARGS] = {0}; size_t bytes[NARGS] = {0};
  for (int a = 0; a < NARGS; a++) {
    if (ROLE[a] == 3) continue;
    bytes[a] = (size_t)TSIZES[a] * esize(TYPE[a]);
    b[a] = balloc(bytes[a]); memset(b[a], 0, bytes[a]);
    if (which == 1) { ref[a] = balloc(bytes[a]); memset(ref[a], 0, bytes[a]); if (ROLE[a] == 1 || ROLE[a] == 2) snap[a] = balloc(bytes[a]); }
  }
  if (which != 1) verify = 0;
  if (verify > iters) verify = iters;
  /* the verified timed calls: `verify` distinct indices drawn from the secret seed */
  unsigned char* checked = (unsigned char*)calloc((size_t)iters + 1, 1);
  for (int v = 0; v < verify;) { int i = (int)(splitmix(&pick) % (uint64_t)iters); if (!checked[i]) { checked[i] = 1; v++; } }
  unsigned char* buf = NULL;
  if (flush > 0) { buf = (unsigned char*)malloc((size_t)flush); memset(buf, 1, (size_t)flush); }
#ifndef KO_X86
  if (flush < 0) flush = 0; /* no clflush on this CPU: the skill passes a buffer size instead */
#endif
  long long* ns = (long long*)malloc(sizeof(long long) * (size_t)iters);
  tkey base = next_key(&secret); int mutated = 1 /* nothing generated yet */, verified = 0;
  long long timed_ns = 0, check_ns = 0;
  for (int i = -warmup; i <= iters; i++) {
    int last = i == iters, check = which == 1 && (last || (i >= 0 && checked[i]));
    /* a checked call before the last keeps most of the previous inputs (see mutate_timed); other calls get all-new ones */
    int partial = check && !last;
    tkey k = next_key(&secret);
    for (int a = 0; a < NARGS; a++) {
      if (ROLE[a] == 2 || (ROLE[a] == 0 && !partial)) fill_timed(a, b[a], TSIZES[a], ROLE[a] == 2 ? k : (base = k, k));
      else if (ROLE[a] == 0) { if (mutated) fill_timed(a, b[a], TSIZES[a], base); mutate_timed(a, b[a], TSIZES[a], k); }
      else if (last) poison(a, b[a], TSIZES[a]);
    }
    mutated = partial;
    if (!last && i >= 0 && flush) flush_caches(b, bytes, buf, flush);
    long long t0 = now_ns();
    call(which, b, TSCALARS);
    long long dt = now_ns() - t0;
    if (i >= 0 && !last) { ns[i] = dt; timed_ns += dt; }
    if (!check) continue;
    /* the outputs as the call returned them: work left running after the return (a thread) does not count */
    for (int a = 0; a < NARGS; a++) if (ROLE[a] == 1 || ROLE[a] == 2) memcpy(snap[a], b[a], bytes[a]);
    /* a slow reference checks fewer calls: beyond the first, only while checking took less than the timed calls (or 0.25 s) */
    if (!last && verified >= 1 && check_ns > (timed_ns > 250000000LL ? timed_ns : 250000000LL)) continue;
    long long c0 = now_ns();
    for (int a = 0; a < NARGS; a++) {
      if (ROLE[a] == 2 || (ROLE[a] == 0 && !partial)) fill_timed(a, ref[a], TSIZES[a], ROLE[a] == 2 ? k : base);
      else if (ROLE[a] == 0) { fill_timed(a, ref[a], TSIZES[a], base); mutate_timed(a, ref[a], TSIZES[a], k); }
    }
    for (int a = 0; a < NARGS; a++) if (ROLE[a] == 0 && memcmp(b[a], ref[a], bytes[a]) != 0) {
      snprintf(REASON, sizeof REASON, "modified its input %s during timed call %d", NAME[a], i + 1);
      return timing_fail(REASON);
    }
    call(0, ref, TSCALARS);
    check_ns += now_ns() - c0;
    verified++;
    for (int a = 0; a < NARGS; a++) if ((ROLE[a] == 1 || ROLE[a] == 2) && compare(a, snap[a], ref[a], TSIZES[a], CASES[0].atol, CASES[0].rtol, 0)) {
      char what[1400];
      if (last) snprintf(what, sizeof what, "after the %d timed calls, on fresh inputs: %s", iters, REASON);
      else snprintf(what, sizeof what, "timed call %d of %d (inputs are new before every call; this one kept most of the previous call's values and changed a few blocks) gave a wrong answer: %s. A kernel must be right on every call: no answers cached on a fingerprint of the inputs, no skipped calls", i + 1, iters, REASON);
      return timing_fail(what);
    }
  }
  qsort(ns, (size_t)iters, sizeof(long long), cmp_ll);
  int threads = 1;
#ifdef _OPENMP
  threads = omp_get_max_threads();
#endif
  printf("{\"ok\":true,\"threads\":%d,\"flushBytes\":%lld,\"flush\":\"%s\",\"verified\":%d,\"ns\":[", threads, flush > 0 ? flush : 0, flush < 0 ? "clflush" : flush > 0 ? "read" : "none", verified);
  for (int i = 0; i < iters; i++) printf("%s%lld", i ? "," : "", ns[i]);
  printf("]}\n");
  return 0;
}

int main(int argc, char** argv) {
  if (argc >= 2 && strcmp(argv[1], "check") == 0) return check_main();
  if (argc >= 6 && strcmp(argv[1], "time") == 0) return time_main(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]) > 0 ? atoi(argv[4]) : 1, atoll(argv[5]), argc >= 7 ? atoi(argv[6]) : 2);
  fprintf(stderr, "usage: harness check | harness time WHICH WARMUP ITERS FLUSH [VERIFY] (seed on stdin)\n");
  return 2;
}
