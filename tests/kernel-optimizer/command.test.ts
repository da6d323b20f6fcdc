// The skill's fronts on one data folder, with real gcc: the `kernel-opt` command (kernelopt.command:
// run --json, runs, show, doctor, usage and spec errors with their exit codes, progress), the
// portal's intent (kernelopt.optimize) and the runs view (kernelopt.view) over the runs it made.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CardSchema, CommandResultDataSchema, SkillViewSchema } from '../../kernel/contracts/index.js';
import skill from '../../skills/kernel-optimizer/index.js';
import { contextFor, tempDir, tinyScale, writeProblem } from './helpers.js';

const data = tempDir('ko-data-');
const problems = tempDir('ko-problems-');
let problemDir: string;
const command = (argv: string[], settings: Record<string, unknown> = {}) => {
  const { ctx, progress } = contextFor(data, { read: [problems], settings });
  return skill['kernelopt.command']!({ argv }, ctx).then((r) => ({ ...r, data: CommandResultDataSchema.parse(r.data) as { exitCode: number; stderr?: string }, progress }));
};

beforeAll(() => {
  problemDir = writeProblem(path.join(problems, 'scale'), { ...tinyScale, 'problem.json': { ...tinyScale['problem.json'], params: { U: { values: [1, 2] } } } });
});

