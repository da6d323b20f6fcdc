/*
 * What the trusted C and CUDA harnesses share: the problem's tables (from the generated plan.h in
 * the run's work folder), the call of the reference or the candidate, and the host-memory helpers
 * (seeded RNG, fill, poison, guard bytes, hashing, comparison within tolerance, verdicts as JSON).
 * Included once, by harness.c or harness.cu, after the system headers, the generated plan.h and
 * the declarations of ko_reference and ko_candidate.
 */

/* One correctness case: stage, shape (JSON), sizes and scalar values per argument, input scaling, tolerance. */
typedef struct { int stage; const char* shape; long long sizes[NARGS]; double scalars[NARGS]; int scale; double scale_value; double atol, rtol; int repeat; } kcase;

/* Per argument: role (0 in, 1 out, 2 inout, 3 scalar), type (0 f32, 1 f64, 2 i32, 3 i64), input range, name. */
static const int ROLE[NARGS] = KO_ROLE;
static const int TYPE[NARGS] = KO_TYPE;
static const double LOW[NARGS] = KO_LOW;
static const double HIGH[NARGS] = KO_HIGH;
static const char* NAME[NARGS] = KO_NAME;
static const char* STAGE_NAME[] = KO_STAGE_NAMES;
static const char* SCALE_NAME[] = KO_SCALE_NAMES;
static const kcase CASES[NCASES] = KO_CASES;
/* The timed shape. */
static const long long TSIZES[NARGS] = KO_TSIZES;
static const double TSCALARS[NARGS] = KO_TSCALARS;

/* Calls the candidate (cand != 0) or the reference on buffers b with scalar values sc. */
static void call(int cand, void** b, const double* sc) {
  if (cand) KO_CALL(ko_candidate, b, sc);
  else KO_CALL(ko_reference, b, sc);
}

static size_t esize(int t) { return (t == 0 || t == 2) ? 4 : 8; }
static uint64_t splitmix(uint64_t* s) { uint64_t z = (*s += 0x9E3779B97F4A7C15ULL); z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL; z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL; return z ^ (z >> 31); }
static double urand(uint64_t* s) { return (double)(splitmix(s) >> 11) * (1.0 / 9007199254740992.0); }

#define GUARD 64
/* Buffers of 2 MiB or more are 2 MiB-aligned and advised to transparent huge pages before their
   first touch (the reference's and the candidate's alike): a real program backs big arrays this
   way, and on 4 KiB pages a streaming kernel takes a TLB miss every 4 KiB (in a VM, a two-level
   page walk). Where huge pages are unavailable the advice is ignored and the buffer is on ordinary pages. */
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

/* Input values in [LOW, HIGH), scaled for the stability stage: 1 large, 2 small, 3 mixed magnitudes, 4 all zeros,
   5 random signs, half of the values negative (a range declared >= 0 also gets negative values: a ReLU that copies its input fails). */
static void fill(int a, void* p, long long n, uint64_t* rng, int scale, double sv) {
  for (long long i = 0; i < n; i++) {
    double u = LOW[a] + (HIGH[a] - LOW[a]) * urand(rng);
    if (TYPE[a] <= 1) { if (scale == 1 || scale == 2) u *= sv; else if (scale == 3) u *= pow(10.0, -3.0 + 6.0 * urand(rng)); }
    if (scale == 4) u = 0;
    /* one element of each pair negative, which one at random: both signs in every case, even in a 7-element shape
       (independent coin flips left all 7 non-negative once in 128 runs, and a copying ReLU passed) */
    if (scale == 5 && TYPE[a] <= 1) { static int first_negative; if ((i & 1) == 0) first_negative = urand(rng) < 0.5; if (((i & 1) == 0) == first_negative) u = -u; }
    switch (TYPE[a]) { case 0: ((float*)p)[i] = (float)u; break; case 1: ((double*)p)[i] = u; break; case 2: ((int*)p)[i] = (int)floor(u); break; default: ((long long*)p)[i] = (long long)floor(u); }
  }
}

/* Outputs start as a NaN pattern no computation produces: an element still holding it was never written. */
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
/* 0 when the candidate's output matches the reference's within (atol, rtol); else a reason in REASON.
   normwise (stage 3): errors are measured against the largest |reference| in the array, since
   scaled inputs make cancellation (results tiny next to their terms) common and legitimate.
   normwise & 2 (inputs beyond the declared range): where the reference gives NaN (outside its
   domain, e.g. log of a negative) any candidate value is accepted. */
