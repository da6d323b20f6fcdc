// The cuda backend where nvcc is installed but no GPU is (as on this project's build machines):
// every starter problem's CUDA template and the generated CUDA harness compile and link for sm_90,
// the run says it is compile-only, and a template with a compile error is reported as one.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOptimization } from '../../skills/kernel-optimizer/run.js';
import { detectToolchains } from '../../skills/kernel-optimizer/toolchains/toolchains.js';
import { capsFor, PROBLEMS as problems, storeIn, tempDir } from './helpers.js';

const tools = await detectToolchains(capsFor(tempDir('ko-cuda-')));
const compileOnlyHere = Boolean(tools.nvcc) && tools.gpus.length === 0;

describe.skipIf(!compileOnlyHere)('cuda backend without a GPU (nvcc only)', () => {
  for (const name of ['vector_add', 'sum', 'softmax', 'rmsnorm', 'matmul']) {
    it(`compiles ${name}'s CUDA template and harness, and says the run is compile-only`, async () => {
      const dir = tempDir('ko-cuda-');
      const record = await runOptimization({ caps: capsFor(dir), problemDir: path.join(problems, name), backend: 'cuda', budget: 2, runsDir: path.join(dir, 'runs'), store: storeIn(dir), knowledge: false, cache: false });
      expect(record.compileOnly).toMatch(/no GPU on this machine.*compiled for sm_\d+/);
      expect(record.evaluations.map((e) => e.status)).toEqual(['compiled', 'compiled']);
      expect(fs.readFileSync(path.join(dir, 'runs', record.id, 'report.md'), 'utf8')).toMatch(/Compile-only/);
    }, 180_000);
  }

  it('reports a CUDA compile error with its line', async () => {
    const dir = tempDir('ko-cuda-bad-');
    fs.cpSync(path.join(problems, 'vector_add'), path.join(dir, 'p'), { recursive: true });
    const cu = path.join(dir, 'p', 'kernel.cu');
    fs.writeFileSync(cu, fs.readFileSync(cu, 'utf8').replace(/\{/, '{ this_is_not_cuda; '));
    const record = await runOptimization({ caps: capsFor(dir), problemDir: path.join(dir, 'p'), backend: 'cuda', budget: 1, runsDir: path.join(dir, 'runs'), store: storeIn(dir), knowledge: false, cache: false });
    expect(record.evaluations[0]).toMatchObject({ status: 'rejected', stage: 'compile' });
    expect(record.evaluations[0]!.reason).toMatch(/does not compile: .*kernel\.cu.*this_is_not_cuda/);
  }, 180_000);
});
