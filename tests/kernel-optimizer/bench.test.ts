// `agentos kernel-opt bench`: a set of problems run one after another into bench.json and bench.md
// with KernelBench's fields (compiled, correctness, runtime, ref_runtime, speedup) and fast_p;
// a wrong candidate gets its row and does not stop the set; --json prints one object, errors
// included; KernelBench level folders of single-file problems are found and load. Real gcc, real
// Python with torch, tiny problems, budget 1.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommandResultDataSchema } from '../../kernel/contracts/index.js';
import skill from '../../skills/kernel-optimizer/index.js';
import { fastP, type BenchReport, type BenchRow } from '../../skills/kernel-optimizer/report/bench.js';
import { discoverProblems } from '../../skills/kernel-optimizer/report/bench-run.js';
import { defaultBackend, loadProblem } from '../../skills/kernel-optimizer/spec/index.js';
import { singleFileProblem } from '../../skills/kernel-optimizer/spec/load.js';
import { capsFor, contextFor, PROBLEMS, tempDir, tinyScale, writeProblem } from './helpers.js';

const model = (rows: number, dim: number) => `import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        return torch.tanh(x) * 0.5 + x


rows = ${rows}
dim = ${dim}


def get_inputs():
    return [torch.randn(rows, dim)]


def get_init_inputs():
    return []
`;
const candidate = (body: string) => `import torch
import torch.nn as nn


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        return ${body}
`;

const data = tempDir('ko-bench-data-');
const problems = tempDir('ko-bench-problems-');
const command = (argv: string[]) => {
  const { ctx, progress } = contextFor(data, { read: [problems] });
  return skill['kernelopt.command']!({ argv }, ctx).then((r) => ({ ...r, data: CommandResultDataSchema.parse(r.data) as { exitCode: number; stderr?: string }, progress }));
};
const FIELDS = ['compiled', 'correctness', 'runtime', 'ref_runtime', 'speedup'];