static int compare(int a, const void* c, const void* r, long long n, double atol, double rtol, int normwise) {
  int outside = normwise & 2; normwise &= 1;
  long long unwritten = 0, first = -1;
  double maxabs = 0;
  if (normwise) for (long long i = 0; i < n; i++) { double v = fabs(getd(TYPE[a], r, i)); if (isfinite(v) && v > maxabs) maxabs = v; }
  for (long long i = 0; i < n; i++) if (is_poison(a, c, i) && !is_poison(a, r, i)) { if (first < 0) first = i; unwritten++; }
  if (unwritten) { snprintf(REASON, sizeof REASON, "left %lld of %lld elements of %s unwritten (still the poison value, first at index %lld): it skipped work", unwritten, n, NAME[a], first); return 1; }
  for (long long i = 0; i < n; i++) {
    double cv = getd(TYPE[a], c, i), rv = getd(TYPE[a], r, i);
    if (!isfinite(rv)) { if (outside && isnan(rv)) continue; if (isnan(rv) ? !isnan(cv) : cv != rv) { snprintf(REASON, sizeof REASON, "%s[%lld] is %g where the reference has %g", NAME[a], i, cv, rv); return 1; } continue; }
    if (!isfinite(cv)) { snprintf(REASON, sizeof REASON, "%s[%lld] is %g (NaN/Inf) where the reference is finite (%g)", NAME[a], i, cv, rv); return 1; }
    double mag = normwise ? maxabs : fabs(rv);
    double err = fabs(cv - rv), bound = atol + rtol * mag;
    double rel = err / (bound + 1e-300);
    if (rel > MAXERR) MAXERR = rel;
    if (err > bound) { snprintf(REASON, sizeof REASON, "%s[%lld] = %.9g but the reference gives %.9g (error %.3g > atol %.3g + rtol %.3g x %s)", NAME[a], i, cv, rv, err, atol, rtol, normwise ? "max|ref|" : "|ref|"); return 1; }
  }
  return 0;
}

/* Prints s as the body of a JSON string. */
static void put_json_text(const char* s) { for (; *s; s++) { if (*s == '"' || *s == '\\') putchar('\\'); putchar(*s); } }

/* The verdict for a failed case, as the one JSON line the skill reads; ends the process. */
static void fail(int k, const char* reason) {
  printf("{\"ok\":false,\"case\":%d,\"stage\":\"%s\",\"shape\":%s,\"scale\":\"%s\",\"reason\":\"", k, STAGE_NAME[CASES[k].stage], CASES[k].shape, SCALE_NAME[CASES[k].scale]);
  put_json_text(reason);
  printf("\"}\n");
  exit(1);
}
/* The seed comes on stdin so that the candidate, which sees neither argv nor the seed, cannot predict its inputs. */
static uint64_t read_seed(void) { unsigned long long s = 0; if (scanf("%llu", &s) != 1) s = 1; return (uint64_t)s; }

/*
 * Timed inputs, fresh on every timed call: a keyed 32-bit hash of the element index (two 32-bit
 * keys drawn per call from the secret seed), so that a call's contents cannot be predicted from
 * a few samples nor from earlier calls, and the same keys regenerate them bit for bit (the
 * reference is run on a regenerated copy). Generated in 4 KiB chunks and written with
 * non-temporal stores where available: the fill leaves the inputs out of the cache instead of
 * leaving dirty lines that the timed call would have to write back.
 */
