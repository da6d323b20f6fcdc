// The torch backend on KernelBench-style problems (model.py with Model, get_inputs,
// get_init_inputs): an honest candidate passes and is timed, cheating candidates are rejected with
// the reason, spec errors name the field, and a whole run writes a report and best.py. Real Python
// and real PyTorch (Debian's python3-torch, installed by npm test); CI must have it.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { ChatMessage, LlmCapability } from '../../kernel/contracts/index.js';
import { TorchBackend } from '../../skills/kernel-optimizer/backends/index.js';
import skill from '../../skills/kernel-optimizer/index.js';
import { runOptimization } from '../../skills/kernel-optimizer/run.js';
import { loadProblem, SpecError } from '../../skills/kernel-optimizer/spec/index.js';
import { detectToolchains, type Toolchains } from '../../skills/kernel-optimizer/toolchains/toolchains.js';
import { capsFor, contextFor, storeIn, tempDir, writeProblem } from './helpers.js';

const MODEL = `import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.bias = nn.Parameter(torch.randn(dim))

    def forward(self, x):
        return torch.relu(x * 2.0 + self.bias)


rows = 64
dim = 256


def get_inputs():
    return [torch.randn(rows, dim)]


def get_init_inputs():
    return [dim]
`;

const honest = (body = 'return torch.relu(x * 2.0 + self.bias)', head = '') => `import torch
import torch.nn as nn
${head}

class ModelNew(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.bias = nn.Parameter(torch.zeros(dim))

    def forward(self, x):
        ${body}
`;

const TEMPLATE = `import torch
import torch.nn as nn

FUSED = globals().get("FUSED", 0)


class ModelNew(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.bias = nn.Parameter(torch.zeros(dim))

    def forward(self, x):
        if FUSED:
            return torch.add(x, self.bias, alpha=0.5).mul_(2.0).clamp_(min=0)
        return torch.relu(x * 2.0 + self.bias)
`;

const tinyTorch = {
  'model.py': MODEL,
  'kernel.py': TEMPLATE,
  'problem.json': {
    name: 'tiny-torch',
    kind: 'elementwise',
    shapes: [{ rows: 64, dim: 256 }, { rows: 7, dim: 33 }],
    params: { FUSED: { values: [0, 1] } },
    flops: '3*rows*dim',
    bytes: '8*rows*dim',
  },
};

const tools: Toolchains = await detectToolchains(capsFor(tempDir('ko-torch-')));
// CI must have torch (npm test installs python3-torch): there a missing torch fails these tests instead of skipping them
const runHere = Boolean(tools.python?.torch) || Boolean(process.env.CI);
let backend: TorchBackend | undefined;

beforeAll(async () => {
  if (!runHere) return;
  const dir = writeProblem(tempDir('ko-torch-'), tinyTorch);
  const caps = capsFor(dir);
  backend = new TorchBackend(caps, await loadProblem(caps.fs, dir), path.join(dir, 'work'), tools, { backend: 'torch' });
  await backend.prepare();
}, 120_000);

afterAll(async () => {
  await backend?.close();
});

async function verdict(source: string, tag: string) {
  const built = await backend!.build(source, {}, tag);
  if (!built.ok) return { ok: false as const, stage: 'build', reason: built.reason };
  return backend!.check(built.binary);
}

const reason = (v: { ok: boolean; reason?: string }) => (v.ok ? '' : (v.reason ?? ''));

