// Cheating candidates are rejected by the generated harness, with the reason: writing an input,
// skipping work, returning a cached answer, writing out of bounds, nondeterminism, NaN, and a
// candidate that fails only in stage 3 or 5. Real gcc, real harness processes.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../../skills/kernel-optimizer/backends/index.js';
import { loadProblem } from '../../skills/kernel-optimizer/spec/index.js';
import { detectToolchains, pickCompiler } from '../../skills/kernel-optimizer/toolchains/toolchains.js';
import { capsFor, tempDir, tinyScale, writeProblem } from './helpers.js';

let backend: CpuBackend;

beforeAll(async () => {
  const root = tempDir();
  const dir = writeProblem(path.join(root, 'tiny'), tinyScale);
  const caps = capsFor(root);
  const tools = await detectToolchains(caps);
  backend = new CpuBackend(caps, await loadProblem(caps.fs, dir), path.join(root, 'work'), tools, pickCompiler(tools));
  await backend.prepare();
}, 240_000); // toolchain detection imports torch once: slow on a busy machine

async function verdict(source: string, tag: string) {
  const built = await backend.build(source, {}, tag);
  if (!built.ok) return { ok: false as const, stage: 'compile', reason: built.reason };
  return backend.check(built.binary);
}

const sig = 'void kernel(const float* x, float* y, long long N)';

describe('anti-cheat', () => {
  it('accepts an honest candidate', async () => {
    expect(await verdict(`${sig} { for (long long i = 0; i < N; i++) y[i] = x[i] * 2.0f; }`, 'honest')).toMatchObject({ ok: true });
  }, 120_000);

  it('rejects a candidate that writes its input', async () => {
    const v = await verdict(`${sig} { float* w = (float*)x; for (long long i = 0; i < N; i++) { y[i] = 2.0f * x[i]; w[i] = 0; } }`, 'writes-input');
    expect(v).toMatchObject({ ok: false, stage: 'smoke' });
    expect(v.ok ? '' : v.reason).toMatch(/modified its input x/);
  }, 120_000);

  it('rejects a candidate that skips work', async () => {
    const v = await verdict(`${sig} { for (long long i = 0; i < N / 2; i++) y[i] = 2.0f * x[i]; }`, 'skips');
    expect(v.ok ? '' : v.reason).toMatch(/unwritten .*poison.*skipped work/);
  }, 120_000);

  it('rejects a candidate that returns a cached answer', async () => {
    const v = await verdict(
      `static float cache[1 << 20]; static long long cached_n = -1;
       ${sig} { if (cached_n == N) { for (long long i = 0; i < N; i++) y[i] = cache[i]; return; }
                for (long long i = 0; i < N; i++) cache[i] = y[i] = 2.0f * x[i]; cached_n = N; }`,
      'cached',
    );
    expect(v).toMatchObject({ ok: false });
    expect(v.ok ? '' : v.reason).toMatch(/cached answer/);
  }, 120_000);

  it('rejects out-of-bounds writes, wrong answers on edge sizes, and nondeterminism', async () => {
    const oob = await verdict(`${sig} { for (long long i = 0; i <= N; i++) y[i] = 2.0f * x[i < N ? i : 0]; }`, 'oob');
    expect(oob.ok ? '' : oob.reason).toMatch(/wrote past the end of y/);
    const pow2 = await verdict(`${sig} { long long n = N & ~7LL; for (long long i = 0; i < n; i++) y[i] = 2.0f * x[i]; for (long long i = n; i < N; i++) y[i] = 0; }`, 'pow2');
    expect(pow2).toMatchObject({ ok: false });
    expect(pow2.ok ? '' : pow2.reason).toMatch(/reference gives/);
    const nondet = await verdict(`static int calls; ${sig} { calls++; for (long long i = 0; i < N; i++) y[i] = 2.0f * x[i] + (calls > 9 && i == 0 ? 1e-3f * (calls & 1) : 0.0f); }`, 'nondet');
    expect(nondet).toMatchObject({ ok: false });
  }, 120_000);

  it('rejects NaN/Inf where the reference is finite (stability stage)', async () => {
    const v = await verdict(`${sig} { for (long long i = 0; i < N; i++) y[i] = (x[i] > 1e10f || x[i] < -1e10f) ? 1.0f / 0.0f : 2.0f * x[i]; }`, 'inf');
    expect(v).toMatchObject({ ok: false, stage: 'stability' });
    expect(v.ok ? '' : v.reason).toMatch(/NaN\/Inf/);
  }, 120_000);

  it('reports a crash with the stage it happened in', async () => {
    const v = await verdict(`${sig} { if (N == 7) { volatile float* p = 0; *p = 1; } for (long long i = 0; i < N; i++) y[i] = 2.0f * x[i]; }`, 'crash');
    expect(v).toMatchObject({ ok: false });
    expect(v.ok ? '' : v.reason).toMatch(/crashed with SIGSEGV during stage/);
  }, 120_000);
});
