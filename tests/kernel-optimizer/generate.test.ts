// The candidate generator without a model: C problems without kernel.c get templates from their
// reference's loops (judged by the real harness, gcc, tiny shapes, small budgets), the loop
// annotation rules, the kind classification of analysed models, and a configured language model
// asked from the first evaluation on with a prompt that describes the harness.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChatMessage, LlmCapability } from '../../kernel/contracts/index.js';
import { annotateLoops, classify, loadForRun, type Analysis } from '../../skills/kernel-optimizer/generate/index.js';
import { runOptimization } from '../../skills/kernel-optimizer/run.js';
import { capsFor, PROBLEMS, smallSum, storeIn, tempDir, writeProblem } from './helpers.js';

const peaksDir = tempDir('ko-peaks-');
const capsIn = (root: string) => capsFor(root, { write: [peaksDir] });

/** A starter problem's problem.json and reference.c, without kernel.c, its params or templates, at small shapes. */
function withoutKernel(name: string, shapes: Record<string, number>[]) {
  const json = JSON.parse(fs.readFileSync(path.join(PROBLEMS, name, 'problem.json'), 'utf8')) as Record<string, unknown>;
  for (const k of ['templates', 'params', 'restrictions', 'backends', 'timingShape', 'edgeShapes']) delete json[k];
  return { 'problem.json': { ...json, shapes }, 'reference.c': fs.readFileSync(path.join(PROBLEMS, name, 'reference.c'), 'utf8') };
}

const analysis = (ops: string[], inputs: number[][], output: number[]): Analysis => ({ ok: true, ops, inputs: inputs.map((shape) => ({ shape, dtype: 'float32' })), output: { shape: output, dtype: 'float32' }, rowwise: true, batchArgs: [0], params: 0 });

describe('the kind of a model, from the ops it ran', () => {
  it('tells matmul, softmax, norms, reductions and elementwise chains apart', () => {
    expect(classify(analysis(['numpy_T', 'permute', 'matmul', 'mm'], [[64, 32], [64, 16]], [32, 16]))).toBe('matmul');
    expect(classify(analysis(['bmm'], [[4, 8, 8], [4, 8, 8]], [4, 8, 8]))).toBe('matmul');
    expect(classify(analysis(['softmax', '_softmax'], [[8, 100]], [8, 100]))).toBe('softmax');
    expect(classify(analysis(['log_softmax', '_log_softmax'], [[8, 100]], [8, 100]))).toBe('log_softmax');
    expect(classify(analysis(['pow', 'mean', 'sum', 'div_', 'add', 'sqrt', 'div'], [[16, 64, 8, 8]], [16, 64, 8, 8]))).toBe('rmsnorm');
    expect(classify(analysis(['layer_norm', 'native_layer_norm'], [[16, 64]], [16, 64]))).toBe('layernorm');
    expect(classify(analysis(['mean', 'sub', 'pow', 'sqrt', 'div'], [[16, 64]], [16, 64]))).toBe('layernorm');
    expect(classify(analysis(['sum'], [[16, 256, 256]], [16, 1, 256]))).toBe('reduction');
    expect(classify(analysis(['amax'], [[16, 256]], [16]))).toBe('reduction');
    expect(classify(analysis(['mul', 'pow', 'add', 'tanh', 'mul'], [[16, 256]], [16, 256]))).toBe('elementwise');
    expect(classify(analysis(['relu'], [[16, 256]], [16, 256]))).toBe('elementwise');
  });
});

