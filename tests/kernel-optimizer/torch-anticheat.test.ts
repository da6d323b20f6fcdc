// The torch harness against cheating candidates (fixtures/torch-cheats): each class of cheat is
// rejected with its reason, and honest candidates (a ReLU, the RMSNorm starter, an fp32 matmul) pass.
// The problems have no problem.json, so the shape sweep is the one derived from model.py's sizes.
// One harness worker per problem, shared by the tests; real Python and PyTorch (skipped without torch, outside CI).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TorchBackend } from '../../skills/kernel-optimizer/backends/index.js';
import { HarnessWorker } from '../../skills/kernel-optimizer/backends/torch-worker.js';
import { HARNESS_TORCH } from '../../skills/kernel-optimizer/harness/sources.js';
import { loadProblem } from '../../skills/kernel-optimizer/spec/index.js';
import { detectToolchains, type Toolchains } from '../../skills/kernel-optimizer/toolchains/toolchains.js';
import { capsFor, PROBLEMS, tempDir, writeProblem } from './helpers.js';

const FIXTURES = path.resolve('tests/kernel-optimizer/fixtures/torch-cheats');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

const MATMUL = `import torch\nimport torch.nn as nn\n\n\nclass Model(nn.Module):\n    def forward(self, A, B):\n        return torch.matmul(A, B)\n\n\nM = 48\nK = 512\nN = 40\n\n\ndef get_inputs():\n    return [torch.randn(M, K), torch.randn(K, N)]\n\n\ndef get_init_inputs():\n    return []\n`;
const MATMUL_NEW = `import torch\nimport torch.nn as nn\n\n\nclass ModelNew(nn.Module):\n    def forward(self, A, B):\n        # blocked over K: a different fp32 summation order than the reference's\n        out = torch.zeros(A.shape[0], B.shape[1])\n        for k in range(0, A.shape[1], 96):\n            out += A[:, k:k + 96] @ B[k:k + 96]\n        return out\n`;

const tools: Toolchains = await detectToolchains(capsFor(tempDir('ko-torch-cheat-')));
const runHere = Boolean(tools.python?.torch) || Boolean(process.env.CI);
const backends: Record<string, TorchBackend> = {};
const dirs: Record<string, string> = {};

async function backendFor(name: string, files: Record<string, string>) {
  const dir = writeProblem(tempDir(`ko-torch-${name}-`), files);
  const caps = capsFor(dir);
  const b = new TorchBackend(caps, await loadProblem(caps.fs, dir), path.join(dir, 'work'), tools, { backend: 'torch' });
  backends[name] = b;
  dirs[name] = dir;
  await b.prepare();
  return b;
}

beforeAll(async () => {
  if (!runHere) return;
  await backendFor('relu', { 'model.py': fixture('model_relu.py'), 'kernel.py': fixture('honest_relu.py') });
  await backendFor('rmsnorm', { 'model.py': fixture('model_rmsnorm.py'), 'kernel.py': fs.readFileSync(path.join(PROBLEMS, 'torch_rmsnorm', 'kernel.py'), 'utf8') });
  await backendFor('matmul', { 'model.py': MATMUL, 'kernel.py': MATMUL_NEW });
}, 240_000);

afterAll(async () => {
  await Promise.all(Object.values(backends).map((b) => b.close()));
});

async function verdict(problem: string, source: string, tag: string) {
  const b = backends[problem]!;
  const built = await b.build(source, {}, tag);
  if (!built.ok) return { ok: false as const, stage: 'build', reason: built.reason };
  return b.check(built.binary);
}

const reason = (v: { ok: boolean; reason?: string }) => (v.ok ? '' : (v.reason ?? ''));

