/**
 * The `agentos kernel-opt` command (the manifest's command contribution, handler
 * `kernelopt.command`): run, bench, doctor, runs, show. It prints nothing itself: it returns the
 * text for stdout and `data: { exitCode, stderr? }` (0 done, 1 error, 2 usage), and reports live
 * status through ctx.progress, which the CLI host draws as a bar on a terminal and prints
 * otherwise. With --json, stdout is always one JSON object, errors included ({ ok: false, error }).
 */
import path from 'node:path';
import type { SkillContext } from '../../../kernel/contracts/index.js';
import { capsFrom, type Caps } from '../caps.js';
import { fmtMs } from '../evaluation/stats.js';
import type { RunRecord } from '../report/record.js';
import { listRuns, readRun } from '../report/runs.js';
import { summaryLines } from '../report/summary.js';
import { runOptimization } from '../run.js';
import { defaultBackend, SpecError } from '../spec/index.js';
import { isSingleFileProblem, singleFileProblem } from '../spec/load.js';
import { doctorReport } from '../toolchains/doctor.js';
import { BENCH_USAGE, parseCliArgs, USAGE, UsageError, type RunArgs } from './args.js';
import { benchCommand } from './bench.js';
import type { CommandResult } from './result.js';

export type { CommandData, CommandResult } from './result.js';

export const runsDir = (ctx: Pick<SkillContext, 'dataDir'>) => path.join(ctx.dataDir, 'runs');

/** The `python` setting: a path, or null for python3 on PATH. */
export const pythonSetting = (ctx: Pick<SkillContext, 'settings'>): string | null => (typeof ctx.settings.python === 'string' && ctx.settings.python.trim() ? ctx.settings.python.trim() : null);

const done = (text: string): CommandResult => ({ text, data: { exitCode: 0 } });
const failed = (stderr: string, exitCode: 1 | 2 = 1, text = ''): CommandResult => ({ text, data: { exitCode, stderr } });

export async function runCommand(argv: readonly string[], ctx: SkillContext): Promise<CommandResult> {
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    const usage = argv.find((a) => !a.startsWith('-')) === 'bench' ? BENCH_USAGE : USAGE;
    // --json was asked for even if the rest of the line could not be read
    if (argv.includes('--json')) return failed(e.message, 2, JSON.stringify({ ok: false, error: e.message, usage }));
    return failed(`${e.message}\nUsage:\n${usage}`, 2);
  }
  const json = args.json;
  if (args.action === 'help') {
    const usage = args.topic === 'bench' ? BENCH_USAGE : USAGE;
    return done(json ? JSON.stringify({ ok: true, usage }) : usage);
  }
  const result = await dispatch(args, ctx);
  // with --json an error is a JSON object on stdout too
  if (json && result.data.exitCode !== 0 && !result.text) return { ...result, text: JSON.stringify({ ok: false, error: result.data.stderr ?? 'kernel-opt failed' }) };
  return result;
}

async function dispatch(args: Exclude<ReturnType<typeof parseCliArgs>, { action: 'help' }>, ctx: SkillContext): Promise<CommandResult> {
  const caps = capsFrom(ctx);
  if ('missing' in caps) return failed(caps.missing);
  try {
    switch (args.action) {
      case 'doctor': {
        const d = await doctorReport(caps, { python: pythonSetting(ctx) });
        return done(args.json ? JSON.stringify(d.data) : d.text);
      }
      case 'runs': {
        const runs = await listRuns(caps.fs, runsDir(ctx));
        if (args.json) return done(JSON.stringify(runs));
        if (runs.length === 0) return done('No kernel-optimization runs yet. Start one: agentos kernel-opt run skills/kernel-optimizer/problems/rmsnorm --backend cpu');
        return done(runs.map((r) => `${r.id}  ${r.problem.padEnd(12)} ${r.backend.padEnd(5)} ${r.status.padEnd(8)} ${String(r.evaluations).padStart(3)}/${r.budget}  ${r.bestSpeedup ? `${r.bestSpeedup.toFixed(2)}x` : '—'}`).join('\n'));
      }
      case 'show': {
        const r = await readRun(caps.fs, runsDir(ctx), args.runId);
        if (!r) return failed(`kernel-opt failed: no run "${args.runId}" (see: agentos kernel-opt runs)`);
        return done(summaryLines(r, path.join(runsDir(ctx), r.id)).join('\n'));
      }
      case 'run':
        return await run(args, caps, ctx);
      case 'bench':
        return await benchCommand(args, caps, ctx, pythonSetting(ctx), runsDir(ctx));
    }
  } catch (e) {
    if (e instanceof SpecError) return failed(`${e.message.split(':')[0]}:\n${e.issues.map((i) => `  - ${i}`).join('\n')}`);
    return failed(`kernel-opt failed: ${(e as Error).message}`);
  }
}

