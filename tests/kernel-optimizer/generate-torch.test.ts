// Model.py-only folders (no kernel.py, no problem.json) on the torch backend: the generator
// analyses the model, detects its kind, instantiates templates, and the harness judges them; the
// run ends done with a best. Tiny shapes and budgets; nothing here depends on speed.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeModel, classify } from '../../skills/kernel-optimizer/generate/index.js';
import { runOptimization } from '../../skills/kernel-optimizer/run.js';
import { loadForRun } from '../../skills/kernel-optimizer/generate/index.js';
import { detectToolchains } from '../../skills/kernel-optimizer/toolchains/toolchains.js';
import { capsFor, storeIn, tempDir, writeProblem } from './helpers.js';

const peaksDir = tempDir('ko-peaks-');

const model = (forward: string, init: string, sizes: Record<string, number>, inputs: string, initInputs = '[]') =>
  [
    'import torch',
    '',
    'class Model(torch.nn.Module):',
    `    def __init__(self${init ? `, ${init}` : ''}):`,
    '        super().__init__()',
    ...(init ? init.split(',').map((a) => `        self.${a.trim()} = ${a.trim()}`) : []),
    '',
    '    def forward(self, *args):',
    `        ${forward}`,
    '',
    ...Object.entries(sizes).map(([k, v]) => `${k} = ${v}`),
    '',
    'def get_inputs():',
    `    return ${inputs}`,
    '',
    'def get_init_inputs():',
    `    return ${initInputs}`,
    '',
  ].join('\n');

const MODELS = {
  softmax: model('return torch.softmax(args[0], dim=1)', '', { batch_size: 16, dim: 96 }, '[torch.randn(batch_size, dim)]'),
  reduction: model('return torch.sum(args[0], dim=self.dim, keepdim=True)', 'dim', { batch_size: 8, dim1: 24, dim2: 40 }, '[torch.randn(batch_size, dim1, dim2)]', '[1]'),
  matmul: model('return torch.matmul(args[0].T, args[1])', '', { M: 24, K: 40, N: 16 }, '[torch.randn(K, M), torch.randn(K, N)]'),
  rmsnorm: model('x = args[0]\n        return x / torch.sqrt(torch.mean(x ** 2, dim=1, keepdim=True) + 1e-5)', '', { batch_size: 8, features: 16, dim: 32 }, '[torch.randn(batch_size, features, dim)]'),
};

describe('kind detection on model.py files', () => {
  it('analyses the model with the skill\'s Python and tells the kinds apart', async () => {
    const root = tempDir();
    const caps = capsFor(root);
    const tools = await detectToolchains(caps, {});
    expect(tools.python?.torch).toBeTruthy();
    for (const [kind, src] of Object.entries(MODELS)) {
      const dir = writeProblem(path.join(root, kind), { 'model.py': src });
      const { problem } = await loadForRun(caps.fs, dir);
      expect(problem.sources.templates.torch).toBeUndefined();
      const a = await analyzeModel(caps, problem, tools.python!.path, 1);
      if ('error' in a) throw new Error(a.error);
      expect(classify(a)).toBe(kind);
      expect(a.rowwise).toBe(kind !== 'matmul');
    }
  }, 240_000);
});

describe('model.py-only folders', () => {
  for (const kind of ['softmax', 'reduction', 'matmul'] as const) {
    it(`${kind}: generated candidates pass the harness and the run ends done with a best`, async () => {
      const root = tempDir();
      const dir = writeProblem(path.join(root, kind), { 'model.py': MODELS[kind] });
      const r = await runOptimization({ caps: capsFor(root, { write: [peaksDir] }), problemDir: dir, backend: 'torch', budget: 3, runsDir: path.join(root, 'runs'), store: storeIn(root), knowledge: false, seed: 1, peaksDir });
      expect(r.status).toBe('done');
      expect(r.kind).toBe(kind);
      expect(r.sources.start).toBeUndefined();
      expect(Object.keys(r.sources)).toContain('gen-torch-eager');
      expect(r.evaluations.length).toBe(3);
      expect(r.evaluations.every((e) => e.sourceId.startsWith('gen-torch-'))).toBe(true);
      expect(r.evaluations.filter((e) => e.status === 'rejected')).toEqual([]);
      expect(r.best?.sourceId).toMatch(/^gen-torch-/);
    }, 300_000);
  }
});
