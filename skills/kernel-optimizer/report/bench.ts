/**
 * A bench over a set of problems, KernelBench style: one row per problem with KernelBench's
 * fields (`compiled`, `correctness`, `runtime` and `ref_runtime` in ms, `speedup` =
 * ref_runtime / runtime) and fast_p over the set (the fraction of problems whose best candidate
 * is correct AND faster than p times the reference), as JSON and a Markdown table.
 */
import type { Config } from '../spec/index.js';
import { speedupFigures, type RunRecord } from './record.js';

/** The thresholds fast_p is reported for. */
export const FAST_P = [1.0, 1.5, 2.0] as const;

/** One problem's result. `runtime`, `ref_runtime` and `speedup` are -1 when not measured, as in KernelBench. */
export interface BenchRow {
  problem: string;
  /** The problem folder or single-file problem that was run. */
  path: string;
  backend: string | null;
  /** Some candidate compiled (loaded, for Python candidates). */
  compiled: boolean;
  /** Some candidate passed every correctness stage (the best of those is timed below). */
  correctness: boolean;
  /** The best correct candidate's median time per call, in ms. */
  runtime: number;
  /** The reference's median time per call (the naive C reference, or the Model in eager PyTorch), in ms. */
  ref_runtime: number;
  speedup: number;
  /** The run's headline speedup from paired rounds (reference and best back to back), when it measured one. */
  paired_speedup: number | null;
  /** The headline speedup against its confidence interval: "faster" or "slower" beyond the noise, or "within noise" (the interval holds 1). */
  noise: 'faster' | 'slower' | 'within noise' | null;
  run_id: string | null;
  status: 'done' | 'failed' | 'error' | 'stopped';
  evaluations: number;
  rejected: number;
  /** Wall seconds for the problem: preparing the harness, every evaluation, the final paired timing. */
  seconds: number;
  /** Mean wall seconds of one evaluation (a candidate judged: build, checks, timing), cached ones left out. */
  seconds_per_evaluation: number | null;
  best_config: Config | null;
  /** Which source the best candidate is: "start" (the folder's template), "gen-…" (generated), "llm…" (a model rewrite). */
  best_source: string | null;
  /** Why the problem has no correct candidate, or what stopped it. */
  reason: string | null;
}

export interface BenchReport {
  date: string;
  finishedAt: string | null;
  /** False while the set is still running (the files are rewritten after every problem). */
  complete: boolean;
  options: { budget: number; seconds: number | null; backend: string | null; strategy: string };
  count: number;
  correct: number;
  /** Correct problems whose headline speedup is beyond the noise (its interval above 1): fast_1.0 without the lucky draws. */
  faster_beyond_noise: number;
  fast_p: Record<string, number>;
  /** Mean wall seconds per evaluation over the whole set. */
  seconds_per_evaluation: number | null;
  problems: BenchRow[];
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

/** The row of a finished run (done or failed: a failed run found no correct candidate). */
export function rowFromRecord(r: RunRecord, path: string, seconds: number): BenchRow {
  const timed = r.evaluations.filter((e) => !e.cached);
  const compiled = r.evaluations.some((e) => !(e.status === 'rejected' && e.stage === 'compile'));
  const best = r.best;
  const runtime = best ? best.timing.medianNs / 1e6 : -1;
  const ref = r.baseline ? r.baseline.medianNs / 1e6 : -1;
  const lastRejected = [...r.evaluations].reverse().find((e) => e.status === 'rejected');
  const reason = best
    ? null
    : r.compileOnly
      ? `compile-only: ${r.compileOnly}`
      : lastRejected
        ? `${lastRejected.stage ?? 'rejected'}: ${lastRejected.reason ?? 'no reason given'}`
        : (r.notes.at(-1) ?? 'no candidate was evaluated');
  return {
    problem: r.problem,
    path,
    backend: r.backend,
    compiled,
    correctness: best !== undefined,
    runtime: runtime > 0 ? round(runtime, 6) : -1,
    ref_runtime: ref > 0 ? round(ref, 6) : -1,
    speedup: runtime > 0 && ref > 0 ? round(ref / runtime) : -1,
    paired_speedup: best?.pairedRatios ? round(best.speedup) : null,
    noise: best ? (speedupFigures(r).noise ?? null) : null,
    run_id: r.id,
    status: r.status === 'done' ? 'done' : 'failed',
    evaluations: r.evaluations.length,
    rejected: r.evaluations.filter((e) => e.status === 'rejected').length,
    seconds: round(seconds, 2),
    seconds_per_evaluation: timed.length ? round(timed.reduce((s, e) => s + e.ms, 0) / timed.length / 1000, 3) : null,
    best_config: best?.config ?? null,
    best_source: best?.sourceId ?? null,
    reason,
  };
}

/** The row of a problem that could not be run at all (no candidate, an invalid spec, a harness that does not start). */
export function rowFromError(problem: string, path: string, backend: string | null, reason: string, seconds: number, stopped = false): BenchRow {
  return {
    problem,
    path,
    backend,
    compiled: false,
    correctness: false,
    runtime: -1,
    ref_runtime: -1,
    speedup: -1,
    paired_speedup: null,
    noise: null,
    run_id: null,
    status: stopped ? 'stopped' : 'error',
    evaluations: 0,
    rejected: 0,
    seconds: round(seconds, 2),
    seconds_per_evaluation: null,
    best_config: null,
    best_source: null,
    reason,
  };
}

/** KernelBench's fast_p: correct and speedup > p, over every problem of the set (failed ones count as not fast). */
export function fastP(rows: readonly BenchRow[], p: number): number {
  if (rows.length === 0) return 0;
  return rows.filter((r) => r.correctness && r.speedup > p).length / rows.length;
}

export const fastKey = (p: number) => p.toFixed(1);

export function benchReport(rows: BenchRow[], options: BenchReport['options'], date: string, complete: boolean): BenchReport {
  const evals = rows.filter((r) => r.seconds_per_evaluation !== null);
  const n = evals.reduce((s, r) => s + r.evaluations, 0);
  return {
    date,
    finishedAt: complete ? new Date().toISOString() : null,
    complete,
    options,
    count: rows.length,
    correct: rows.filter((r) => r.correctness).length,
    faster_beyond_noise: rows.filter((r) => r.correctness && r.noise === 'faster').length,
    fast_p: Object.fromEntries(FAST_P.map((p) => [fastKey(p), round(fastP(rows, p))])),
    seconds_per_evaluation: n ? round(evals.reduce((s, r) => s + r.seconds_per_evaluation! * r.evaluations, 0) / n, 3) : null,
    problems: rows,
  };
}

const ms = (x: number) => (x < 0 ? '—' : x >= 100 ? x.toFixed(1) : x >= 1 ? x.toFixed(3) : x.toFixed(4));
const yes = (b: boolean) => (b ? 'yes' : 'no');
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 200);

