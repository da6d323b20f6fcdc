/** Small statistics helpers shared by the benchmarks. */
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarize(samples: number[]): { n: number; p50: number; p95: number; min: number; max: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), min: s[0] ?? NaN, max: s.at(-1) ?? NaN, mean };
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export function machine(): string {
  return `${os.cpus().length} vCPU ${os.cpus()[0]?.model ?? ''}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

/** Writes bench/results/NAME.json with the date and machine. */
export function saveResults(name: string, figures: Record<string, unknown>): void {
  const dir = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ date: new Date().toISOString(), machine: machine(), ...figures }, null, 2) + '\n');
}
