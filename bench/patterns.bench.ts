/**
 * Patterns benchmark: next-action prediction on FIFA (mixed-order Markov vs first-order Markov in
 * the same run), training time scaled to 30,000 sequences, and PrefixSpan mining time.
 * Run: npx tsx bench/patterns.bench.ts   → prints figures, writes bench/results/patterns.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluatePatterns } from '../kernel/patterns/evaluate.js';
import { MixedOrderMarkov } from '../kernel/patterns/markov.js';
import { prefixSpan } from '../kernel/patterns/prefixspan.js';
import { encode, readSpmf, Vocabulary } from '../kernel/patterns/spmf.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = process.env.PATTERNS_DATA ?? path.resolve(here, '../../shared/data/patterns/fifa');

const report = evaluatePatterns(dataDir);
console.log(JSON.stringify(report));
console.log(`top-1 ${report.top1} = ${(report.top1 / report.markov1_top1).toFixed(2)}× first-order Markov (${report.markov1_top1})`);

// 30,000 sequences: the training set plus the first test sequences (the target's size).
const vocab = new Vocabulary();
const all = encode([...readSpmf(path.join(dataDir, 'train.txt')), ...readSpmf(path.join(dataDir, 'test.txt'))], vocab).slice(0, 30_000);
const runs: { wall: number; cpu: number }[] = [];
for (let i = 0; i < 3; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  new MixedOrderMarkov({ order: report.order, discount: report.discount }).train(all);
  const c = process.cpuUsage(c0);
  runs.push({ wall: Math.round(performance.now() - t0), cpu: Math.round((c.user + c.system) / 1000) });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const train30k = { sequences: all.length, order: report.order, wall_ms: median(runs.map((r) => r.wall)), cpu_ms: median(runs.map((r) => r.cpu)) };
console.log(`training on ${all.length} sequences: median wall ${train30k.wall_ms} ms, CPU ${train30k.cpu_ms} ms`);

const t0 = performance.now();
const patterns = prefixSpan(all, { minSupport: 0.01, maxGap: 1, maxLength: 4, minLength: 2 });
const mining = { min_support: '1%', max_gap: 1, max_length: 4, patterns: patterns.length, ms: Math.round(performance.now() - t0), top: patterns.slice(0, 3) };
console.log(`PrefixSpan (support ≥ 1%, adjacent steps, ≤ 4 items): ${mining.patterns} patterns in ${mining.ms} ms`);

const result = {
  date: new Date().toISOString(),
  machine: `${os.cpus().length} vCPU ${os.cpus()[0]?.model ?? ''}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)}`,
  fifa: report,
  train30k,
  mining,
};
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
fs.writeFileSync(path.join(here, 'results', 'patterns.json'), JSON.stringify(result, null, 2));
console.log('wrote bench/results/patterns.json');