describe('kernel-opt bench', () => {
  it('runs a passing and a wrong torch candidate, writing both rows with the KernelBench fields and fast_p', async () => {
    const set = path.join(problems, 'set');
    writeProblem(path.join(set, 'a_good'), { 'model.py': model(32, 128), 'kernel.py': candidate('torch.tanh(x).mul(0.5).add(x)') });
    writeProblem(path.join(set, 'b_wrong'), { 'model.py': model(32, 128), 'kernel.py': candidate('torch.tanh(x) * 0.5') });
    const out = path.join(data, 'my-bench');
    // --no-generate: each folder's own kernel.py is its only candidate
    const r = await command(['bench', set, '--out', out, '--budget', '1', '--no-cache', '--no-generate', '--json']);
    expect(r.data.exitCode).toBe(0);
    const j = JSON.parse(r.text) as BenchReport & { ok: boolean; json: string; markdown: string };
    expect(j).toMatchObject({ ok: true, complete: true, count: 2, json: path.join(out, 'bench.json'), markdown: path.join(out, 'bench.md') });
    const file = JSON.parse(fs.readFileSync(j.json, 'utf8')) as BenchReport;
    expect(file.problems).toEqual(j.problems);
    const [good, wrong] = j.problems as [BenchRow, BenchRow];
    for (const row of [good, wrong]) for (const f of FIELDS) expect(row).toHaveProperty(f);
    expect(good).toMatchObject({ problem: 'a_good', backend: 'torch', compiled: true, correctness: true, evaluations: 1, reason: null });
    expect(good.runtime).toBeGreaterThan(0);
    expect(good.ref_runtime).toBeGreaterThan(0);
    expect(good.speedup).toBeCloseTo(good.ref_runtime / good.runtime, 3);
    expect(['faster', 'slower', 'within noise']).toContain(good.noise);
    expect(j.faster_beyond_noise).toBe(good.noise === 'faster' ? 1 : 0);
    expect(wrong).toMatchObject({ problem: 'b_wrong', compiled: true, correctness: false, runtime: -1, speedup: -1, noise: null });
    expect(wrong.reason).toMatch(/\w+: /);
    // fast_p over the set: the wrong one never counts, the good one counts when faster than p
    expect(j.fast_p).toEqual({ '1.0': good.speedup > 1 ? 0.5 : 0, '1.5': good.speedup > 1.5 ? 0.5 : 0, '2.0': good.speedup > 2 ? 0.5 : 0 });
    const md = fs.readFileSync(j.markdown, 'utf8');
    expect(md).toMatch(/\| problem \| backend \| compiled \| correctness \| runtime \(ms\) \| ref_runtime \(ms\) \| speedup \|/);
    expect(md).toMatch(/\| a_good \| torch \| yes \| yes \|/);
    expect(md).toMatch(/\| b_wrong \| torch \| yes \| no \|/);
    expect(md).toMatch(/fast_1\.0 = (0\.00|0\.50) · fast_1\.5 = (0\.00|0\.50) · fast_2\.0 = (0\.00|0\.50)/);
    // --json: the bar moves to the end, with no progress lines beside the JSON
    expect(r.progress.every((p) => p.message === undefined)).toBe(true);
    expect(r.progress.at(-1)!.fraction).toBe(1);
  }, 240_000);

  it('reports progress per problem and per evaluation, writes into the data folder by default, and a problem that cannot run gets its row', async () => {
    const scale = writeProblem(path.join(problems, 'scale'), tinyScale);
    const broken = writeProblem(path.join(problems, 'broken'), { ...tinyScale, 'problem.json': { ...tinyScale['problem.json'], flops: 'N*' } });
    const before = fs.existsSync(path.join(data, 'bench')) ? fs.readdirSync(path.join(data, 'bench')) : [];
    const r = await command(['bench', broken, scale, '--budget', '1']);
    expect(r.data.exitCode).toBe(0);
    const made = fs.readdirSync(path.join(data, 'bench')).filter((d) => !before.includes(d));
    expect(made).toHaveLength(1);
    const report = JSON.parse(fs.readFileSync(path.join(data, 'bench', made[0]!, 'bench.json'), 'utf8')) as BenchReport;
    expect(report.problems.map((p) => [p.problem, p.status, p.correctness])).toEqual([
      ['broken', 'error', false],
      ['tiny-scale', 'done', true],
    ]);
    expect(report.problems[0]!.reason).toMatch(/flops: .*ends too early/);
    expect(r.text).toContain('| tiny-scale | cpu | yes | yes |');
    expect(r.text).toContain(`bench.json: ${path.join(data, 'bench', made[0]!, 'bench.json')}`);
    const messages = r.progress.map((p) => p.message ?? '');
    expect(messages).toContain('[1/2] broken: starting');
    expect(messages.some((m) => /^\[2\/2\] scale \[1\/1\] #0 ok /.test(m))).toBe(true);
    expect(messages.some((m) => /^\[2\/2\] scale: correct, [\d.]+x$/.test(m))).toBe(true);
    const fractions = r.progress.map((p) => p.fraction);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
  }, 120_000);

  it('--json prints one JSON object on usage and bench errors, with exit codes 2 and 1', async () => {
    const usage = await command(['bench', '--json']);
    expect(usage.data.exitCode).toBe(2);
    expect(JSON.parse(usage.text)).toMatchObject({ ok: false, error: expect.stringMatching(/"bench" needs one or more problem folders/), usage: expect.stringMatching(/^agentos kernel-opt bench DIR…/) });
    const flag = await command(['bench', problems, '--frobnicate', '--json']);
    expect(flag.data.exitCode).toBe(2);
    expect(JSON.parse(flag.text)).toMatchObject({ ok: false, error: expect.stringMatching(/Unknown option '--frobnicate'/) });
    const missing = await command(['bench', path.join(problems, 'nope'), '--json']);
    expect(missing.data.exitCode).toBe(1);
    expect(JSON.parse(missing.text)).toMatchObject({ ok: false, error: expect.stringMatching(/nope: there is no such file or folder/) });
    const scale = writeProblem(path.join(problems, 'scale-out'), tinyScale);
    const elsewhere = await command(['bench', scale, '--out', path.join(tempDir(), 'out'), '--json']);
    expect(elsewhere.data.exitCode).toBe(1);
    expect(JSON.parse(elsewhere.text)).toMatchObject({ ok: false, error: expect.stringMatching(/cannot write its results to .*Omit --out to write them into the skill's data folder/) });
    const runMissing = await command(['run', path.join(problems, 'nope'), '--json']);
    expect(JSON.parse(runMissing.text)).toMatchObject({ ok: false, error: expect.stringMatching(/there is no folder/) });
    const help = await command(['bench', '--help']);
    expect(help).toMatchObject({ data: { exitCode: 0 }, text: expect.stringMatching(/^agentos kernel-opt bench DIR… \[--out DIR\]/) });
  });
});

describe('KernelBench single-file problems', () => {
  const level = tempDir('ko-level-');
  fs.writeFileSync(path.join(level, '10_Tanh_Plus.py'), model(8, 16));
  fs.writeFileSync(path.join(level, '2_Tanh_Plus.py'), model(4, 8).replace('class Model(', 'class ModelNew(nn.Module):\n    pass\n\n\nclass Model('));
  fs.writeFileSync(path.join(level, '2_Tanh_Plus.json'), JSON.stringify({ shapes: [{ rows: 4, dim: 8 }, { rows: 3, dim: 5 }], tolerance: { float32: { atol: 1e-6, rtol: 1e-5 } } }));
  fs.writeFileSync(path.join(level, 'helpers.py'), 'def f():\n    return 1\n');
  fs.writeFileSync(path.join(level, 'kernel.py'), candidate('x'));
  const caps = capsFor(tempDir(), { read: [level] });

  it('loads one: the model is the file, the name and kind come from its name, no candidate is taken from the folder', async () => {
    const file = path.join(level, '10_Tanh_Plus.py');
    const p = await loadProblem(caps.fs, file);
    expect(p).toMatchObject({ name: '10_Tanh_Plus', kind: 'tanh_plus', language: 'python', dir: level, reference: '10_Tanh_Plus.py', templates: {} });
    expect(p.sources.reference).toBe(model(8, 16));
    expect(p.sources.templates).toEqual({});
    expect(await defaultBackend(caps.fs, file)).toBe('torch');
    // a run records the folder and the name: resuming finds the file again
    expect(await singleFileProblem(caps.fs, p.dir, p.name)).toBe(file);
    expect(await singleFileProblem(caps.fs, path.join(PROBLEMS, 'rmsnorm'), 'rmsnorm')).toBeUndefined();
  });

  it('takes its own ModelNew as the candidate and a sidecar <name>.json as problem.json', async () => {
    const p = await loadProblem(caps.fs, path.join(level, '2_Tanh_Plus.py'));
    expect(p.templates).toEqual({ torch: '2_Tanh_Plus.py' });
    expect(p.shapes).toEqual([{ rows: 4, dim: 8 }, { rows: 3, dim: 5 }]);
    expect(p.python?.tolerance.float32).toEqual({ atol: 1e-6, rtol: 1e-5 });
    await expect(loadProblem(caps.fs, path.join(level, '3_missing.py'))).rejects.toThrow(/no problem at/);
  });

  it('a level folder yields its problem files in KernelBench order, skipping other .py files', async () => {
    const { entries, errors } = await discoverProblems(caps.fs, [level, path.join(level, '2_Tanh_Plus.py')]);
    expect(errors).toEqual([]);
    expect(entries.map((e) => e.name)).toEqual(['2_Tanh_Plus', '10_Tanh_Plus']);
    const none = await discoverProblems(caps.fs, [path.join(level, 'helpers.py'), path.join(level, 'nothing')]);
    expect(none.entries).toEqual([]);
    expect(none.errors).toEqual([expect.stringMatching(/helpers\.py: not a KernelBench problem file/), expect.stringMatching(/nothing: there is no such file or folder/)]);
  });

  it('the shipped CPU set is a KernelBench level folder of at least 12 problems that all load', async () => {
    const dir = path.resolve('bench/kernelbench-cpu');
    const shipped = capsFor(tempDir(), { read: [dir] });
    const { entries, errors } = await discoverProblems(shipped.fs, [dir]);
    expect(errors).toEqual([]);
    expect(entries.length).toBeGreaterThanOrEqual(12);
    for (const e of entries) {
      const p = await loadProblem(shipped.fs, e.path);
      expect(p.language).toBe('python');
      expect(p.templates).toEqual({});
    }
  });
});

describe('fast_p', () => {
  const row = (correctness: boolean, speedup: number) => ({ correctness, speedup }) as BenchRow;
  it('is the fraction of all problems that are correct and faster than p', () => {
    const rows = [row(true, 2.5), row(true, 1.2), row(true, 0.8), row(false, -1), row(true, 1.5)];
    expect(fastP(rows, 1.0)).toBeCloseTo(3 / 5);
    expect(fastP(rows, 1.5)).toBeCloseTo(1 / 5);
    expect(fastP(rows, 2.0)).toBeCloseTo(1 / 5);
    expect(fastP([row(false, 3)], 1)).toBe(0);
    expect(fastP([], 1)).toBe(0);
  });
});