async function run(args: RunArgs, caps: Caps, ctx: SkillContext): Promise<CommandResult> {
  const resumed = args.resume ? await readRun(caps.fs, runsDir(ctx), args.resume) : undefined;
  if (args.resume && !resumed) return failed(`kernel-opt failed: no run "${args.resume}" to resume (see: agentos kernel-opt runs)`);
  // a run of a KernelBench single-file problem records its folder: resume finds the file again
  const problemDir = resumed ? ((await singleFileProblem(caps.fs, resumed.problemDir, resumed.problem)) ?? resumed.problemDir) : path.resolve(args.dir ?? '');
  // A folder typed on the command line is readable for this run when it exists (the CLI grants it for
  // the run), so a denial may just as well be a typo: say both.
  const missing = await caps.fs.exists(problemDir).then(
    (found) => (found ? undefined : `there is no ${isSingleFileProblem(problemDir) ? 'file' : 'folder'} ${problemDir}`),
    (e: Error) => `cannot read ${problemDir}: it does not exist, or ${e.message.replace(/^reading \S+ is /, 'it is ')}`,
  );
  if (missing) return failed(`kernel-opt failed: ${missing}. Name an existing problem folder (with a problem.json or a model.py) or a KernelBench .py problem file, e.g. skills/kernel-optimizer/problems/rmsnorm`);
  const backend = args.backend ?? (resumed?.backend as RunArgs['backend']) ?? (await defaultBackend(caps.fs, problemDir));
  let fraction = 0;
  // --json: the bar moves, but no lines are printed beside the JSON
  const report = (message: string) => (args.json ? ctx.progress(fraction) : ctx.progress(fraction, message));
  const record = await runOptimization({
    caps,
    problemDir,
    backend,
    budget: args.budget,
    strategy: args.strategy,
    runsDir: runsDir(ctx),
    store: ctx.store,
    python: pythonSetting(ctx),
    ...(args.seconds ? { seconds: args.seconds } : {}),
    ...(args.compiler ? { compiler: args.compiler } : {}),
    ...(args.threads ? { threads: args.threads } : {}),
    ...(args.arch ? { cudaArch: args.arch } : {}),
    ...(args.resume ? { resume: args.resume } : {}),
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
    ...(ctx.llm && args.llm ? { llm: ctx.llm } : {}),
    cache: args.cache,
    ...(args.generate ? {} : { generate: false }),
    signal: ctx.signal,
    onStatus: report,
    onEvaluation: (e, r) => {
      fraction = Math.min(1, r.evaluations.length / r.budget);
      const best = r.best ? `${r.best.speedup.toFixed(2)}x` : '—';
      report(`[${r.evaluations.length}/${r.budget}] #${e.n} ${e.status}${e.timing ? ` ${fmtMs(e.timing.medianNs)}` : ''}${e.stage ? ` (${e.stage})` : ''} · best ${best}`);
    },
  });
  const dir = path.join(runsDir(ctx), record.id);
  const text = args.json ? JSON.stringify(runJson(record, dir)) : summaryLines(record, dir).join('\n');
  return record.status === 'done' ? done(text) : failed(`the run ended ${record.status}: ${record.notes.at(-1) ?? 'no correct candidate was found'}`, 1, text);
}

/** What `run --json` prints: the outcome, where the report is, and every rejected candidate with its reason. */
function runJson(r: RunRecord, dir: string) {
  return {
    ok: r.status === 'done',
    id: r.id,
    status: r.status,
    dir,
    report: path.join(dir, 'report.md'),
    best: r.best ?? null,
    baseline: r.baseline ?? null,
    evaluations: r.evaluations.length,
    compileOnly: r.compileOnly,
    trajectory: r.trajectory,
    rejected: r.evaluations.filter((e) => e.status === 'rejected').map((e) => ({ n: e.n, config: e.config, stage: e.stage, reason: e.reason })),
  };
}
