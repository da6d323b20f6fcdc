/**
 * The backend interface: what the search needs from cpu, cuda and python backends. A backend
 * builds a candidate (source + params) into something the trusted harness runs, checks it
 * through the five stages, and times the reference or a candidate.
 */
import type { BackendName, Config } from '../spec/index.js';

export type BuildResult = { ok: true; binary: string; ms: number } | { ok: false; reason: string; log: string };
export type CheckResult = { ok: true; maxErrRatio: number; ms: number } | { ok: false; stage: string; reason: string; shape?: unknown };
/** flush: how caches were emptied before each timed call; verified: how many calls were checked against the reference. */
export type TimeResult = { ok: true; ns: number[]; threads: number; flushBytes: number; flush?: string; verified?: number } | { ok: false; reason: string };

export interface Backend {
  readonly name: BackendName;
  /** Human description of the device ("AMD EPYC, 2 cores, avx512f"). */
  readonly device: string;
  /** Compiler identity for the cache key and the environment record. */
  readonly compiler: string;
  /** True when candidates can be compiled but not run (cuda without a GPU). */
  readonly compileOnly: boolean;
  /** Why it is compile-only, for the report. */
  readonly compileOnlyReason?: string;
  /** True when the speedup baseline is the starting kernel (cuda: the reference runs on the host). */
  readonly baselineIsStart?: boolean;
  /** Generates and compiles the harness and reference once per run. */
  prepare(): Promise<void>;
  build(source: string, config: Config, tag: string): Promise<BuildResult>;
  check(binary: string): Promise<CheckResult>;
  /** which: 0 the reference (the naive baseline), 1 the candidate. */
  time(binary: string, which: 0 | 1, iters: number, warmup?: number): Promise<TimeResult>;
  environment(): Record<string, string>;
  /**
   * What the harness of this run is, as a hash (after prepare): its sources, the generated plan and
   * the reference. Part of the result-cache key, so a changed harness or reference never reuses a verdict.
   */
  harnessId(): string;
  /** Ends a long-lived harness worker (the torch backend's); run.ts calls it when the run ends, however it ends. */
  close?(): Promise<void>;
}

/**
 * How many timed calls of a candidate the harness checks against the reference, chosen at random
 * (one more call, after the timed ones, always is): 1 in 8 of a full timing, one in a short
 * re-run (A/B rounds, probes) so that a slow reference does not dominate them. Every harness
 * process checks at least two calls, so no run of a candidate is unchecked.
 */
export function verifiedCalls(iters: number): number {
  return Math.min(iters, iters >= 16 ? Math.ceil(iters / 8) : 1);
}

export function defineFlags(config: Config): string[] {
  return Object.entries(config).map(([k, v]) => `-D${k}=${v}`);
}