describe('torch backend', () => {
  it.skipIf(!process.env.CI)('has Python with torch in CI (npm test installs python3-torch)', () => {
    expect(tools.python?.torch, tools.python?.problem).toBeTruthy();
  });

  describe.skipIf(!runHere)('with torch', () => {
    it('accepts and times an honest candidate, and times the eager reference', async () => {
      const built = await backend!.build(honest(), {}, 'honest');
      expect(built).toMatchObject({ ok: true });
      if (!built.ok) return;
      expect(await backend!.check(built.binary)).toMatchObject({ ok: true });
      const cand = await backend!.time(built.binary, 1, 5, 1);
      const ref = await backend!.time(built.binary, 0, 5, 1);
      expect(cand).toMatchObject({ ok: true });
      expect(ref).toMatchObject({ ok: true });
      if (cand.ok) expect(cand.ns).toHaveLength(5);
    }, 60_000);

    it('rejects a candidate that writes its input', async () => {
      const v = await verdict(honest('return torch.relu(x.mul_(2.0).add_(self.bias)).clone()'), 'writes-input');
      expect(v).toMatchObject({ ok: false, stage: 'smoke' });
      expect(reason(v)).toMatch(/wrote its input 0/);
    }, 30_000);

    it('rejects a candidate that skips work', async () => {
      const v = await verdict(honest('return torch.zeros_like(x)'), 'skips');
      expect(reason(v)).toMatch(/expected .*atol/);
    }, 30_000);

    it('rejects a candidate that returns a cached answer', async () => {
      const v = await verdict(honest('global CACHE\n        if CACHE is None or CACHE.shape != x.shape:\n            CACHE = torch.relu(x * 2.0 + self.bias)\n        return CACHE.clone()', 'CACHE = None'), 'cached');
      expect(reason(v)).toMatch(/cached answer/);
    }, 30_000);

    it('rejects a candidate that returns its input', async () => {
      const v = await verdict(honest('return x'), 'alias');
      expect(reason(v)).toMatch(/returns \(a view of\) an input/);
    }, 30_000);

    it('rejects a candidate that patches the harness clock', async () => {
      const v = await verdict(honest(undefined, 'import time\ntime.perf_counter_ns = lambda: 0'), 'patch');
      expect(reason(v)).toMatch(/replaced time\.perf_counter_ns/);
    }, 30_000);

    it('rejects a candidate that patches the reference model', async () => {
      const v = await verdict(honest('return torch.zeros_like(x)', 'import gc\nfor o in gc.get_objects():\n    if isinstance(o, type) and o.__name__ == "Model" and o.__module__ == "ko_reference":\n        o.forward = lambda self, x: torch.zeros_like(x)'), 'patch-ref');
      expect(reason(v)).toMatch(/replaced Model\.forward/);
    }, 30_000);

    it('rejects a candidate that patches the harness itself (its modules are importable)', async () => {
      const v = await verdict(honest('return torch.zeros_like(x)', 'import ko_tensors\nko_tensors.compare = lambda *a, **k: (None, 0.0)'), 'patch-harness');
      expect(reason(v)).toMatch(/replaced ko_tensors\.compare/);
    }, 30_000);

    it('rejects a nondeterministic candidate', async () => {
      const v = await verdict(honest('return torch.relu(x * 2.0 + self.bias) + torch.rand(()) * 1e-12'), 'nondet');
      expect(v).toMatchObject({ ok: false, stage: 'determinism' });
    }, 30_000);

    it('rejects a wrong dtype, and a file that does not compile, with the line', async () => {
      expect(reason(await verdict(honest('return torch.relu(x * 2.0 + self.bias).double()'), 'dtype'))).toMatch(/dtype torch\.float64, the reference torch\.float32/);
      const bad = await verdict(honest('return (('), 'syntax');
      expect(bad).toMatchObject({ ok: false, stage: 'build' });
      expect(reason(bad)).toMatch(/does not compile: kernel\.py line \d+/);
    }, 30_000);

    it('catches results reused between calls (memoized by buffer address): a run in the same buffers with a few values changed is wrong', async () => {
      const v = await verdict(honest('key = x.data_ptr()\n        if key not in MEMO:\n            MEMO[key] = torch.relu(x * 2.0 + self.bias)\n        return MEMO[key].clone()', 'MEMO = {}'), 'memo');
      // caught where the address first repeats: a later case reusing a freed buffer (a wrong output there, or the
      // same output as for other inputs), or the runs in the same buffers — which comes first depends on the allocator
      expect(v).toMatchObject({ ok: false });
      expect(reason(v)).toMatch(/run in the same input buffers with a few values changed is wrong|a cached answer|expected -?[\d.e+]+ \(\|diff\|/);
    }, 30_000);

    it('holds a long fp32 reduction to twice the reference\'s own error: the same matmul passes, a bf16 one does not', async () => {
      const model = `import torch\nimport torch.nn as nn\n\n\nclass Model(nn.Module):\n    def forward(self, A, B):\n        return torch.matmul(A, B)\n\n\nM = 64\nK = 512\nN = 32\n\n\ndef get_inputs():\n    return [torch.randn(M, K), torch.randn(K, N)]\n\n\ndef get_init_inputs():\n    return []\n`;
      const cand = (expr: string) => `import torch\nimport torch.nn as nn\n\n\nclass ModelNew(nn.Module):\n    def forward(self, A, B):\n        return ${expr}\n`;
      const dir = writeProblem(tempDir('ko-torch-mm-'), { 'model.py': model, 'kernel.py': cand('A @ B') });
      const caps = capsFor(dir);
      const mm = new TorchBackend(caps, await loadProblem(caps.fs, dir), path.join(dir, 'work'), tools, { backend: 'torch' });
      await mm.prepare();
      onTestFinished(() => mm.close());
      const judge = async (expr: string, tag: string) => {
        const built = await mm.build(cand(expr), {}, tag);
        return built.ok ? mm.check(built.binary) : { ok: false as const, stage: 'build', reason: built.reason };
      };
      expect(await judge('A @ B', 'same')).toMatchObject({ ok: true });
      const bf16 = await judge('(A.bfloat16() @ B.bfloat16()).float()', 'bf16');
      expect(bf16).toMatchObject({ ok: false, stage: 'smoke' });
      expect(reason(bf16)).toMatch(/twice the reference's own error/);
    }, 60_000);

    it('names the field of a bad spec: an unknown shape variable, a bad param', async () => {
      const dir = writeProblem(tempDir('ko-torch-bad-'), { ...tinyTorch, 'problem.json': { shapes: [{ rows: 4, width: 8 }] } });
      const caps = capsFor(dir);
      const b = new TorchBackend(caps, await loadProblem(caps.fs, dir), path.join(dir, 'work'), tools, { backend: 'torch' });
      const err = await b.prepare().catch((e: unknown) => e);
      await b.close();
      expect(err).toBeInstanceOf(SpecError);
      expect((err as SpecError).issues.join('\n')).toMatch(/shapes: model.py has no module-level integer 'width'/);
      // through a run: the error reaches the caller and no half-made run folder is left
      const runs = path.join(dir, 'runs');
      await expect(runOptimization({ caps, problemDir: dir, backend: 'torch', budget: 1, runsDir: runs, store: storeIn(dir), knowledge: false })).rejects.toThrow(SpecError);
      expect(fs.existsSync(runs) ? fs.readdirSync(runs) : []).toEqual([]);
      const dir2 = writeProblem(tempDir('ko-torch-bad-'), { ...tinyTorch, 'problem.json': { params: { FUSED: { values: 'no' } } } });
      const err2 = await loadProblem(capsFor(dir2).fs, dir2).catch((e: unknown) => e);
      expect(err2).toBeInstanceOf(SpecError);
      expect((err2 as SpecError).issues.join('\n')).toMatch(/params\.FUSED/);
    }, 60_000);

    it('runs a model.py folder without problem.json (the file\'s own shape) end to end', async () => {
      const dir = writeProblem(tempDir('ko-torch-run-'), { 'model.py': MODEL, 'kernel.py': TEMPLATE });
      const caps = capsFor(dir);
      const p = await loadProblem(caps.fs, dir);
      expect(p).toMatchObject({ language: 'python', shapes: [{}], name: path.basename(dir) });
      const record = await runOptimization({ caps, problemDir: dir, backend: 'torch', budget: 1, runsDir: path.join(dir, 'runs'), store: storeIn(dir), knowledge: false });
      expect(record.status).toBe('done');
      expect(record.best).toBeDefined();
    }, 120_000);

    it('the kernel-opt command picks the torch backend for a model.py folder', async () => {
      const dir = writeProblem(tempDir('ko-torch-cli-'), tinyTorch);
      const data = tempDir();
      const { ctx } = contextFor(data, { read: [dir] });
      const res = await skill['kernelopt.command']!({ argv: ['run', dir, '--budget', '1', '--json'] }, ctx);
      expect(res.data).toEqual({ exitCode: 0 });
      expect(JSON.parse(res.text)).toMatchObject({ status: 'done', evaluations: 1 });
      const runs = fs.readdirSync(path.join(data, 'runs'));
      expect(JSON.parse(fs.readFileSync(path.join(data, 'runs', runs[0]!, 'run.json'), 'utf8'))).toMatchObject({ backend: 'torch' });
    }, 120_000);

    it('the portal runs a model.py folder on torch even when the backend setting says cpu', async () => {
      const dir = writeProblem(tempDir('ko-torch-portal-'), tinyTorch);
      const { ctx } = contextFor(tempDir(), { read: [dir], settings: { backend: 'cpu', budget: 1, strategy: 'exhaustive' }, text: `optimize the kernel in ${dir}` });
      const res = await skill['kernelopt.optimize']!({ dir }, ctx);
      expect(res.text).toMatch(/tiny-torch on torch: done/);
      expect(res.card?.type).toBe('plot');
    }, 120_000);

    it('judges model rewrites of a PyTorch candidate, feeding the model.py source and failures back', async () => {
      const dir = writeProblem(tempDir('ko-torch-llm-'), { ...tinyTorch, 'problem.json': { ...tinyTorch['problem.json'], params: {} } });
      const seen: ChatMessage[][] = [];
      const answers = [
        `Work in place.\n\`\`\`python\n${honest('return x.mul_(2.0).add_(self.bias).relu_()')}\`\`\`\nNOTE: in place`,
        `Fuse.\n\`\`\`python\n${honest('return torch.add(self.bias, x, alpha=2.0).relu_()')}\`\`\`\nNOTE: one add`,
      ];
      const llm: LlmCapability = {
        async chat(messages) {
          seen.push(messages);
          return answers[Math.min(seen.length - 1, answers.length - 1)]!;
        },
      };
      const r = await runOptimization({ caps: capsFor(dir), problemDir: dir, backend: 'torch', budget: 3, runsDir: path.join(dir, 'runs'), store: storeIn(dir), llm, llmEvery: 0, knowledge: false });
      const llmEvals = r.evaluations.filter((e) => e.origin === 'llm');
      expect(llmEvals).toHaveLength(2);
      expect(llmEvals[0]).toMatchObject({ status: 'rejected', stage: 'smoke' });
      expect(llmEvals[0]!.reason).toMatch(/wrote its input/);
      expect(['ok', 'slower']).toContain(llmEvals[1]!.status);
      const prompt = seen[0]!.map((m) => m.content).join('\n');
      expect(prompt).toMatch(/class ModelNew\(torch\.nn\.Module\)/);
      expect(prompt).toMatch(/def get_init_inputs/);
      expect(prompt).toMatch(/Python\/PyTorch/);
      expect(seen[1]!.map((m) => m.content).join('\n')).toMatch(/Recent rejections:[\s\S]*wrote its input/);
    }, 180_000);

    it('runs a tuning search and writes the report and best.py', async () => {
      const dir = writeProblem(tempDir('ko-torch-run-'), tinyTorch);
      const record = await runOptimization({ caps: capsFor(dir), problemDir: dir, backend: 'torch', budget: 2, strategy: 'exhaustive', runsDir: path.join(dir, 'runs'), store: storeIn(dir), knowledge: false, generate: false });
      expect(record.evaluations.map((e) => e.status)).toEqual(expect.arrayContaining(['ok']));
      expect(record.evaluations).toHaveLength(2);
      const runDir = path.join(dir, 'runs', record.id);
      expect(fs.readFileSync(path.join(runDir, 'best.py'), 'utf8')).toMatch(/^# best kernel of run .*\nFUSED = [01]\n/);
      expect(fs.readFileSync(path.join(runDir, 'report.md'), 'utf8')).toMatch(/reference Model in eager PyTorch/);
    }, 180_000);
  });
});
