// The generated C harness backs buffers of 2 MiB or more with transparent huge pages (2 MiB-aligned,
// madvise(MADV_HUGEPAGE) before the first touch) and small buffers as before; the guard bytes
// still catch a write past the end. A real harness process runs a candidate that logs, for each
// call, its buffers' alignment and the AnonHugePages of the mapping that holds its input.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../../skills/kernel-optimizer/backends/index.js';
import { HARNESS_C } from '../../skills/kernel-optimizer/harness/sources.js';
import { loadProblem } from '../../skills/kernel-optimizer/spec/index.js';
import { detectToolchains, pickCompiler } from '../../skills/kernel-optimizer/toolchains/toolchains.js';
import { capsFor, tempDir, tinyScale, writeProblem } from './helpers.js';

const BIG = 1 << 20; // 4 MiB of fp32: above the 2 MiB threshold
const problem = {
  ...tinyScale,
  'problem.json': { ...tinyScale['problem.json'], name: 'big-scale', shapes: [{ N: BIG }, { N: 1023 }, { N: 7 }], timingShape: 0 },
};

/** A correct candidate that appends "N x%2MiB y%2MiB AnonHugePagesKiB" for each call to LOG. */
const logging = (log: string) => `#include <stdio.h>
#include <stdint.h>
#include <string.h>
static long huge_kb(const void* p) {
  FILE* f = fopen("/proc/self/smaps", "r"); if (!f) return -1;
  char line[512]; int in = 0; long kb = -1; uintptr_t a = (uintptr_t)p;
  while (fgets(line, sizeof line, f)) {
    unsigned long lo, hi;
    if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' ')) { in = a >= lo && a < hi; continue; }
    if (in && sscanf(line, "AnonHugePages: %ld", &kb) == 1) break;
  }
  fclose(f); return kb;
}
void kernel(const float* x, float* y, long long N) {
  for (long long i = 0; i < N; i++) y[i] = 2.0f * x[i];
  FILE* f = fopen(${JSON.stringify(log)}, "a");
  if (f) { fprintf(f, "%lld %lu %lu %ld\\n", N, (unsigned long)((uintptr_t)x % (2u << 20)), (unsigned long)((uintptr_t)y % (2u << 20)), huge_kb(x)); fclose(f); }
}
`;

function thpMode(): string {
  try {
    return /\[(\w+)\]/.exec(fs.readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1] ?? 'unknown';
  } catch {
    return 'unavailable';
  }
}

let backend: CpuBackend;
let dir: string;

beforeAll(async () => {
  dir = writeProblem(tempDir(), problem);
  const caps = capsFor(dir);
  const tools = await detectToolchains(caps);
  backend = new CpuBackend(caps, await loadProblem(caps.fs, dir), path.join(dir, 'work'), tools, pickCompiler(tools));
  await backend.prepare();
}, 240_000); // toolchain detection imports torch once: slow on a busy machine

const rows = (log: string) =>
  fs
    .readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' ').map(Number));

describe('huge pages for big buffers', () => {
  it('the harness allocates big buffers 2 MiB-aligned and advises huge pages', () => {
    const src = fs.readFileSync(path.join(path.dirname(HARNESS_C), 'common.h'), 'utf8');
    expect(src).toMatch(/#include <sys\/mman.h>/);
    expect(src).toMatch(/madvise\(p, total, MADV_HUGEPAGE\)/);
    // the guard bytes are still written right after the data
    expect(src).toMatch(/memset\(p \+ bytes, 0xCD, GUARD\)/);
  });

  it('check and time hand the candidate 2 MiB-aligned big buffers, on huge pages where the kernel allows them', async () => {
    const log = path.join(dir, 'calls.log');
    const built = await backend.build(logging(log), {}, 'logging');
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(await backend.check(built.binary)).toMatchObject({ ok: true });
    const t = await backend.time(built.binary, 1, 2, 1);
    expect(t.ok).toBe(true);
    const calls = rows(log);
    const big = calls.filter(([n]) => n === BIG);
    const small = calls.filter(([n]) => n !== BIG);
    expect(big.length).toBeGreaterThanOrEqual(2 + 3); // check (and its repeat, if any) + warm-up, timed and the final checked call
    expect(small.length).toBeGreaterThan(0);
    for (const [, xOff, yOff] of big) expect([xOff, yOff]).toEqual([0, 0]);
    // small buffers keep the 64-byte alignment and are not forced onto huge pages
    for (const [, xOff = -1, yOff = -1] of small) expect([xOff % 64, yOff % 64]).toEqual([0, 0]);
    if (thpMode() === 'always' || thpMode() === 'madvise') {
      // the input mapping of every big call has huge pages behind it
      for (const [, , , kb] of big) expect(kb).toBeGreaterThan(0);
    }
  }, 120_000);

  it('still rejects a write past the end of a big (huge-page) buffer', async () => {
    // only the big shape overruns, by one element: right into the guard bytes
    const built = await backend.build(`void kernel(const float* x, float* y, long long N) { long long end = N == ${BIG} ? N + 1 : N; for (long long i = 0; i < end; i++) y[i] = 2.0f * x[i < N ? i : 0]; }\n`, {}, 'overrun');
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    const v = await backend.check(built.binary);
    expect(v).toMatchObject({ ok: false });
    expect(v.ok ? '' : v.reason).toMatch(/wrote past the end of y/);
    expect(JSON.stringify(v)).toContain(String(BIG));
  }, 120_000);
});
