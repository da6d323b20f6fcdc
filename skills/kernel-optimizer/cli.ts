/**
 * The skill's command-line front (`agentos kernel-opt run|doctor|runs|show`), loaded at run time by
 * kernel/cli/commands/kernel-opt.ts. It gets the skill context (store, data folder, language
 * model when configured) from the kernel and prints a progress bar and a readable summary.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { SkillContext } from '../../kernel/contracts/index.js';
import { doctorReport } from './lib/doctor.js';
import { listRuns, readRun } from './lib/runs.js';
import { runOptimization } from './lib/run.js';
import { STRATEGIES, type StrategyName } from './lib/search.js';
import { BACKENDS, defaultBackend, SpecError, type BackendName } from './lib/spec.js';
import { summaryLines } from './lib/summary.js';
import { fmtMs } from './lib/evaluate.js';

export interface CliIo { out(s: string): void; err(s: string): void }

export const USAGE = `agentos kernel-opt run DIR [--backend cpu|cuda|torch|triton (default: torch for a model.py folder, else cpu)] [--budget N] [--seconds S] [--strategy model|anneal|random|exhaustive] [--compiler gcc|clang] [--threads N] [--arch sm_90] [--resume RUN_ID] [--no-cache] [--no-llm] [--json]
agentos kernel-opt doctor [--json]
agentos kernel-opt runs [--json]
agentos kernel-opt show RUN_ID`;

class Usage extends Error {}

const num = (v: string | undefined, name: string, min: number): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new Usage(`--${name} must be a number ≥ ${min}, not "${v}"`);
  return n;
};

export function runsDir(ctx: SkillContext): string {
  return path.join(ctx.dataDir, 'runs');
}

/** Returns the exit code: 0 done, 1 error (bad spec, no toolchain, failed run). Usage errors throw with exit 2 semantics handled by the caller. */
export async function runCli(argv: string[], io: CliIo, ctx: SkillContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        backend: { type: 'string' }, budget: { type: 'string' }, seconds: { type: 'string' }, strategy: { type: 'string' },
        compiler: { type: 'string' }, threads: { type: 'string' }, arch: { type: 'string' }, resume: { type: 'string' },
        'no-cache': { type: 'boolean' }, 'no-llm': { type: 'boolean' }, json: { type: 'boolean' }, seed: { type: 'string' },
      },
    });
  } catch (e) {
    io.err(`${(e as Error).message.replace(/\. To specify a positional.*$/s, '')}\nUsage:\n${USAGE}`);
    return 1;
  }
  const { values: v, positionals } = parsed;
  const [action = 'help', target] = positionals;
  try {
    if (action === 'doctor') {
      const d = await doctorReport();
      io.out(v.json ? JSON.stringify(d.data) : d.text);
      return 0;
    }
    if (action === 'runs') {
      const runs = listRuns(runsDir(ctx));
      if (v.json) io.out(JSON.stringify(runs));
      else if (runs.length === 0) io.out('No kernel-optimization runs yet. Start one: agentos kernel-opt run skills/kernel-optimizer/problems/rmsnorm --backend cpu');
      else for (const r of runs) io.out(`${r.id}  ${r.problem.padEnd(12)} ${r.backend.padEnd(5)} ${r.status.padEnd(8)} ${String(r.evaluations).padStart(3)}/${r.budget}  ${r.bestSpeedup ? `${r.bestSpeedup.toFixed(2)}x` : '—'}`);
      return 0;
    }
    if (action === 'show') {
      if (!target) throw new Usage('"show" needs a run id (see: agentos kernel-opt runs)');
      const r = readRun(runsDir(ctx), target);
      if (!r) throw new Error(`no run "${target}" (see: agentos kernel-opt runs)`);
      io.out(summaryLines(r, path.join(runsDir(ctx), r.id)).join('\n'));
      return 0;
    }
    if (action !== 'run') throw new Usage(action === 'help' ? 'say what to do' : `unknown action "${action}"`);
    if (!target && !v.resume) throw new Usage('"run" needs a problem folder, e.g. skills/kernel-optimizer/problems/rmsnorm');
    const strategy = (v.strategy ?? 'model') as StrategyName;
    if (!STRATEGIES.includes(strategy)) throw new Usage(`--strategy must be one of ${STRATEGIES.join(', ')}, not "${v.strategy}"`);
    const budget = num(v.budget, 'budget', 1) ?? 40;
    let problemDir = target ? path.resolve(target) : '';
    const resumed = v.resume ? readRun(runsDir(ctx), v.resume) : undefined;
    if (resumed) problemDir = resumed.problemDir;
    const backend = (v.backend ?? resumed?.backend ?? defaultBackend(problemDir)) as BackendName;
    if (!BACKENDS.includes(backend)) throw new Usage(`--backend must be one of ${BACKENDS.join(', ')}, not "${v.backend}"`);
    const bar = !v.json && process.stderr.isTTY ? new cliProgress.SingleBar({ format: 'kernel-opt |{bar}| {value}/{total} evals · best {best} · {last}', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic) : undefined;
    bar?.start(budget, 0, { best: '—', last: 'starting' });
    const record = await runOptimization({
      problemDir, backend, budget, strategy, runsDir: runsDir(ctx), store: ctx.store,
      ...(v.seconds ? { seconds: num(v.seconds, 'seconds', 1)! } : {}),
      ...(v.compiler ? { compiler: v.compiler } : {}),
      ...(v.threads ? { threads: num(v.threads, 'threads', 1)! } : {}),
      ...(v.arch ? { cudaArch: v.arch } : {}),
      ...(v.resume ? { resume: v.resume } : {}),
      ...(v.seed ? { seed: num(v.seed, 'seed', 0)! } : {}),
      ...(ctx.llm && !v['no-llm'] ? { llm: ctx.llm } : {}),
      cache: !v['no-cache'],
      signal: ctx.signal,
      onStatus: (m) => (bar ? bar.update({ last: m }) : !v.json && io.err(m)),
      onEvaluation: (e, r) => {
        const best = r.best ? `${r.best.speedup.toFixed(2)}x` : '—';
        const last = `#${e.n} ${e.status}${e.timing ? ` ${fmtMs(e.timing.medianNs)}` : ''}${e.stage ? ` (${e.stage})` : ''}`;
        if (bar) bar.update(r.evaluations.length, { best, last });
        else if (!v.json) io.err(`[${r.evaluations.length}/${r.budget}] ${last} · best ${best}`);
      },
    }).finally(() => bar?.stop());
    const dir = path.join(runsDir(ctx), record.id);
    if (v.json) io.out(JSON.stringify({ id: record.id, status: record.status, dir, report: path.join(dir, 'report.md'), best: record.best ?? null, baseline: record.baseline ?? null, evaluations: record.evaluations.length, compileOnly: record.compileOnly, trajectory: record.trajectory, rejected: record.evaluations.filter((e) => e.status === 'rejected').map((e) => ({ n: e.n, config: e.config, stage: e.stage, reason: e.reason })) }));
    else io.out(summaryLines(record, dir).join('\n'));
    return record.status === 'done' ? 0 : 1;
  } catch (e) {
    if (e instanceof Usage) {
      io.err(`${e.message}\nUsage:\n${USAGE}`);
      return 2;
    }
    if (e instanceof SpecError) {
      io.err(`${e.message.split(':')[0]}:\n${e.issues.map((i) => `  - ${i}`).join('\n')}`);
      return 1;
    }
    io.err(`kernel-opt failed: ${(e as Error).message}`);
    return 1;
  }
}