describe('C loops annotated from the reference', () => {
  it('parallelizes outer loops, adds reduction clauses for sums and leaves loops that keep a running max serial', () => {
    const softmax = annotateLoops(fs.readFileSync(path.join(PROBLEMS, 'softmax', 'reference.c'), 'utf8'), 'kernel')!;
    expect(softmax).toMatch(/KO_PARALLEL\(\)\s*for \(long long i/);
    expect(softmax).toMatch(/KO_INNER\(reduction\(\+:s\)\)\s*for \(long long j = 0; j < N; j\+\+\) s \+=/);
    // the max loop writes mx with "=": no pragma in front of it
    expect(softmax).toMatch(/;\s*for \(long long j = 0; j < N; j\+\+\) if \(r\[j\] > mx\)/);
    const sum = annotateLoops(fs.readFileSync(path.join(PROBLEMS, 'sum', 'reference.c'), 'utf8'), 'kernel')!;
    expect(sum).toMatch(/KO_PARALLEL_SIMD\(reduction\(\+:acc\)\)/);
    expect(annotateLoops('void kernel(float* y) { y[0] = 1; }', 'kernel')).toBeUndefined();
  });
});

describe('loading a problem without its template', () => {
  it('loads a C problem with no kernel.c, names a template file that is missing, and reports other errors', async () => {
    const root = tempDir();
    const caps = capsIn(root);
    const files = withoutKernel('sum', [{ N: 100 }]);
    const unnamed = writeProblem(path.join(root, 'unnamed'), files);
    const { problem, kindDeclared } = await loadForRun(caps.fs, unnamed);
    expect(problem.sources.templates.cpu).toBeUndefined();
    expect(problem.templates.cpu).toBeUndefined();
    expect(kindDeclared).toBe(true);
    // a template problem.json names but the folder lacks is the user's mistake: said, with the file
    const named = writeProblem(path.join(root, 'named'), { ...files, 'problem.json': { ...files['problem.json'], templates: { cpu: 'kernel.c' } } });
    await expect(loadForRun(caps.fs, named)).rejects.toThrow(/templates\.cpu: file "kernel\.c" does not exist/);
    const broken = writeProblem(path.join(root, 'broken'), { ...files, 'problem.json': { ...files['problem.json'], flops: 'Q' } });
    await expect(loadForRun(caps.fs, broken)).rejects.toThrow(/flops/);
    // no generator for cuda: the run says which template to write
    await expect(runOptimization({ caps, problemDir: unnamed, backend: 'cuda', budget: 1, runsDir: path.join(root, 'runs'), store: storeIn(root) })).rejects.toThrow(/no template for the cuda backend/);
  });
});

describe('runs without a candidate template', () => {
  it('a C problem with no kernel.c gets generated candidates that pass the harness, and the run ends done', async () => {
    const root = tempDir();
    const dir = writeProblem(path.join(root, 'softmax'), withoutKernel('softmax', [{ M: 64, N: 256 }, { M: 7, N: 33 }]));
    const r = await runOptimization({ caps: capsIn(root), problemDir: dir, backend: 'cpu', budget: 3, runsDir: path.join(root, 'runs'), store: storeIn(root), knowledge: false, seed: 1, peaksDir });
    expect(r.status).toBe('done');
    expect(r.sources.start).toBeUndefined();
    expect(Object.keys(r.sources).sort()).toEqual(['gen-c-omp', 'gen-c-reference']);
    expect(r.sourceNotes?.['gen-c-omp']).toMatch(/generated/);
    const generated = r.evaluations.filter((e) => e.sourceId.startsWith('gen-'));
    expect(generated.length).toBeGreaterThanOrEqual(2);
    expect(generated.some((e) => e.status === 'ok')).toBe(true);
    expect(r.evaluations.filter((e) => e.status === 'rejected')).toEqual([]);
    expect(r.best!.sourceId).toMatch(/^gen-/);
  }, 240_000);

  it('asks a configured model for a rewrite right after the first evaluation, describing the harness', async () => {
    const root = tempDir();
    const dir = writeProblem(path.join(root, 'sum'), { ...smallSum, 'problem.json': { ...smallSum['problem.json'], shapes: [{ N: 100000 }, { N: 4097 }, { N: 5 }] } });
    const seen: ChatMessage[][] = [];
    const llm: LlmCapability = {
      async chat(messages) {
        seen.push(messages);
        return `\`\`\`c\n${smallSum['reference.c']}\`\`\`\nNOTE: the reference itself`;
      },
    };
    const r = await runOptimization({ caps: capsIn(root), problemDir: dir, backend: 'cpu', budget: 3, runsDir: path.join(root, 'runs'), store: storeIn(root), llm, knowledge: false, seed: 1, peaksDir });
    expect(seen.length).toBeGreaterThanOrEqual(1);
    // evaluation 0 is the starting kernel, evaluation 1 already the model's rewrite
    expect(r.evaluations[0]!.sourceId).toBe('start');
    expect(r.evaluations[1]!.origin).toBe('llm');
    const prompt = seen[0]!.map((m) => m.content).join('\n');
    expect(prompt).toMatch(/freshly random/);
    expect(prompt).toMatch(/smoke[\s\S]*shape sweep[\s\S]*numerical stability[\s\S]*determinism[\s\S]*edge/);
    expect(prompt).toMatch(/Rejected:/);
  }, 240_000);
});

describe('generated sources and the knowledge base', () => {
  it('seeds the generated template a lesson of the same kind names, with its config, and tunes the generated params', async () => {
    const root = tempDir();
    const store = storeIn(root);
    const { recordLesson } = await import('../../skills/kernel-optimizer/search/knowledge.js');
    await recordLesson(store, { kind: 'softmax', backend: 'cpu', device: 'elsewhere', problem: 'other-softmax', config: { THREADS: 1, SIMD: 0, UNROLL: 2 }, speedup: 3, change: 'generated c-omp: THREADS 0→1', template: 'c-omp', runId: 'r0' });
    const dir = writeProblem(path.join(root, 'softmax'), withoutKernel('softmax', [{ M: 32, N: 128 }, { M: 5, N: 17 }]));
    const r = await runOptimization({ caps: capsIn(root), problemDir: dir, backend: 'cpu', budget: 5, runsDir: path.join(root, 'runs'), store, seed: 3, peaksDir });
    const seeded = r.evaluations.filter((e) => e.origin === 'knowledge');
    expect(seeded).toHaveLength(1);
    expect(seeded[0]).toMatchObject({ sourceId: 'gen-c-omp', config: { THREADS: 1, SIMD: 0, UNROLL: 2 } });
    expect(r.notes.join(' ')).toMatch(/seeded from the knowledge base/);
    // the rest of the budget tunes a generated source's params
    expect(r.evaluations.some((e) => e.origin === 'param' && e.sourceId.startsWith('gen-'))).toBe(true);
    expect(r.strategyState.pool?.['gen-c-omp']?.spaceOf).toBe('gen-c-omp');
  }, 240_000);
});