describe('the kernel-opt command', () => {
  let runId = '';

  it('runs a problem with --json into the data folder, with progress but no progress lines', async () => {
    const r = await command(['run', problemDir, '--backend', 'cpu', '--budget', '2', '--json']);
    expect(r.data).toEqual({ exitCode: 0 });
    const j = JSON.parse(r.text) as { id: string; status: string; report: string; evaluations: number; trajectory: unknown[] };
    expect(j).toMatchObject({ status: 'done', evaluations: 2 });
    expect(j.report).toBe(path.join(data, 'runs', j.id, 'report.md'));
    expect(fs.readFileSync(j.report, 'utf8')).toMatch(/# Kernel optimization: tiny-scale/);
    expect(r.progress.length).toBeGreaterThan(0);
    expect(r.progress.every((p) => p.message === undefined)).toBe(true);
    expect(r.progress.at(-1)!.fraction).toBe(1);
    runId = j.id;
  }, 120_000);

  it('reports each evaluation as a progress message without --json, and prints the summary', async () => {
    const r = await command(['run', problemDir, '--budget', '1']);
    expect(r.data.exitCode).toBe(0);
    expect(r.text).toMatch(/^tiny-scale on cpu: done, 1 evaluations/);
    expect(r.progress.some((p) => /^\[1\/1\] #0 ok [\d.]+ (ms|µs) · best [\d.]+x$/.test(p.message ?? ''))).toBe(true);
    expect(r.progress.some((p) => p.message?.startsWith('preparing the cpu harness'))).toBe(true);
  }, 120_000);

  it('lists and shows the runs', async () => {
    const list = await command(['runs']);
    expect(list.text).toContain(runId);
    const json = JSON.parse((await command(['runs', '--json'])).text) as { id: string; evaluations: number }[];
    expect(json.find((r) => r.id === runId)).toMatchObject({ evaluations: 2 });
    const show = await command(['show', runId]);
    expect(show.data.exitCode).toBe(0);
    expect(show.text).toMatch(/report: .*report\.md/);
    expect(await command(['show', 'no-such-run'])).toMatchObject({ data: { exitCode: 1, stderr: expect.stringMatching(/no run "no-such-run"/) } });
  });

  it('explains bad input: usage errors exit 2 with the usage, a bad spec exits 1 naming the field', async () => {
    const flag = await command(['run', problemDir, '--frobnicate']);
    expect(flag.data.exitCode).toBe(2);
    expect(flag.data.stderr).toMatch(/Unknown option '--frobnicate'\nUsage:\nagentos kernel-opt run DIR/);
    const bad = await command(['run', problemDir, '--backend', 'fpga']);
    expect(bad.data).toMatchObject({ exitCode: 2, stderr: expect.stringMatching(/--backend must be one of cpu, cuda, triton, torch/) });
    const broken = writeProblem(path.join(problems, 'broken'), { ...tinyScale, 'problem.json': { ...tinyScale['problem.json'], flops: 'N*' } });
    const spec = await command(['run', broken]);
    expect(spec.data.exitCode).toBe(1);
    expect(spec.data.stderr).toMatch(/flops: .*ends too early/);
    expect(await command(['help'])).toMatchObject({ data: { exitCode: 0 }, text: expect.stringMatching(/^agentos kernel-opt run DIR/) });
  });

  it('refuses a problem folder outside what was granted, saying so', async () => {
    const elsewhere = writeProblem(path.join(tempDir(), 'scale'), tinyScale);
    const r = await command(['run', elsewhere, '--budget', '1']);
    expect(r.data.exitCode).toBe(1);
    expect(r.data.stderr).toMatch(/it does not exist, or it is outside the granted folders/);
    const typo = await command(['run', path.join(problems, 'nope'), '--budget', '1']);
    expect(typo.data.stderr).toMatch(/there is no folder .*nope\. Name an existing problem folder/);
  });

  it('doctor lists toolchains and backends', async () => {
    const d = await command(['doctor']);
    expect(d.data.exitCode).toBe(0);
    expect(d.text).toMatch(/gcc/);
    expect(d.text).toMatch(/cuda\s+(ready|compile-only|unavailable)/);
    expect(d.text).toMatch(/torch\s+(ready|unavailable)/);
    expect(JSON.parse((await command(['doctor', '--json'])).text)).toHaveProperty('cpu.cores');
  }, 60_000);
});

describe('the portal intent and view', () => {
  it('the intent reports progress and returns a plot card with the best figures', async () => {
    const { ctx, progress } = contextFor(data, { read: [problems], settings: { backend: 'cpu', budget: 2, strategy: 'exhaustive' }, text: `optimize the kernel in ${problemDir}` });
    const res = await skill['kernelopt.optimize']!({ dir: problemDir }, ctx);
    expect(res.card?.type).toBe('plot');
    expect(CardSchema.safeParse(res.card).success).toBe(true);
    expect(res.text).toMatch(/tiny-scale on cpu: done/);
    expect(progress.at(-1)!.fraction).toBe(1);
    expect((res.data as { kv: { key: string }[] }).kv.map((e) => e.key)).toContain('speedup');
    const noExec = await skill['kernelopt.optimize']!({ dir: problemDir }, { ...ctx, exec: undefined });
    expect(noExec.text).toMatch(/needs permission to run compilers/);
  }, 120_000);

  it('the view lists the runs of the data folder, newest first, valid for the portal', async () => {
    const { ctx } = contextFor(data);
    const res = await skill['kernelopt.view']!({}, ctx);
    const view = SkillViewSchema.parse(res.data);
    const ids = fs.readdirSync(path.join(data, 'runs'));
    expect(view.items.map((i) => i.id).sort()).toEqual([...ids].sort());
    expect(view.items.every((i) => i.title === 'tiny-scale (cpu)' && i.status?.tone === 'ok')).toBe(true);
    const started = view.items.map((i) => i.subtitle!.slice('started '.length, 'started '.length + 16));
    expect([...started].sort().reverse()).toEqual(started);
    expect(res.text.split('\n')).toHaveLength(ids.length);
    const selected = SkillViewSchema.parse((await skill['kernelopt.view']!({ selected: view.items[0]!.id }, ctx)).data);
    expect(selected.items[0]!.detail.length).toBeGreaterThanOrEqual(view.items[0]!.detail.length);
    const empty = SkillViewSchema.parse((await skill['kernelopt.view']!({}, contextFor(tempDir()).ctx)).data);
    expect(empty.items).toEqual([]);
  });
});
