/**
 * Generates the trusted C harness for a problem (cpu backend). The harness — not the candidate —
 * allocates, fills, runs the reference and the candidate, compares and times:
 *  - `check`: the five correctness stages of KERNEL-OPT.md with the anti-cheat checks (inputs
 *    hashed before/after, outputs poisoned, guard bytes past every buffer, separate buffers,
 *    the candidate runs before the reference so it cannot copy its answer, a seed read from
 *    stdin that the candidate never sees, same-output-for-different-inputs detection);
 *  - `time`: warm-up, then N timed calls on CLOCK_MONOTONIC with caches flushed (when the data
 *    would fit in cache) outside the timed region, then one more call on poisoned outputs, checked.
 * Buffers of 2 MiB or more are 2 MiB-aligned and advised to transparent huge pages (reference
 * and candidate alike; the roofline probe allocates its arrays the same way).
 * The plan (shapes, sizes, tolerances) is baked in as constants computed by plan.ts.
 */
import type { Arg, Problem } from './spec.js';
import { SCALES, STAGES, type Case } from './plan.js';

const CTYPE: Record<Arg['type'], string> = { f32: 'float', f64: 'double', i32: 'int', i64: 'long long' };
const TYPE_ID: Record<Arg['type'], number> = { f32: 0, f64: 1, i32: 2, i64: 3 };
const ROLE_ID: Record<Arg['role'], number> = { in: 0, out: 1, inout: 2, scalar: 3 };

const num = (x: number) => (Number.isFinite(x) ? (Number.isInteger(x) && Math.abs(x) < 1e15 ? `${x}.0` : x.toExponential(17)) : '0.0');

export function prototype(p: Problem, name: string): string {
  const params = p.signature.map((a) => (a.role === 'scalar' ? `${CTYPE[a.type]} ${a.name}` : `${a.role === 'in' ? 'const ' : ''}${CTYPE[a.type]}* ${a.name}`));
  return `void ${name}(${params.join(', ')})`;
}

/** Force-included when compiling the reference and the candidate so their definition is checked against the declared signature. */
export function problemHeader(p: Problem): string {
  return `/* generated from ${p.name}/problem.json: the signature both the reference and the candidate implement */\n#pragma once\n#ifdef __cplusplus\nextern "C" {\n#endif\n${prototype(p, p.entry)};\n#ifdef __cplusplus\n}\n#endif\n`;
}

/** The constants and the call thunk shared by the C and CUDA harnesses. */
export function planTables(p: Problem, cases: Case[], timing: { sizes: number[]; scalars: number[] }): string {
  const n = p.signature.length;
  const arr = (xs: (string | number)[]) => `{${xs.join(', ')}}`;
  const caseRows = cases.map(
    (c) =>
      `  {${STAGES.indexOf(c.stage)}, ${JSON.stringify(JSON.stringify(c.shape))}, ${arr(c.sizes.map((s) => `${s}LL`))}, ${arr(c.scalars.map(num))}, ${c.scale}, ${num(c.scaleValue)}, ${num(c.atol)}, ${num(c.rtol)}, ${c.repeat ? 1 : 0}}`,
  );
  return `#define NARGS ${n}
#define NCASES ${cases.length}
#define DETERMINISTIC ${p.deterministic ? 1 : 0}
typedef struct { int stage; const char* shape; long long sizes[NARGS]; double scalars[NARGS]; int scale; double scale_value; double atol, rtol; int repeat; } kcase;
static const int ROLE[NARGS] = ${arr(p.signature.map((a) => ROLE_ID[a.role]))};
static const int TYPE[NARGS] = ${arr(p.signature.map((a) => TYPE_ID[a.type]))};
static const double LOW[NARGS] = ${arr(p.signature.map((a) => num(a.init.low)))};
static const double HIGH[NARGS] = ${arr(p.signature.map((a) => num(a.init.high)))};
static const char* NAME[NARGS] = ${arr(p.signature.map((a) => JSON.stringify(a.name)))};
static const char* STAGE_NAME[] = ${arr(STAGES.map((s) => JSON.stringify(s)))};
static const char* SCALE_NAME[] = ${arr(SCALES.map((s) => JSON.stringify(s)))};
static const kcase CASES[NCASES] = {
${caseRows.join(',\n')}
};
static const long long TSIZES[NARGS] = ${arr(timing.sizes.map((s) => `${s}LL`))};
static const double TSCALARS[NARGS] = ${arr(timing.scalars.map(num))};
`;
}

export function callThunk(p: Problem, fns: [string, string]): string {
  const args = p.signature.map((a, i) => (a.role === 'scalar' ? `(${CTYPE[a.type]})sc[${i}]` : `(${CTYPE[a.type]}*)b[${i}]`));
  return `static void call(int cand, void** b, const double* sc) {
  if (cand) ${fns[1]}(${args.join(', ')});
  else ${fns[0]}(${args.join(', ')});
}
`;
}

