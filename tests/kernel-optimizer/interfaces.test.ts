// The interfaces: `agentos kernel-opt` (run --json, doctor, bad flags, bad spec), the portal handler
// (progress + plot card + kv data), and the bridge's kernelopt.runs over the same profile.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SkillContext } from '../../kernel/contracts/index.js';
import { CardSchema } from '../../kernel/contracts/index.js';
import { listKernelOptRuns } from '../../kernel/bridge/kernelopt.js';
import { command } from '../../kernel/cli/commands/kernel-opt.js';
import skill from '../../skills/kernel-optimizer/index.js';
import { storeIn, tempDir, tinyScale, writeProblem } from './helpers.js';

const home = tempDir('ko-home-');
const saved = process.env.AGENTOS_HOME;
let problemDir: string;

beforeAll(() => {
  process.env.AGENTOS_HOME = home;
  problemDir = writeProblem(path.join(tempDir(), 'scale'), { ...tinyScale, 'problem.json': { ...tinyScale['problem.json'], params: { U: { values: [1, 2] } } } });
});
afterAll(() => {
  if (saved === undefined) delete process.env.AGENTOS_HOME;
  else process.env.AGENTOS_HOME = saved;
});

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await command.run(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('kernel-opt CLI, portal and bridge', () => {
  it('runs a problem with --json, writes the report into the profile, and lists it over the bridge', async () => {
    const r = await cli(['run', problemDir, '--backend', 'cpu', '--budget', '2', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { id: string; status: string; report: string; evaluations: number; best: { speedup: number } };
    expect(j).toMatchObject({ status: 'done', evaluations: 2 });
    expect(j.report.startsWith(path.join(home, 'data', 'kernel-optimizer', 'runs'))).toBe(true);
    expect(fs.readFileSync(j.report, 'utf8')).toMatch(/# Kernel optimization: tiny-scale/);
    const runs = listKernelOptRuns(home);
    expect(runs.map((x) => x.id)).toContain(j.id);
    expect(runs[0]).toMatchObject({ problem: 'tiny-scale', backend: 'cpu', status: 'done', evaluations: 2, budget: 2 });
    expect(runs[0]!.trajectory.length).toBe(2);
    const list = await cli(['runs']);
    expect(list.out).toContain(j.id);
  }, 60_000);

  it('explains bad input: unknown flag, bad backend, invalid spec naming the field', async () => {
    expect((await cli(['run', problemDir, '--frobnicate'])).err).toMatch(/Unknown option '--frobnicate'/);
    const bad = await cli(['run', problemDir, '--backend', 'fpga']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--backend must be one of cpu, cuda, triton, torch/);
    const broken = writeProblem(path.join(tempDir(), 'broken'), { ...tinyScale, 'problem.json': { ...tinyScale['problem.json'], flops: 'N*' } });
    const spec = await cli(['run', broken]);
    expect(spec.code).toBe(1);
    expect(spec.err).toMatch(/flops: .*ends too early/);
  }, 30_000);

  it('doctor lists toolchains and backends', async () => {
    const d = await cli(['doctor']);
    expect(d.code).toBe(0);
    expect(d.out).toMatch(/gcc/);
    expect(d.out).toMatch(/cuda\s+(ready|compile-only|unavailable)/);
    expect(d.out).toMatch(/torch\s+(ready|unavailable)/);
  }, 60_000);

  it('the portal handler reports progress and returns a plot card with the best figures', async () => {
    const data = tempDir();
    const progress: number[] = [];
    const ctx = {
      skillId: 'kernel-optimizer', requestId: 'r1', text: `optimize the kernel in ${problemDir}`, now: new Date(), timezone: 'UTC',
      settings: { backend: 'cpu', budget: 2, strategy: 'exhaustive' }, dataDir: data, store: storeIn(data),
      skills: { list: async () => [] }, log: () => undefined, progress: (f: number) => progress.push(f), signal: new AbortController().signal,
      exec: { programs: ['gcc'], run: async () => ({ code: 0, stdout: '', stderr: '' }) },
    } as unknown as SkillContext;
    const res = await skill['kernelopt.optimize']!({ dir: problemDir }, ctx);
    expect(res.card?.type).toBe('plot');
    expect(CardSchema.safeParse(res.card).success).toBe(true);
    expect(res.text).toMatch(/tiny-scale on cpu: done/);
    expect(progress.at(-1)).toBe(1);
    expect((res.data as { kv: { key: string }[] }).kv.map((e) => e.key)).toContain('speedup');
    const noExec = await skill['kernelopt.optimize']!({ dir: problemDir }, { ...ctx, exec: undefined } as SkillContext);
    expect(noExec.text).toMatch(/needs permission to run compilers/);
  }, 60_000);
});