export function benchMarkdown(b: BenchReport): string {
  const o = b.options;
  const lines = [
    '# Kernel-optimizer bench (KernelBench fields)',
    '',
    `${b.date}${b.complete ? '' : ' · **still running**'} · ${b.count} problems · budget ${o.budget} evaluations per problem${o.seconds ? ` or ${o.seconds} s` : ''} · backend ${o.backend ?? 'per problem'} · strategy ${o.strategy}`,
    '',
    `**${FAST_P.map((p) => `fast_${fastKey(p)} = ${b.fast_p[fastKey(p)]!.toFixed(2)}`).join(' · ')}** · correct ${b.correct}/${b.count} · faster beyond the noise ${b.faster_beyond_noise}/${b.count}${b.seconds_per_evaluation !== null ? ` · ${b.seconds_per_evaluation.toFixed(1)} s per evaluation` : ''}`,
    '',
    '| problem | backend | compiled | correctness | runtime (ms) | ref_runtime (ms) | speedup | paired | noise | evaluations | s / evaluation | note |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of b.problems) {
    const speed = r.speedup < 0 ? '—' : `${r.speedup.toFixed(2)}×`;
    const note = r.reason ?? (r.best_source ? `best: ${r.best_source}${r.best_config && Object.keys(r.best_config).length ? ` ${JSON.stringify(r.best_config)}` : ''}` : '');
    lines.push(
      `| ${cell(r.problem)} | ${r.backend ?? '—'} | ${yes(r.compiled)} | ${yes(r.correctness)} | ${ms(r.runtime)} | ${ms(r.ref_runtime)} | ${speed} | ${r.paired_speedup !== null ? `${r.paired_speedup.toFixed(2)}×` : '—'} | ${r.noise ?? '—'} | ${r.evaluations} | ${r.seconds_per_evaluation !== null ? r.seconds_per_evaluation.toFixed(1) : '—'} | ${cell(note)} |`,
    );
  }
  lines.push(
    '',
    'runtime and ref_runtime are median times per call (ms) of the best correct candidate and of the reference, timed by the trusted harness; speedup = ref_runtime / runtime (paired: the median ratio of back-to-back rounds; noise: the headline against its confidence interval); fast_p = the fraction of all problems that are correct with speedup > p.',
  );
  return lines.join('\n') + '\n';
}
