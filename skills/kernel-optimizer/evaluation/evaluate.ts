/**
 * Judging one candidate (a source and its params): cache lookup, build, the five correctness
 * stages, a quick probe (clearly slower candidates stop there), full timing (≥ 50 calls), the
 * roofline sanity check (a result beyond both the measured memory bandwidth and compute roof is
 * re-verified with a fresh seed and re-timed before it can become the best — also when it comes
 * from the cache — and stays flagged "suspect" while still beyond), and, when it looks faster than
 * the best so far, interleaved A/B re-runs whose per-round ratios give a distribution-free
 * confidence interval: only a gain whose interval lies above 1 is accepted, one whose interval
 * holds 1 is reported "within noise".
 */
import type { Backend, BuildResult } from '../backends/backend.js';
import type { Config } from '../spec/index.js';
import { sha, type CachedResult, type ResultCache } from './cache.js';
import { rooflinePercent, type Peaks } from './roofline.js';
import { fmtMs, fmtRatioCI, median, medianCI, noiseVerdict, separateRatioCI, summarize, type MedianCI, type Timing } from './stats.js';

export interface Evaluation {
  n: number;
  origin: 'start' | 'param' | 'knowledge' | 'llm';
  sourceId: string;
  config: Config;
  status: 'ok' | 'rejected' | 'slower' | 'compiled';
  stage?: string;
  reason?: string;
  timing?: Timing;
  speedup?: number;
  rooflinePct?: number;
  suspect?: boolean;
  accepted: boolean;
  cached: boolean;
  abGain?: number;
  /** Against the best so far: median of the paired-round ratios (> 1: faster), its interval, and the verdict. */
  ratio?: number;
  ratioCI?: MedianCI;
  noise?: 'faster' | 'slower' | 'within noise';
  ms: number;
}

/** The headline speedup: paired rounds (the headline) and the separate medians, each with its interval. */
export interface ConfirmedSpeedup {
  speedup: number;
  ratios: number[];
  ci: MedianCI;
  noise: 'faster' | 'slower' | 'within noise';
  separate?: { speedup: number; ci?: MedianCI };
}

export interface Incumbent { sourceId: string; config: Config; medianNs: number; minNs?: number; binary?: string; timing?: Timing }

/** A cached verdict's timing, with its interval when it was cached with one. */
const cachedTiming = (hit: CachedResult): Timing | undefined =>
  hit.medianNs
    ? {
        medianNs: hit.medianNs,
        minNs: hit.minNs ?? hit.medianNs,
        spread: hit.spread ?? 0,
        iters: hit.iters ?? 0,
        ...(typeof hit.ciLowNs === 'number' && typeof hit.ciHighNs === 'number' ? { ciLowNs: hit.ciLowNs, ciHighNs: hit.ciHighNs, ciLevel: Number(hit.ciLevel ?? 0) } : {}),
      }
    : undefined;

export const MIN_ITERS = 50;

export class Evaluator {
  baseline?: Timing;
  incumbent?: Incumbent;
  private readonly prebuilt = new Map<string, Promise<BuildResult>>();
  constructor(
    private readonly backend: Backend,
    private readonly cache: ResultCache,
    private readonly harnessHash: string,
    private readonly shapeKey: string,
    private readonly work: { flops: number; bytes: number },
    /** The measured machine limits; re-measured (keeping the best) when a result goes beyond them. */
    public peaks?: Peaks,
    private readonly refreshPeaks?: () => Promise<Peaks | undefined>,
  ) {}

  private key(source: string, config: Config) {
    return this.cache.key({ sourceHash: sha(source + this.harnessHash), config, shape: this.shapeKey, device: this.backend.device, compiler: this.backend.compiler });
  }

  /** Parallel compilation: starts building a batch (skipping cached results); evaluate() picks the builds up. */
  async prebuild(items: { n: number; source: string; config: Config }[]): Promise<void> {
    await Promise.all(
      items.map(async ({ n, source, config }) => {
        const key = this.key(source, config);
        if (this.prebuilt.has(key) || (await this.cache.get(key, false))) return;
        this.prebuilt.set(key, this.backend.build(source, config, `${n}`));
      }),
    );
  }