#if defined(__CUDACC__)
#define KO_HD __host__ __device__
#else
#define KO_HD
#endif
typedef struct { uint32_t k1, k2; } tkey;
static KO_HD inline uint32_t mix32(long long i, tkey k) {
  uint32_t h = (uint32_t)i ^ ((uint32_t)((unsigned long long)i >> 32) * 0x27D4EB2Du) ^ k.k1;
  h *= 0x9E3779B1u; h ^= h >> 16; h ^= k.k2; h *= 0x85EBCA77u; h ^= h >> 13; h *= 0xC2B2AE3Du; h ^= h >> 16;
  return h;
}
static tkey next_key(uint64_t* s) { uint64_t z = splitmix(s); tkey k = { (uint32_t)z, (uint32_t)(z >> 32) }; return k; }
#if (defined(__SSE2__) || defined(__x86_64__)) && !defined(__CUDACC__)
#include <emmintrin.h>
#define KO_X86 1
#endif
static void stream_copy(void* dst, const void* src, size_t bytes) {
#ifdef KO_X86
  if (((uintptr_t)dst & 15) == 0) {
    size_t i = 0;
    for (; i + 16 <= bytes; i += 16) _mm_stream_si128((__m128i*)((char*)dst + i), _mm_loadu_si128((const __m128i*)((const char*)src + i)));
    memcpy((char*)dst + i, (const char*)src + i, bytes - i);
    return;
  }
#endif
  memcpy(dst, src, bytes);
}
#define CHUNK 1024
/* Elements [i0, i0 + m) of argument a with values in the part [lo, hi) of its range. */
static void gen_chunk(int a, void* p, long long i0, long long m, tkey k, double lo, double hi) {
  double base = LOW[a] + (HIGH[a] - LOW[a]) * lo, width = (HIGH[a] - LOW[a]) * (hi - lo);
  const double inv = 1.0 / 16777216.0;
  switch (TYPE[a]) {
    case 0: { float t[CHUNK]; float fb = (float)base, fw = (float)width; for (long long j = 0; j < m; j++) t[j] = fb + fw * (float)((mix32(i0 + j, k) >> 8) * (float)inv); stream_copy((float*)p + i0, t, (size_t)m * 4); break; }
    case 1: { double t[CHUNK]; for (long long j = 0; j < m; j++) t[j] = base + width * ((double)(mix32(i0 + j, k) >> 8) * inv); stream_copy((double*)p + i0, t, (size_t)m * 8); break; }
    case 2: { int t[CHUNK]; for (long long j = 0; j < m; j++) t[j] = (int)floor(base + width * ((double)(mix32(i0 + j, k) >> 8) * inv)); stream_copy((int*)p + i0, t, (size_t)m * 4); break; }
    default: { long long t[CHUNK]; for (long long j = 0; j < m; j++) t[j] = (long long)floor(base + width * ((double)(mix32(i0 + j, k) >> 8) * inv)); stream_copy((long long*)p + i0, t, (size_t)m * 8); }
  }
}
/* Chunks [c0, c1) of argument a from key k: one thread's share of a fill. */
typedef struct { int a; void* p; long long n, c0, c1; tkey k; } fill_job;
static void* fill_chunks(void* arg) {
  const fill_job* j = (const fill_job*)arg;
  for (long long c = j->c0; c < j->c1; c++) gen_chunk(j->a, j->p, c * CHUNK, j->n - c * CHUNK < CHUNK ? j->n - c * CHUNK : CHUNK, j->k, 0, 1);
#ifdef KO_X86
  _mm_sfence();
#endif
  return NULL;
}
#if defined(__linux__) && !defined(__CUDACC__)
#include <pthread.h>
#include <unistd.h>
/* Threads for a big fill: the run's thread count (OMP_NUM_THREADS), else the online CPUs; at most 16. */
static int fill_threads(void) {
  static int t = 0;
  if (!t) { const char* e = getenv("OMP_NUM_THREADS"); t = e && atoi(e) > 0 ? atoi(e) : (int)sysconf(_SC_NPROCESSORS_ONLN); if (t < 1) t = 1; if (t > 16) t = 16; }
  return t;
}
#else
static int fill_threads(void) { return 1; }
#endif
/* The whole of argument a from key k; big arrays by short-lived threads (joined before the call:
   nothing is left running or spinning while the kernel is timed, unlike an OpenMP team). */
static void fill_timed(int a, void* p, long long n, tkey k) {
  long long chunks = (n + CHUNK - 1) / CHUNK;
  int t = n >= (1 << 20) ? fill_threads() : 1;
  fill_job jobs[16];
  for (int i = 0; i < t; i++) { fill_job j = { a, p, n, chunks * i / t, chunks * (i + 1) / t, k }; jobs[i] = j; }
#if defined(__linux__) && !defined(__CUDACC__)
  pthread_t th[16]; int started[16] = {0};
  for (int i = 1; i < t; i++) started[i] = pthread_create(&th[i], NULL, fill_chunks, &jobs[i]) == 0;
  fill_chunks(&jobs[0]);
  for (int i = 1; i < t; i++) { if (started[i]) pthread_join(th[i], NULL); else fill_chunks(&jobs[i]); }
#else
  for (int i = 0; i < t; i++) fill_chunks(&jobs[i]);
#endif
}
/*
 * Keeps most of argument a (the previous call's contents) and rewrites one random block of 1024
 * from key k with values in the top quarter of the range: the pointer, the size and almost any
 * set of sampled values are those of the previous call, but the answer is not. A candidate
 * returning an answer cached on such a fingerprint is caught.
 */
static void mutate_timed(int a, void* p, long long n, tkey k) {
  if (n <= 0) return;
  long long bs = (n + 1023) / 1024, blocks = (n + bs - 1) / bs, blk = mix32(-1, k) % blocks;
  long long end = (blk + 1) * bs < n ? (blk + 1) * bs : n;
  for (long long i = blk * bs; i < end; i += CHUNK) gen_chunk(a, p, i, end - i < CHUNK ? end - i : CHUNK, k, 0.75, 1);
}
static long long now_ns(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return (long long)t.tv_sec * 1000000000LL + t.tv_nsec; }
static int cmp_ll(const void* a, const void* b) { long long x = *(const long long*)a, y = *(const long long*)b; return x < y ? -1 : x > y; }
