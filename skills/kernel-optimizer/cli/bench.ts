/**
 * `agentos kernel-opt bench DIR…`: finds the problems, runs each with the run options given, and
 * writes bench.json and bench.md into --out or the skill's data folder (bench/<timestamp>/), never
 * into the current folder unasked. Progress goes to ctx.progress per problem and per evaluation
 * (the bar only, with --json). Exit 0 when every problem has its row (failed problems are data),
 * 1 when the bench could not start or was stopped.
 */
import path from 'node:path';
import type { SkillContext } from '../../../kernel/contracts/index.js';
import type { Caps } from '../caps.js';
import { discoverProblems, runBench } from '../report/bench-run.js';
import type { BenchArgs } from './args.js';
import type { CommandResult } from './result.js';

/** bench/<timestamp>/ under the data folder: 20261205-094512-123 (UTC), sortable. */
const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace('T', '-').replace('.', '-').replace('Z', '');

export const benchDir = (ctx: Pick<SkillContext, 'dataDir'>) => path.join(ctx.dataDir, 'bench');

export async function benchCommand(args: BenchArgs, caps: Caps, ctx: SkillContext, python: string | null, runsDir: string): Promise<CommandResult> {
  const fail = (error: string): CommandResult => ({ text: args.json ? JSON.stringify({ ok: false, error }) : '', data: { exitCode: 1, stderr: error } });
  const { entries, errors } = await discoverProblems(caps.fs, args.dirs);
  if (errors.length) return fail(`kernel-opt bench found nothing to run in part of what was named: ${errors.join('; ')}. Name problem folders, folders of them, or KernelBench .py problem files.`);
  const outDir = args.out ? path.resolve(args.out) : path.join(benchDir(ctx), stamp(new Date()));
  try {
    await caps.fs.mkdir(outDir);
  } catch (e) {
    return fail(`kernel-opt bench cannot write its results to ${outDir}: ${(e as Error).message}. Omit --out to write them into the skill's data folder (${benchDir(ctx)}), or name a folder under it.`);
  }
  const result = await runBench({
    caps,
    entries,
    outDir,
    run: {
      budget: args.budget,
      strategy: args.strategy,
      runsDir,
      store: ctx.store,
      python,
      cache: args.cache,
      ...(args.generate ? {} : { generate: false }),
      signal: ctx.signal,
      ...(args.backend ? { backend: args.backend } : {}),
      ...(args.seconds ? { seconds: args.seconds } : {}),
      ...(args.compiler ? { compiler: args.compiler } : {}),
      ...(args.threads ? { threads: args.threads } : {}),
      ...(args.arch ? { cudaArch: args.arch } : {}),
      ...(args.seed !== undefined ? { seed: args.seed } : {}),
      ...(ctx.llm && args.llm ? { llm: ctx.llm } : {}),
    },
    // --json: the bar moves, but no lines are printed beside the JSON
    progress: (fraction, message) => (args.json ? ctx.progress(fraction) : ctx.progress(fraction, message)),
  });
  const r = result.report;
  const stopped = ctx.signal.aborted;
  const files = { out: outDir, json: result.jsonFile, markdown: result.markdownFile };
  const text = args.json
    ? JSON.stringify({ ok: !stopped, ...(stopped ? { error: 'the bench was stopped; the rows so far are in bench.json' } : {}), ...files, ...r })
    : `${result.markdown}\nbench.json: ${files.json}\nbench.md: ${files.markdown}`;
  return stopped ? { text, data: { exitCode: 1, stderr: `the bench was stopped after ${r.problems.filter((p) => p.status !== 'stopped').length} of ${r.count} problems; the rows so far are in ${files.json}` } } : { text, data: { exitCode: 0 } };
}