  /** Times the reference (the naive baseline) once per run; cached like a candidate. */
  async measureBaseline(binary: string): Promise<Timing> {
    const key = this.key('baseline', {});
    const hit = await this.cache.get(key);
    const cached = hit?.status === 'ok' ? cachedTiming(hit) : undefined;
    if (cached) return (this.baseline = cached);
    const which = this.backend.baselineIsStart ? 1 : 0;
    const probe = await this.backend.time(binary, which, 3, 1);
    if (!probe.ok) throw new Error(`the reference cannot be timed: ${probe.reason}`);
    // a very slow naive baseline gets fewer calls (≥ 10) so a run stays within minutes
    const per = median(probe.ns);
    const iters = Math.max(10, Math.min(MIN_ITERS, Math.floor(60e9 / Math.max(per, 1))));
    const full = await this.backend.time(binary, which, iters, 1);
    if (!full.ok) throw new Error(`the reference cannot be timed: ${full.reason}`);
    this.baseline = summarize(full.ns);
    await this.cache.put(key, { status: 'ok', ...this.baseline });
    return this.baseline;
  }

  private derive(t: Timing) {
    const seconds = t.medianNs / 1e9;
    return {
      speedup: this.baseline ? this.baseline.medianNs / t.medianNs : undefined,
      rooflinePct: this.peaks ? rooflinePercent(this.peaks, this.work.flops, this.work.bytes, seconds) : undefined,
    };
  }

