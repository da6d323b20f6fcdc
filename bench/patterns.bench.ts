/**
 * Patterns benchmark: next-action prediction on FIFA — our blended predictor, the mixed-order
 * Markov model alone, first-order Markov, and the peers CPT+ and CPT (bench/peers/cpt.ts, IPredict's
 * FIFA settings) in the same run — training time (tuning included) at 30,000 sequences, and
 * PrefixSpan mining time. Latency is per prediction, wall and CPU.
 * Run: npx tsx bench/patterns.bench.ts   → prints figures, writes bench/results/patterns.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluatePatterns, scoreLastItem } from '../kernel/patterns/evaluate.js';
import type { Predictor } from '../kernel/patterns/markov.js';
import { prefixSpan } from '../kernel/patterns/prefixspan.js';
import { encode, readSpmf, Vocabulary } from '../kernel/patterns/spmf.js';
import { tuneBlend } from '../kernel/patterns/tune.js';
import { CptPeer, CptPlusPeer } from './peers/cpt.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = process.env.PATTERNS_DATA ?? path.resolve(here, '../../shared/data/patterns/fifa');

const report = evaluatePatterns(dataDir);
console.log(JSON.stringify(report));
console.log(`top-1 ${report.top1} = ${(report.top1 / report.markov1_top1).toFixed(2)}× first-order Markov (${report.markov1_top1}); mixed-order Markov alone ${report.markov_top1}`);

// The peers on the same files, same process.
const vocab = new Vocabulary();
const train = encode(readSpmf(path.join(dataDir, 'train.txt')), vocab);
const test = encode(readSpmf(path.join(dataDir, 'test.txt')), vocab);
const r4 = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
const peers: Record<string, unknown>[] = [];
for (const [name, model] of [
  ['CPT+ (IPredict FIFA profile: last 12 items per training sequence, window 5)', new CptPlusPeer()],
  ['CPT (same profile, recursive divider)', new CptPeer()],
] as [string, Predictor][]) {
  const t = performance.now();
  model.train(train);
  const trainMs = Math.round(performance.now() - t);
  const r = scoreLastItem(model, test);
  const row = { method: name, top1: r4(r.top1), top3: r4(r.top3), train_ms: trainMs, p50_ms: r4(r.p50, 3), p95_ms: r4(r.p95, 3), cpu_p50_ms: r4(r.cpuP50, 3), cpu_p95_ms: r4(r.cpuP95, 3) };
  peers.push(row);
  console.log(JSON.stringify(row));
}

// 30,000 sequences: the training set plus the first test sequences (the target's size); tuning included.
const all = [...train, ...test].slice(0, 30_000);
const runs: { wall: number; cpu: number }[] = [];
for (let i = 0; i < Number(process.env.PATTERNS_RUNS ?? 3); i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  tuneBlend(all);
  const c = process.cpuUsage(c0);
  runs.push({ wall: Math.round(performance.now() - t0), cpu: Math.round((c.user + c.system) / 1000) });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const train30k = { sequences: all.length, runs: runs.length, wall_ms: median(runs.map((r) => r.wall)), cpu_ms: median(runs.map((r) => r.cpu)), load: os.loadavg()[0]!.toFixed(1) };
console.log(`training (tuning included) on ${all.length} sequences: median wall ${train30k.wall_ms} ms, CPU ${train30k.cpu_ms} ms`);

const t0 = performance.now();
const patterns = prefixSpan(all, { minSupport: 0.01, maxGap: 1, maxLength: 4, minLength: 2 });
const mining = { min_support: '1%', max_gap: 1, max_length: 4, patterns: patterns.length, ms: Math.round(performance.now() - t0), top: patterns.slice(0, 3) };
console.log(`PrefixSpan (support ≥ 1%, adjacent steps, ≤ 4 items): ${mining.patterns} patterns in ${mining.ms} ms`);

const result = {
  date: new Date().toISOString(),
  machine: `${os.cpus().length} vCPU ${os.cpus()[0]?.model ?? ''}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)}`,
  fifa: report,
  peers,
  train30k,
  mining,
};
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
fs.writeFileSync(path.join(here, 'results', 'patterns.json'), JSON.stringify(result, null, 2));
console.log('wrote bench/results/patterns.json');