describe.skipIf(!runHere)('torch harness against cheating candidates', () => {
  it('accepts honest candidates: a ReLU, the RMSNorm starter, a matmul with its own fp32 rounding', async () => {
    expect(await verdict('relu', fixture('honest_relu.py'), 'honest')).toMatchObject({ ok: true });
    expect(await verdict('rmsnorm', fs.readFileSync(path.join(PROBLEMS, 'torch_rmsnorm', 'kernel.py'), 'utf8'), 'starter')).toMatchObject({ ok: true });
    expect(await verdict('matmul', MATMUL_NEW, 'blocked')).toMatchObject({ ok: true });
  }, 240_000);

  it('times an honest candidate with a few timed results verified by the judge', async () => {
    const built = await backends.relu!.build(fixture('honest_relu.py'), {}, 'honest-timed');
    if (!built.ok) throw new Error(built.reason);
    const t = await backends.relu!.time(built.binary, 1, 6, 1);
    expect(t).toMatchObject({ ok: true, verified: 3 });
    if (t.ok) expect(t.ns).toHaveLength(6);
    expect(await backends.relu!.time(built.binary, 0, 4, 1)).toMatchObject({ ok: true });
  }, 120_000);

  it('rejects a ReLU that returns its input when get_inputs gives only values >= 0 (random signs in the stability stage)', async () => {
    const v = await verdict('relu', fixture('identity_relu.py'), 'identity');
    expect(v).toMatchObject({ ok: false, stage: 'stability' });
    expect(reason(v)).toMatch(/expected 0 /);
  }, 120_000);

  it('rejects a kernel that only works for the file\'s own shape (a sweep derived from model.py\'s sizes)', async () => {
    const v = await verdict('relu', fixture('fixed_shape.py'), 'fixed');
    expect(v).toMatchObject({ ok: false });
    expect(['smoke', 'shape-sweep']).toContain(v.ok ? '' : v.stage);
  }, 120_000);

  it('rejects an output memoized on a fingerprint (data pointer, shape, four sampled values)', async () => {
    const v = await verdict('relu', fixture('fingerprint_memo.py'), 'fingerprint');
    expect(v).toMatchObject({ ok: false, stage: 'determinism' });
    expect(reason(v)).toMatch(/run in the same input buffers with a few values changed is wrong/);
  }, 120_000);

  it('rejects a wrong output whose candidate patched the torch functions a checker would use', async () => {
    const v = await verdict('relu', fixture('patch_tensor.py'), 'patch');
    expect(v).toMatchObject({ ok: false });
    expect(reason(v)).toMatch(/replaced torch\.(Tensor\.abs|Tensor\.__sub__|allclose)/);
  }, 120_000);

  it('rejects a lazily expanded (zero-stride) output', async () => {
    const v = await verdict('relu', fixture('zero_stride.py'), 'expanded');
    expect(v).toMatchObject({ ok: false, stage: 'smoke' });
    expect(reason(v)).toMatch(/does not hold its values/);
  }, 120_000);

  it('kills a candidate that hangs (the worker\'s child, after the request\'s time) and answers the next request', async () => {
    const work = path.join(dirs.relu!, 'work');
    const cand = (name: string, body: string) => writeProblem(path.join(work, 'cand', name), { 'kernel.py': `import torch\nimport torch.nn as nn\n\n\nclass ModelNew(nn.Module):\n    def forward(self, x):\n        ${body}\n`, 'params.json': {} });
    const w = new HarnessWorker(capsFor(dirs.relu!).exec, tools.python!.path, [HARNESS_TORCH, path.join(work, 'plan.json')], { cwd: work, env: { OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' } });
    try {
      const hung = await w.request('check', [cand('hang', 'while True:\n            pass')], 3000);
      expect(hung.result).toMatchObject({ ok: false });
      expect(String(hung.result?.reason)).toMatch(/timed out after 3 s/);
      expect((await w.request('build', [cand('fine', 'return torch.relu(x)')], 60_000)).result).toMatchObject({ ok: true });
    } finally {
      await w.close();
    }
  }, 120_000);

  it('rejects a candidate that counts its calls and works only on some timed ones (calls verified are picked after they return)', async () => {
    const built = await backends.relu!.build(fixture('counts_calls.py'), {}, 'counts');
    if (!built.ok) throw new Error(built.reason);
    const t = await backends.relu!.time(built.binary, 1, 10, 1);
    expect(t).toMatchObject({ ok: false });
    expect(t.ok ? '' : t.reason).toMatch(/timed call \d+ of 10 returned a wrong result/);
  }, 120_000);
});