/** Buffer helpers shared by both harnesses (host memory): RNG, fill, poison, hash, compare. */
export const HOST_HELPERS = String.raw`
static size_t esize(int t) { return (t == 0 || t == 2) ? 4 : 8; }
static uint64_t splitmix(uint64_t* s) { uint64_t z = (*s += 0x9E3779B97F4A7C15ULL); z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL; z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL; return z ^ (z >> 31); }
static double urand(uint64_t* s) { return (double)(splitmix(s) >> 11) * (1.0 / 9007199254740992.0); }
#define GUARD 64
/* Buffers of 2 MiB or more are 2 MiB-aligned and advised to transparent huge pages before their
   first touch (the reference's and the candidate's alike): a real program backs big arrays this
   way, and on 4 KiB pages a streaming kernel takes a TLB miss every 4 KiB (in a VM, a two-level
   page walk).
   Where huge pages are unavailable the advice is ignored and the buffer is on ordinary pages. */
#ifdef __linux__
#include <sys/mman.h>
#endif
#define HUGE_BYTES ((size_t)2 << 20)
static void* balloc(size_t bytes) {
  size_t align = bytes + GUARD >= HUGE_BYTES ? HUGE_BYTES : 64, total = ((bytes + GUARD + align - 1) / align) * align;
  unsigned char* p = (unsigned char*)aligned_alloc(align, total);
  if (!p) { printf("{\"ok\":false,\"stage\":\"setup\",\"reason\":\"out of memory\"}\n"); exit(3); }
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (align == HUGE_BYTES) (void)madvise(p, total, MADV_HUGEPAGE);
#endif
  memset(p + bytes, 0xCD, GUARD); return p;
}
static int guard_ok(const void* p, size_t bytes) { const unsigned char* q = (const unsigned char*)p + bytes; for (int i = 0; i < GUARD; i++) if (q[i] != 0xCD) return 0; return 1; }
static uint64_t hash_bytes(const void* p, size_t n) { const unsigned char* q = (const unsigned char*)p; uint64_t h = 1469598103934665603ULL; for (size_t i = 0; i < n; i++) { h ^= q[i]; h *= 1099511628211ULL; } return h; }
static double getd(int t, const void* p, long long i) { switch (t) { case 0: return ((const float*)p)[i]; case 1: return ((const double*)p)[i]; case 2: return ((const int*)p)[i]; default: return (double)((const long long*)p)[i]; } }
static void fill(int a, void* p, long long n, uint64_t* rng, int scale, double sv) {
  for (long long i = 0; i < n; i++) {
    double u = LOW[a] + (HIGH[a] - LOW[a]) * urand(rng);
    if (TYPE[a] <= 1) { if (scale == 1 || scale == 2) u *= sv; else if (scale == 3) u *= pow(10.0, -3.0 + 6.0 * urand(rng)); }
    if (scale == 4) u = 0;
    switch (TYPE[a]) { case 0: ((float*)p)[i] = (float)u; break; case 1: ((double*)p)[i] = u; break; case 2: ((int*)p)[i] = (int)floor(u); break; default: ((long long*)p)[i] = (long long)floor(u); }
  }
}
static const uint32_t POISON32 = 0x7FC0DEADu; static const uint64_t POISON64 = 0x7FF8DEADDEADDEADULL;
static void poison(int a, void* p, long long n) {
  if (esize(TYPE[a]) == 4) { for (long long i = 0; i < n; i++) memcpy((char*)p + 4 * i, &POISON32, 4); }
  else { for (long long i = 0; i < n; i++) memcpy((char*)p + 8 * i, &POISON64, 8); }
}
static int is_poison(int a, const void* p, long long i) {
  if (esize(TYPE[a]) == 4) { uint32_t v; memcpy(&v, (const char*)p + 4 * i, 4); return v == POISON32; }
  uint64_t v; memcpy(&v, (const char*)p + 8 * i, 8); return v == POISON64;
}
static char REASON[1024];
static double MAXERR;
/* 0 when the candidate's output matches the reference's within (atol, rtol); else a reason in REASON. */
/* normwise (stage 3): errors are measured against the largest |reference| in the array, since
   scaled inputs make cancellation (results tiny next to their terms) common and legitimate */
static int compare(int a, const void* c, const void* r, long long n, double atol, double rtol, int normwise) {
  long long unwritten = 0, first = -1;
  double maxabs = 0;
  if (normwise) for (long long i = 0; i < n; i++) { double v = fabs(getd(TYPE[a], r, i)); if (isfinite(v) && v > maxabs) maxabs = v; }
  for (long long i = 0; i < n; i++) if (is_poison(a, c, i) && !is_poison(a, r, i)) { if (first < 0) first = i; unwritten++; }
  if (unwritten) { snprintf(REASON, sizeof REASON, "left %lld of %lld elements of %s unwritten (still the poison value, first at index %lld): it skipped work", unwritten, n, NAME[a], first); return 1; }
  for (long long i = 0; i < n; i++) {
    double cv = getd(TYPE[a], c, i), rv = getd(TYPE[a], r, i);
    if (!isfinite(rv)) { if (isnan(rv) ? !isnan(cv) : cv != rv) { snprintf(REASON, sizeof REASON, "%s[%lld] is %g where the reference has %g", NAME[a], i, cv, rv); return 1; } continue; }
    if (!isfinite(cv)) { snprintf(REASON, sizeof REASON, "%s[%lld] is %g (NaN/Inf) where the reference is finite (%g)", NAME[a], i, cv, rv); return 1; }
    double mag = normwise ? maxabs : fabs(rv);
    double err = fabs(cv - rv), bound = atol + rtol * mag;
    double rel = err / (bound + 1e-300);
    if (rel > MAXERR) MAXERR = rel;
    if (err > bound) { snprintf(REASON, sizeof REASON, "%s[%lld] = %.9g but the reference gives %.9g (error %.3g > atol %.3g + rtol %.3g x %s)", NAME[a], i, cv, rv, err, atol, rtol, normwise ? "max|ref|" : "|ref|"); return 1; }
  }
  return 0;
}
static void fail(int k, const char* reason) {
  printf("{\"ok\":false,\"case\":%d,\"stage\":\"%s\",\"shape\":%s,\"scale\":\"%s\",\"reason\":\"", k, STAGE_NAME[CASES[k].stage], CASES[k].shape, SCALE_NAME[CASES[k].scale]);
  for (const char* s = reason; *s; s++) { if (*s == '"' || *s == '\\') putchar('\\'); putchar(*s); }
  printf("\"}\n");
  exit(1);
}
static uint64_t read_seed(void) { unsigned long long s = 0; if (scanf("%llu", &s) != 1) s = 1; return (uint64_t)s; }
static int cmp_ll(const void* a, const void* b) { long long x = *(const long long*)a, y = *(const long long*)b; return x < y ? -1 : x > y; }
`;

