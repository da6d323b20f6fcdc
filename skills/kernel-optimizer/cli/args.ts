/**
 * The words after `agentos kernel-opt`, parsed into one action: run, doctor, runs, show or help.
 * Mistakes are UsageErrors (exit code 2), each saying what was wrong; the usage text is
 * USAGE, which the manifest's command contribution carries too.
 */
import { parseArgs } from 'node:util';
import { BACKENDS, type BackendName } from '../spec/index.js';
import { STRATEGIES, type StrategyName } from '../search/strategy.js';

export const USAGE = `agentos kernel-opt run DIR [--backend cpu|cuda|torch|triton (default: torch for a model.py folder, else cpu)] [--budget N] [--seconds S] [--strategy model|anneal|random|exhaustive] [--compiler gcc|clang] [--threads N] [--arch sm_90] [--resume RUN_ID] [--no-cache] [--no-llm] [--json]
agentos kernel-opt doctor [--json]
agentos kernel-opt runs [--json]
agentos kernel-opt show RUN_ID`;

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
  json: boolean;
}

export type CliAction = RunArgs | { action: 'doctor' | 'runs' | 'help'; json: boolean } | { action: 'show'; runId: string; json: boolean };

const num = (v: string | undefined, name: string, min: number): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new UsageError(`--${name} must be a number ≥ ${min}, not "${v}"`);
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
        'no-cache': { type: 'boolean' }, 'no-llm': { type: 'boolean' }, json: { type: 'boolean' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
  const { values: v, positionals } = parsed;
  const json = v.json === true;
  const [action, target] = positionals;
  if (v.help || action === 'help') return { action: 'help', json };
  if (action === undefined) throw new UsageError('say what to do');
  if (action === 'doctor' || action === 'runs') return { action, json };
  if (action === 'show') {
    if (!target) throw new UsageError('"show" needs a run id (see: agentos kernel-opt runs)');
    return { action, runId: target, json };
  }
  if (action !== 'run') throw new UsageError(`unknown action "${action}"`);
  if (!target && !v.resume) throw new UsageError('"run" needs a problem folder, e.g. skills/kernel-optimizer/problems/rmsnorm');
  const strategy = (v.strategy ?? 'model') as StrategyName;
  if (!STRATEGIES.includes(strategy)) throw new UsageError(`--strategy must be one of ${STRATEGIES.join(', ')}, not "${v.strategy}"`);
  const backend = v.backend as BackendName | undefined;
  if (backend !== undefined && !BACKENDS.includes(backend)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, not "${v.backend}"`);
  const optional = <K extends string, T>(key: K, value: T | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, T>));
  return {
    action: 'run',
    ...optional('dir', target),
    ...optional('resume', v.resume),
    ...optional('backend', backend),
    budget: num(v.budget, 'budget', 1) ?? 40,
    ...optional('seconds', num(v.seconds, 'seconds', 1)),
    strategy,
    ...optional('compiler', v.compiler),
    ...optional('threads', num(v.threads, 'threads', 1)),
    ...optional('arch', v.arch),
    ...optional('seed', num(v.seed, 'seed', 0)),
    cache: !v['no-cache'],
    llm: !v['no-llm'],
    json,
  };
}
