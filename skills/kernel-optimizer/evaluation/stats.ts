/**
 * Timing statistics that survive a noisy machine: median, min, spread (IQR / median), and
 * distribution-free confidence intervals of a median (from order statistics: no assumption on
 * the shape of the noise), for single timings and for ratios of paired rounds.
 */
export interface Timing {
  medianNs: number;
  minNs: number;
  spread: number;
  iters: number;
  /** The confidence interval of the median (ciLevel, e.g. 0.95), when measured with this version. */
  ciLowNs?: number;
  ciHighNs?: number;
  ciLevel?: number;
}

/** A confidence interval of a median: [lo, hi] holds the true median with probability ≥ level. */
export interface MedianCI { lo: number; hi: number; level: number; n: number }

/** P(X ≤ k) for X ~ Binomial(n, 1/2). */
function binomHalfCdf(k: number, n: number): number {
  let term = Math.pow(0.5, n);
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    sum += term;
    term = (term * (n - i)) / (i + 1);
  }
  return sum;
}

/**
 * The distribution-free confidence interval of the median of xs: the order statistics
 * [x(k), x(n+1-k)] with the largest k whose coverage 1 - 2·P(Bin(n, ½) ≤ k-1) is at least
 * `level`; with too few values for that level, [min, max] and its (higher) coverage. With 7 paired
 * rounds at level 0.85 this is [x(2), x(6)] (87.5 %): its low end above 1 is "6 of 7 rounds won".
 */
export function medianCI(xs: readonly number[], level = 0.95): MedianCI {
  const s = [...xs].filter(Number.isFinite).sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return { lo: NaN, hi: NaN, level: 0, n };
  if (n === 1) return { lo: s[0]!, hi: s[0]!, level: 0, n };
  let k = 1;
  while (k + 1 <= Math.floor((n + 1) / 2) && 1 - 2 * binomHalfCdf(k, n) >= level) k++;
  return { lo: s[k - 1]!, hi: s[n - k]!, level: 1 - 2 * binomHalfCdf(k - 1, n), n };
}

export function summarize(ns: readonly number[]): Timing {
  const s = [...ns].sort((a, b) => a - b);
  const q = (f: number) => s[Math.min(s.length - 1, Math.max(0, Math.round(f * (s.length - 1))))]!;
  const median = q(0.5);
  const ci = medianCI(s);
  return { medianNs: median, minNs: s[0] ?? 0, spread: median > 0 ? (q(0.75) - q(0.25)) / median : 0, iters: s.length, ...(s.length >= 2 ? { ciLowNs: ci.lo, ciHighNs: ci.hi, ciLevel: ci.level } : {}) };
}

export function median(xs: readonly number[]): number {
  return summarize(xs).medianNs;
}

/**
 * The ratio a/b of two separately measured medians with a conservative interval from their
 * own intervals ([a.lo / b.hi, a.hi / b.lo], coverage ≥ the product of theirs); undefined
 * when either timing has no interval (measured before intervals were kept).
 */
export function separateRatioCI(a: Timing, b: Timing): MedianCI | undefined {
  if (a.ciLowNs === undefined || a.ciHighNs === undefined || b.ciLowNs === undefined || b.ciHighNs === undefined || b.ciLowNs <= 0 || b.ciHighNs <= 0) return undefined;
  return { lo: a.ciLowNs / b.ciHighNs, hi: a.ciHighNs / b.ciLowNs, level: (a.ciLevel ?? 0) * (b.ciLevel ?? 0), n: Math.min(a.iters, b.iters) };
}

/** How a measured ratio (> 1: faster) stands against its interval: beyond the noise or within it. */
export function noiseVerdict(ci: Pick<MedianCI, 'lo' | 'hi'>): 'faster' | 'slower' | 'within noise' {
  return ci.lo > 1 ? 'faster' : ci.hi < 1 ? 'slower' : 'within noise';
}

/** "1.23× (87.5 % CI 1.10–1.31×, 7 rounds)". */
export function fmtRatioCI(ratio: number, ci: MedianCI | undefined): string {
  if (!ci || !Number.isFinite(ci.lo)) return `${ratio.toFixed(2)}×`;
  return `${ratio.toFixed(2)}× (${(ci.level * 100).toFixed(ci.level * 100 >= 99.95 ? 0 : 1)} % CI ${ci.lo.toFixed(2)}–${ci.hi.toFixed(2)}×, n = ${ci.n})`;
}

/** A duration in ns as "1.23 ms" or "45.6 µs". */
export function fmtMs(ns: number): string {
  return ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(1)} µs`;
}