  async evaluate(n: number, origin: Evaluation['origin'], sourceId: string, source: string, config: Config): Promise<Evaluation> {
    const start = performance.now();
    const base = { n, origin, sourceId, config, accepted: false };
    const key = this.key(source, config);
    const done = (e: Omit<Evaluation, 'ms' | 'n' | 'origin' | 'sourceId' | 'config' | 'accepted'> & { accepted?: boolean }): Evaluation => ({ ...base, ...e, ms: performance.now() - start });
    const hit = await this.cache.get(key);
    const hitTiming = hit ? cachedTiming(hit) : undefined;
    // a cached result beyond the roofline is never taken on trust: it is judged again (re-verified, re-timed)
    const hitBeyond = hit?.status === 'ok' && hitTiming !== undefined && (this.derive(hitTiming).rooflinePct ?? 0) > 100;
    if (hit && (hit.status !== 'ok' || hit.medianNs) && !hitBeyond) {
      const timing = hitTiming;
      const ev = done({ status: hit.status, ...(hit.stage ? { stage: hit.stage } : {}), ...(hit.reason ? { reason: hit.reason } : {}), ...(timing ? { timing, ...this.derive(timing) } : {}), cached: true });
      if (timing && hit.status === 'ok' && (!this.incumbent || timing.medianNs < this.incumbent.medianNs)) {
        this.incumbent = { sourceId, config, medianNs: timing.medianNs, minNs: timing.minNs, timing };
        ev.accepted = true;
      }
      return ev;
    }
    const built = await (this.prebuilt.get(key) ?? this.backend.build(source, config, `${n}`));
    this.prebuilt.delete(key);
    if (!built.ok) {
      await this.cache.put(key, { status: 'rejected', stage: 'compile', reason: built.reason });
      return done({ status: 'rejected', stage: 'compile', reason: built.reason, cached: false });
    }
    if (this.backend.compileOnly) return done({ status: 'compiled', reason: this.backend.compileOnlyReason ?? 'compiled only', cached: false });
    const checked = await this.backend.check(built.binary);
    if (!checked.ok) {
      await this.cache.put(key, { status: 'rejected', stage: checked.stage, reason: checked.reason });
      return done({ status: 'rejected', stage: checked.stage, reason: checked.reason, cached: false });
    }
    if (!this.baseline) await this.measureBaseline(built.binary);
    const probe = await this.backend.time(built.binary, 1, 3, 1);
    if (!probe.ok) return this.reject(key, done, 'timing', probe.reason);
    // min, not median: a load spike on a shared machine must not throw a good candidate away
    if (this.incumbent && Math.min(...probe.ns) > 1.5 * (this.incumbent.minNs ?? this.incumbent.medianNs)) {
      const timing = summarize(probe.ns);
      const reason = `slower than the best so far in a 3-call probe (fastest call ${fmtMs(timing.minNs)} vs the best's ${fmtMs(this.incumbent.minNs ?? this.incumbent.medianNs)}, > 1.5x)`;
      await this.cache.put(key, { status: 'slower', reason, ...timing });
      return done({ status: 'slower', reason, timing, ...this.derive(timing), cached: false });
    }
    const full = await this.backend.time(built.binary, 1, MIN_ITERS, 3);
    if (!full.ok) return this.reject(key, done, 'timing', full.reason);
    let timing = summarize(full.ns);
    let derived = this.derive(timing);
    let suspect = false;
    if (derived.rooflinePct !== undefined && derived.rooflinePct > 100) {
      // beyond what the hardware allows: re-verify with a fresh seed and re-time before believing it
      suspect = true;
      const again = await this.backend.check(built.binary);
      if (!again.ok) return this.reject(key, done, again.stage, `beyond the roofline (${derived.rooflinePct.toFixed(0)} %) and failed re-verification: ${again.reason}`);
      const retime = await this.backend.time(built.binary, 1, MIN_ITERS, 3);
      if (!retime.ok) return this.reject(key, done, 'timing', retime.reason);
      timing = summarize(retime.ns);
      derived = this.derive(timing);
      // the machine's limit may have moved (a VM's cores re-placed mid-run): measure it again, keeping the best
      if (derived.rooflinePct !== undefined && derived.rooflinePct > 100 && this.refreshPeaks) {
        this.peaks = (await this.refreshPeaks()) ?? this.peaks;
        derived = this.derive(timing);
        // within the limit measured now: the result was re-verified and is no longer suspect
        suspect = derived.rooflinePct === undefined || derived.rooflinePct > 100;
      }
    }
    let accepted = false;
    let ab: AbResult | undefined;
    if (!this.incumbent) accepted = true;
    else if (timing.medianNs < this.incumbent.medianNs) {
      ab = await this.abCompare(built.binary, timing);
      accepted = ab?.accepted ?? false;
    }
    if (accepted) this.incumbent = { sourceId, config, medianNs: timing.medianNs, minNs: timing.minNs, binary: built.binary, timing };
    await this.cache.put(key, { status: 'ok', ...timing });
    const notes: string[] = [];
    if (ab && !accepted) notes.push(`${ab.noise === 'within noise' ? 'within noise' : 'not faster'}: ${fmtRatioCI(ab.ratio, ab.ci)} the speed of the best so far in ${ab.how}; a gain is accepted only when the whole interval is above 1 (and the median gain above 1 %)`);
    else if (ab) notes.push(`faster than the best so far: ${fmtRatioCI(ab.ratio, ab.ci)} in ${ab.how}`);
    if (suspect) notes.push(`suspect: ${derived.rooflinePct?.toFixed(0)} % of the measured roofline (beyond both the memory-bandwidth and the compute roof) after re-verification with a fresh seed and re-timing`);
    const reason = notes.join('; ') || undefined;
    return done({
      status: 'ok',
      timing,
      ...derived,
      ...(suspect ? { suspect } : {}),
      accepted,
      cached: false,
      ...(ab ? { ratio: ab.ratio, ratioCI: ab.ci, noise: ab.noise, ...(ab.accepted ? { abGain: ab.ratio - 1 } : {}) } : {}),
      ...(reason ? { reason } : {}),
    });
  }

  private async reject(key: string, done: (e: Omit<Evaluation, 'ms' | 'n' | 'origin' | 'sourceId' | 'config' | 'accepted'>) => Evaluation, stage: string, reason: string) {
    await this.cache.put(key, { status: 'rejected', stage, reason } satisfies CachedResult);
    return done({ status: 'rejected', stage, reason, cached: false });
  }

