/** Timing statistics that survive a noisy machine: median, min, spread (IQR / median). */
export interface Timing { medianNs: number; minNs: number; spread: number; iters: number }

export function summarize(ns: readonly number[]): Timing {
  const s = [...ns].sort((a, b) => a - b);
  const q = (f: number) => s[Math.min(s.length - 1, Math.max(0, Math.round(f * (s.length - 1))))]!;
  const median = q(0.5);
  return { medianNs: median, minNs: s[0] ?? 0, spread: median > 0 ? (q(0.75) - q(0.25)) / median : 0, iters: s.length };
}

export function median(xs: readonly number[]): number {
  return summarize(xs).medianNs;
}

/** A duration in ns as "1.23 ms" or "45.6 µs". */
export function fmtMs(ns: number): string {
  return ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(1)} µs`;
}
