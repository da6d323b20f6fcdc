// Cache flushes sized to the data and to the cache the run's cores share: none when the data is
// at least twice that cache, else the data's own cache lines (x86) or a buffer of twice the cache;
// the cache is found per core group (each L3 group once, plus every core's L2).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../skills/kernel-optimizer/backends/index.js';
import { loadProblem } from '../../skills/kernel-optimizer/spec/index.js';
import { detectToolchains, parseCpuList, type Toolchains } from '../../skills/kernel-optimizer/toolchains/toolchains.js';
import { capsFor, tempDir, tinyScale, writeProblem } from './helpers.js';

const tools = (cacheBytes: number): Toolchains => ({
  cpu: { model: 'test CPU', cores: 2, simd: [], llcBytes: 32 << 20, cacheBytes, cacheNote: 'L3 32 MiB x 1 group(s) + L2 1.0 MiB x 2 cores' },
  cc: [{ name: 'gcc', path: 'gcc', version: 'test', openmp: true }],
  gpus: [],
});

async function backendWith(n: number, cacheBytes: number) {
  const dir = writeProblem(tempDir('ko-flush-'), { ...tinyScale, 'problem.json': { ...tinyScale['problem.json'], shapes: [{ N: n }, { N: 7 }], timingShape: 0 } });
  const caps = capsFor(dir);
  const t = tools(cacheBytes);
  return new CpuBackend(caps, await loadProblem(caps.fs, dir), path.join(dir, 'work'), t, t.cc[0]!);
}

describe('cache flush policy', () => {
  it('flushes nothing when the data is at least twice the cache, and says why', async () => {
    const b = await backendWith(16 << 20, 34 << 20); // x and y: 128 MiB
    expect(b.flushPolicy()).toMatchObject({ arg: 0 });
    expect(b.environment().cache).toMatch(/^no flush: the data \(128\.0 MiB\) is at least twice the 34\.0 MiB of cache on the cores used \(L3 32 MiB x 1 group/);
  });

  it('flushes small data in proportion to the data, never a fixed multiple of a big cache', async () => {
    const b = await backendWith(1 << 10, 512 << 20); // 8 KiB of data on a machine with 512 MiB of cache
    const p = b.flushPolicy();
    if (process.arch === 'x64') expect(p).toMatchObject({ arg: -1, text: expect.stringMatching(/every cache line of the data \(0\.0 MiB\) flushed \(clflush\)/) });
    else expect(p.arg).toBe(1 << 30);
    expect(b.environment().inputs).toMatch(/regenerated before every timed call/);
  });

  it('reads the cache per core group from /sys', async () => {
    expect(parseCpuList('0-3,8,10-11\n')).toEqual([0, 1, 2, 3, 8, 10, 11]);
    expect(parseCpuList('')).toEqual([]);
    const t = await detectToolchains(capsFor(tempDir('ko-flush-')));
    expect(t.cpu.cacheBytes).toBeGreaterThanOrEqual(t.cpu.llcBytes);
    expect(t.cpu.cacheNote).toMatch(/MiB|KiB|unknown/);
  }, 240_000);
});
