/**
 * The `agentos kernel-opt` command (the manifest's command contribution, handler
 * `kernelopt.command`): run, doctor, runs, show. It prints nothing itself: it returns the text for
 * stdout and `data: { exitCode, stderr? }` (0 done, 1 error, 2 usage), and reports live status
 * through ctx.progress, which the CLI host draws as a bar on a terminal and prints otherwise.
 */
import path from 'node:path';
import type { SkillContext, SkillResult } from '../../../kernel/contracts/index.js';
import { capsFrom, type Caps } from '../caps.js';
import { fmtMs } from '../evaluation/stats.js';
import type { RunRecord } from '../report/record.js';
import { listRuns, readRun } from '../report/runs.js';
import { summaryLines } from '../report/summary.js';
import { runOptimization } from '../run.js';
import { defaultBackend, SpecError } from '../spec/index.js';
import { doctorReport } from '../toolchains/doctor.js';
import { parseCliArgs, USAGE, UsageError, type RunArgs } from './args.js';

export interface CommandData { exitCode: 0 | 1 | 2; stderr?: string; [key: string]: unknown }
export type CommandResult = SkillResult & { data: CommandData };

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
    if (e instanceof UsageError) return failed(`${e.message}\nUsage:\n${USAGE}`, 2);
    throw e;
  }
  if (args.action === 'help') return done(USAGE);
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
    }
  } catch (e) {
    if (e instanceof SpecError) return failed(`${e.message.split(':')[0]}:\n${e.issues.map((i) => `  - ${i}`).join('\n')}`);
    return failed(`kernel-opt failed: ${(e as Error).message}`);
  }
}

async function run(args: RunArgs, caps: Caps, ctx: SkillContext): Promise<CommandResult> {
  const resumed = args.resume ? await readRun(caps.fs, runsDir(ctx), args.resume) : undefined;
  if (args.resume && !resumed) return failed(`kernel-opt failed: no run "${args.resume}" to resume (see: agentos kernel-opt runs)`);
  const problemDir = resumed?.problemDir ?? path.resolve(args.dir ?? '');
  // A folder typed on the command line is readable for this run when it exists (the CLI grants it for
  // the run), so a denial may just as well be a typo: say both.
  const missing = await caps.fs.exists(problemDir).then(
    (found) => (found ? undefined : `there is no folder ${problemDir}`),
    (e: Error) => `cannot read ${problemDir}: it does not exist, or ${e.message.replace(/^reading \S+ is /, 'it is ')}`,
  );
  if (missing) return failed(`kernel-opt failed: ${missing}. Name an existing problem folder (with a problem.json or a model.py), e.g. skills/kernel-optimizer/problems/rmsnorm`);
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