  /**
   * Interleaved A/B, sequential: 7 paired rounds (incumbent then candidate, 10 calls each (3–10 for long calls), back to
   * back so a change in machine load hits both); the ratios' median and its distribution-free
   * interval at ≥ 85 % (7 rounds: [x(2), x(6)], i.e. 6 or more wins out of 7, 1 in 16 by chance).
   * When the interval holds 1 but the rounds are split (4 or 5 wins: a load swing hid part of
   * them), 7 more rounds: [x(4), x(11)] of 14 (94 %, 11 or more wins). Accepted when the interval
   * lies above 1 and the median gain is above 1 %.
   */
  private async abCompare(candidate: string, timing: Timing): Promise<AbResult | undefined> {
    const inc = this.incumbent!;
    if (!inc.binary) {
      // the incumbent came from the cache (no binary to re-run): the separate medians and their intervals
      const ratio = inc.medianNs / timing.medianNs;
      const ci = inc.timing ? separateRatioCI(inc.timing, timing) : undefined;
      const verdict = ci ? noiseVerdict(ci) : ratio - 1 > Math.max(0.02, Math.min(0.2, timing.spread)) ? 'faster' : 'within noise';
      return { ratio, ...(ci ? { ci } : {}), noise: verdict, accepted: verdict === 'faster' && ratio > 1.01, how: 'separate timings (the best so far came from the cache)' };
    }
    const ratios: number[] = [];
    // calls per round: 10, fewer (≥ 3) when a call is long, so a round stays near 0.1 s a side; the
    // rounds, not the calls within one, carry the statistics (each round's ratio is one sample)
    const calls = abCallsPerRound(Math.max(inc.medianNs, timing.medianNs));
    const rounds = async (n: number) => {
      for (let round = 0; round < n; round++) {
        const ta = await this.backend.time(inc.binary!, 1, calls, 1);
        const tb = await this.backend.time(candidate, 1, calls, 1);
        if (!ta.ok || !tb.ok) return false;
        ratios.push(median(ta.ns) / median(tb.ns));
      }
      return true;
    };
    const wins = () => ratios.filter((r) => r > 1).length;
    if (!(await rounds(7))) return undefined;
    if (wins() >= 4 && wins() <= 5 && !(await rounds(7))) return undefined;
    const ci = medianCI(ratios, 0.85);
    const ratio = median(ratios);
    const verdict = noiseVerdict(ci);
    return { ratio, ci, noise: verdict, accepted: verdict === 'faster' && ratio > 1.01, how: `${ratios.length} interleaved A/B rounds` };
  }

  /**
   * The headline speedup, measured fairly: the naive reference and the best kernel timed in
   * paired rounds (reference, then best, back to back); the median of the per-round ratios with
   * its distribution-free interval, and beside it the ratio of the separately measured medians
   * with its (conservative) interval. Within noise when the paired interval holds 1.
   */
  async interleavedSpeedup(rounds = 5): Promise<ConfirmedSpeedup | undefined> {
    const inc = this.incumbent;
    if (!inc?.binary || this.backend.baselineIsStart || !this.baseline) return undefined;
    // the same warm-up for both, and as many calls when the reference is fast enough (fewer, colder calls would bias the ratio)
    const refIters = Math.max(3, Math.min(20, Math.floor(5e9 / this.baseline.medianNs)));
    const ratios: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const ta = await this.backend.time(inc.binary, 0, refIters, 2);
      const tb = await this.backend.time(inc.binary, 1, 20, 2);
      if (!ta.ok || !tb.ok) return undefined;
      ratios.push(median(ta.ns) / median(tb.ns));
    }
    const ci = medianCI(ratios, 0.9);
    const sepCi = inc.timing ? separateRatioCI(this.baseline, inc.timing) : undefined;
    return { speedup: median(ratios), ratios, ci, noise: noiseVerdict(ci), separate: { speedup: this.baseline.medianNs / inc.medianNs, ...(sepCi ? { ci: sepCi } : {}) } };
  }
}

/** Timed calls per side of an A/B round: 10, down to 3 when one call takes more than 10 ms. */
export function abCallsPerRound(callNs: number): number {
  return Math.max(3, Math.min(10, Math.floor(0.1e9 / Math.max(callNs, 1))));
}

interface AbResult { ratio: number; ci?: MedianCI; noise: 'faster' | 'slower' | 'within noise'; accepted: boolean; how: string }