export function generateCpuHarness(p: Problem, cases: Case[], timing: { sizes: number[]; scalars: number[] }): string {
  const proto = (n: string) => `${prototype(p, n)};`;
  return `/* generated trusted harness for ${p.name} (cpu); do not edit: the skill regenerates it */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <math.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif
${proto('ko_reference')}
${proto('ko_candidate')}
${planTables(p, cases, timing)}
${callThunk(p, ['ko_reference', 'ko_candidate'])}
${HOST_HELPERS}
static void* B[2][NARGS]; static void* PREV[NARGS]; static long long PREVN[NARGS]; static void* PREVREF[NARGS];

static int check_main(void) {
  uint64_t seed = read_seed();
  for (int k = 0; k < NCASES; k++) {
    const kcase* c = &CASES[k];
    uint64_t rng = seed ^ (0xA24BAED4963EE407ULL * (uint64_t)(k + 1));
    fprintf(stderr, "case %d %s %s\\n", k, STAGE_NAME[c->stage], c->shape);
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
  printf("{\\"ok\\":true,\\"cases\\":%d,\\"maxErrRatio\\":%.6g}\\n", NCASES, MAXERR);
  return 0;
}

static long long now_ns(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return (long long)t.tv_sec * 1000000000LL + t.tv_nsec; }

/* time WHICH(0 reference, 1 candidate) WARMUP ITERS FLUSH_BYTES */
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
      printf("{\\"ok\\":false,\\"stage\\":\\"timing\\",\\"reason\\":\\"after the timed calls: ");
      for (const char* s = REASON; *s; s++) { if (*s == '"' || *s == '\\\\') putchar('\\\\'); putchar(*s); }
      printf("\\"}\\n"); return 1;
    }
  }
  qsort(ns, (size_t)iters, sizeof(long long), cmp_ll);
  int threads = 1;
#ifdef _OPENMP
  threads = omp_get_max_threads();
#endif
  printf("{\\"ok\\":true,\\"threads\\":%d,\\"flushBytes\\":%lld,\\"ns\\":[", threads, flush_bytes);
  for (int i = 0; i < iters; i++) printf("%s%lld", i ? "," : "", ns[i]);
  printf("]}\\n");
  return 0;
}

int main(int argc, char** argv) {
  if (argc >= 2 && strcmp(argv[1], "check") == 0) return check_main();
  if (argc >= 6 && strcmp(argv[1], "time") == 0) return time_main(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), atoll(argv[5]));
  fprintf(stderr, "usage: harness check | harness time WHICH WARMUP ITERS FLUSH_BYTES (seed on stdin)\\n");
  return 2;
}
`;
}
