/**
 * The words after `agentos kernel-opt`, parsed into one action: run, bench, doctor, runs, show or
 * help. Mistakes are UsageErrors (exit code 2), each saying what was wrong; the usage text is
 * USAGE, which the manifest's command contribution carries too (BENCH_USAGE for `bench --help`).
 */
import { parseArgs } from 'node:util';
import { BACKENDS, type BackendName } from '../spec/index.js';
import { STRATEGIES, type StrategyName } from '../search/strategy.js';

/** Evaluations per problem in a bench when --budget is not given: a set of problems stays within minutes. */
export const BENCH_BUDGET = 6;

const RUN_OPTIONS = '[--backend cpu|cuda|torch|triton] [--budget N] [--seconds S] [--strategy model|anneal|random|exhaustive] [--compiler gcc|clang] [--threads N] [--arch sm_90] [--seed N] [--no-cache] [--no-llm] [--no-generate] [--json]';

export const USAGE = `agentos kernel-opt run DIR [--backend cpu|cuda|torch|triton (default: torch for a model.py folder, else cpu)] [--budget N] [--seconds S] [--strategy model|anneal|random|exhaustive] [--compiler gcc|clang] [--threads N] [--arch sm_90] [--resume RUN_ID] [--no-cache] [--no-llm] [--no-generate] [--json]
agentos kernel-opt bench DIR… [--out DIR] [--budget N (default ${BENCH_BUDGET}, per problem)] [--seconds S (per problem)] [--backend …] [the other run options] [--json]
agentos kernel-opt doctor [--json]
agentos kernel-opt runs [--json]
agentos kernel-opt show RUN_ID`;

/** What `agentos kernel-opt bench --help` prints. */
export const BENCH_USAGE = `agentos kernel-opt bench DIR… [--out DIR] ${RUN_OPTIONS}
Runs every problem named and writes bench.json and bench.md (KernelBench's fields per problem: compiled, correctness,
runtime and ref_runtime in ms, speedup = ref_runtime / runtime; and fast_p over the set for p = 1.0, 1.5, 2.0).
  DIR        a problem folder (problem.json or model.py), a folder of problem folders, a KernelBench level folder of
             single-file problems (1_Square_matrix_multiplication_.py: Model, get_inputs, get_init_inputs), or one such file
  --out DIR  where bench.json and bench.md go (default: the skill's data folder, bench/<timestamp>/)
  --budget N evaluations per problem (default ${BENCH_BUDGET}); --seconds S: a time budget per problem
  --backend  for every problem (default: torch for model.py and .py problems, else cpu)
  --json     one JSON object on stdout, also on error`;

export class UsageError extends Error {}

export interface RunArgs {
  action: 'run';
  /** The problem folder as given (relative to the current folder), absent when resuming. */
  dir?: string;
  resume?: string;
  backend?: BackendName;
  budget: number;
  seconds?: number;
  strategy: StrategyName;
  compiler?: string;
  threads?: number;
  arch?: string;
  seed?: number;
  cache: boolean;
  llm: boolean;
  /** Candidates generated from the model or the C starters beside the folder's own template (--no-generate: only the template). */
  generate: boolean;
  json: boolean;
}

/** `bench`: the run options (no --resume), for every problem named. */
export type BenchArgs = Omit<RunArgs, 'action' | 'dir' | 'resume'> & { action: 'bench'; dirs: string[]; out?: string };

export type CliAction = RunArgs | BenchArgs | { action: 'doctor' | 'runs'; json: boolean } | { action: 'help'; topic?: 'bench'; json: boolean } | { action: 'show'; runId: string; json: boolean };

const num = (v: string | undefined, name: string, min: number, integer = false): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new UsageError(`--${name} must be a number ≥ ${min}, not "${v}"`);
  if (integer && !Number.isInteger(n)) throw new UsageError(`--${name} must be a whole number ≥ ${min}, not "${v}"`);
  return n;
};

export function parseCliArgs(argv: readonly string[]): CliAction {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        backend: { type: 'string' }, budget: { type: 'string' }, seconds: { type: 'string' }, strategy: { type: 'string' },
        compiler: { type: 'string' }, threads: { type: 'string' }, arch: { type: 'string' }, resume: { type: 'string' },
        'no-cache': { type: 'boolean' }, 'no-llm': { type: 'boolean' }, 'no-generate': { type: 'boolean' }, json: { type: 'boolean' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' }, out: { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
  const { values: v, positionals } = parsed;
  const json = v.json === true;
  const [action, target] = positionals;
  if (v.help || action === 'help') return { action: 'help', ...(action === 'bench' || (action === 'help' && target === 'bench') ? { topic: 'bench' as const } : {}), json };
  if (action === undefined) throw new UsageError('say what to do');
  if (action === 'doctor' || action === 'runs') return { action, json };
  if (action === 'show') {
    if (!target) throw new UsageError('"show" needs a run id (see: agentos kernel-opt runs)');
    return { action, runId: target, json };
  }
  if (action !== 'run' && action !== 'bench') throw new UsageError(`unknown action "${action}"`);
  if (action === 'run' && v.out !== undefined) throw new UsageError('--out is for "bench"; a run writes into its run folder (see: agentos kernel-opt show RUN_ID)');
  if (action === 'bench') {
    if (v.resume !== undefined) throw new UsageError('"bench" cannot --resume; resume one of its runs with: agentos kernel-opt run --resume RUN_ID');
    if (positionals.length < 2) throw new UsageError('"bench" needs one or more problem folders or KernelBench .py files, e.g. bench/kernelbench-cpu');
    if (v.out !== undefined && !v.out.trim()) throw new UsageError('--out needs a folder');
  } else if (!target && !v.resume) throw new UsageError('"run" needs a problem folder, e.g. skills/kernel-optimizer/problems/rmsnorm');
  const strategy = (v.strategy ?? 'model') as StrategyName;
  if (!STRATEGIES.includes(strategy)) throw new UsageError(`--strategy must be one of ${STRATEGIES.join(', ')}, not "${v.strategy}"`);
  const backend = v.backend as BackendName | undefined;
  if (backend !== undefined && !BACKENDS.includes(backend)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, not "${v.backend}"`);
  const optional = <K extends string, T>(key: K, value: T | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, T>));
  const common = {
    ...optional('backend', backend),
    budget: num(v.budget, 'budget', 1, true) ?? (action === 'bench' ? BENCH_BUDGET : 40),
    ...optional('seconds', num(v.seconds, 'seconds', 1)),
    strategy,
    ...optional('compiler', v.compiler),
    ...optional('threads', num(v.threads, 'threads', 1, true)),
    ...optional('arch', v.arch),
    ...optional('seed', num(v.seed, 'seed', 0, true)),
    cache: !v['no-cache'],
    llm: !v['no-llm'],
    generate: !v['no-generate'],
    json,
  };
  if (action === 'bench') return { action, dirs: positionals.slice(1), ...optional('out', v.out), ...common };
  return { action, ...optional('dir', target), ...optional('resume', v.resume), ...common };
}
