// The kernel optimizer through the generic paths every skill has: its contributed command
// (`agentos kernel-opt …` via the CLI host), its contributed view (bridge `skills.contribution`),
// and a portal request (progress + plot card) — all with the skill's own grants.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardSchema, SkillViewSchema, type ContributionResult, type KernelEvent } from '../../kernel/index.js';
import { Kernel } from '../../kernel/index.js';
import { dispatch } from '../../hosts/bridge/index.js';
import { main } from '../../hosts/cli/main.js';
import { tempDir, tinyScale, writeProblem } from './helpers.js';

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
  const code = await main(['kernel-opt', ...argv], { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function view(kernel: Kernel): Promise<ContributionResult> {
  const r = await dispatch({ kernel }, 'skills.contribution', { skill: 'kernel-optimizer', kind: 'view', name: 'runs' });
  if (!r.ok) throw new Error(r.error.message);
  return r.value as ContributionResult;
}

describe('kernel optimizer through the generic skill paths', () => {
  it('`agentos kernel-opt run --json` (a folder outside its grant, named on the command line) writes the report, and the view lists it', async () => {
    const r = await cli(['run', problemDir, '--backend', 'cpu', '--budget', '2', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { id: string; status: string; report: string; evaluations: number };
    expect(j).toMatchObject({ status: 'done', evaluations: 2 });
    expect(j.report.startsWith(path.join(home, 'data', 'kernel-optimizer', 'runs'))).toBe(true);
    expect(fs.readFileSync(j.report, 'utf8')).toMatch(/# Kernel optimization: tiny-scale/);
    expect((await cli(['runs'])).out).toContain(j.id);

    const kernel = new Kernel({ profileDir: home });
    try {
      const listed = await dispatch({ kernel }, 'skills.list', {});
      const entry = (listed.ok ? (listed.value as { id: string; contributes: { views: { id: string }[] } }[]) : []).find((s) => s.id === 'kernel-optimizer');
      expect(entry?.contributes.views.map((v) => v.id)).toEqual(['runs']);
      const result = await view(kernel);
      const parsed = SkillViewSchema.parse(result.view);
      const item = parsed.items.find((i) => i.id === j.id);
      expect(item).toMatchObject({ status: { tone: 'ok' } });
      expect(item!.title).toMatch(/tiny-scale/);
      expect(item!.detail.map((c) => c.type)).toEqual(expect.arrayContaining(['kv', 'plot']));
      for (const card of item!.detail) expect(CardSchema.safeParse(card).success).toBe(true);
    } finally {
      kernel.close();
    }
  }, 90_000);

  it('explains bad input: unknown flag, bad backend, invalid spec naming the field', async () => {
    const flag = await cli(['run', problemDir, '--frobnicate']);
    expect(flag.code).not.toBe(0);
    expect(flag.err).toMatch(/Unknown option '--frobnicate'/);
    const bad = await cli(['run', problemDir, '--backend', 'fpga']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--backend must be one of cpu, cuda, triton, torch/);
    const broken = writeProblem(path.join(tempDir(), 'broken'), { ...tinyScale, 'problem.json': { ...tinyScale['problem.json'], flops: 'N*' } });
    const spec = await cli(['run', broken]);
    expect(spec.code).toBe(1);
    expect(spec.err).toMatch(/flops: .*ends too early/);
  }, 60_000);

  it('`agentos kernel-opt bench --json` (a folder of problems named on the command line) prints one JSON object and writes into the data folder; a usage error is JSON too', async () => {
    const r = await cli(['bench', path.dirname(problemDir), '--budget', '1', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { ok: boolean; json: string; count: number; problems: { problem: string; correctness: boolean; speedup: number }[]; fast_p: Record<string, number> };
    expect(j).toMatchObject({ ok: true, count: 1, problems: [{ problem: 'tiny-scale', correctness: true }] });
    expect(j.json.startsWith(path.join(home, 'data', 'kernel-optimizer', 'bench'))).toBe(true);
    expect(JSON.parse(fs.readFileSync(j.json, 'utf8'))).toMatchObject({ complete: true, fast_p: j.fast_p });
    const usage = await cli(['bench', '--json']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.out)).toMatchObject({ ok: false, error: expect.stringMatching(/"bench" needs/), usage: expect.stringMatching(/^agentos kernel-opt bench/) });
  }, 90_000);

  it('doctor lists toolchains and backends; `agentos --help` lists the command', async () => {
    const d = await cli(['doctor']);
    expect(d.code).toBe(0);
    expect(d.out).toMatch(/gcc/);
    expect(d.out).toMatch(/cuda\s+(ready|compile-only|unavailable)/);
    expect(d.out).toMatch(/torch\s+(ready|unavailable)/);
    const out: string[] = [];
    await main(['--help'], { out: (s) => out.push(s), err: () => undefined });
    expect(out.join('\n')).toMatch(/kernel-opt\s+.*\(skill kernel-optimizer\)/);
  }, 60_000);

  it('a portal request reports progress and answers with a plot card with the best figures; the view names it', async () => {
    const kernel = new Kernel({ profileDir: home });
    const progress: number[] = [];
    kernel.onEvent((e: KernelEvent) => void (e.type === 'progress' && e.skill === 'kernel-optimizer' && progress.push(e.fraction)));
    try {
      kernel.settings.setRaw('skill.kernel-optimizer', { backend: 'cpu', budget: 2, strategy: 'exhaustive' });
      kernel.grants.grant('kernel-optimizer', { kind: 'fs.read', scope: [path.dirname(problemDir)] });
      const res = await kernel.handle({ text: `optimize the kernel in ${problemDir}`, source: 'cli', sessionId: 'portal', confirmed: true });
      expect(res.status).toBe('served');
      const result = res.steps[0]!.result!;
      expect(result.card?.type).toBe('plot');
      expect(CardSchema.safeParse(result.card).success).toBe(true);
      expect(result.text).toMatch(/tiny-scale on cpu: done/);
      expect(progress.at(-1)).toBe(1);
      expect((await view(kernel)).view!.items.length).toBeGreaterThanOrEqual(2);
    } finally {
      kernel.close();
    }
  }, 90_000);
});
