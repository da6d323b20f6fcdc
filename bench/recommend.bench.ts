/**
 * Recommender benchmark: quality on MetaTool (vs plain BM25 in the same run) and request latency
 * as the number of installed skills grows to 5,000 (a synthetic corpus made from MetaTool's tools
 * and requests with shuffled vocabulary, so postings and history have realistic shapes).
 * The peer — one-vs-rest LinearSVC over TF-IDF of the history's requests (bench/peers/linearsvc.ts,
 * scikit-learn's defaults) — is trained and measured in the same run on the same files.
 * Run: npx tsx bench/recommend.bench.ts   → prints figures, writes bench/results/recommend.json.
 * Latency is reported as wall time and as CPU time per request (the latter is what a quiet
 * machine would show; on a shared CI box wall time includes other processes' turns).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBeir, type BeirSet } from '../kernel/recommender/beir.js';
import { beirHistory, beirSkills, evaluateRecommender, PlainBm25 } from '../kernel/recommender/evaluate.js';
import { percentile, round } from '../kernel/recommender/metrics.js';
import type { HistoryEvent, SkillDoc } from '../kernel/recommender/model.js';
import { Recommender } from '../kernel/recommender/recommender.js';
import { hitAt1, mean, ndcgAt } from '../kernel/recommender/metrics.js';
import { LinearSvcPeer } from './peers/linearsvc.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = process.env.RECOMMEND_DATA ?? path.resolve(here, '../../shared/data/recommend/metatool');

let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};

/** `n` skills: MetaTool tools copied with a variant tag and a quarter of their words swapped for random corpus words. */
function synthetic(set: BeirSet, n: number, historyPerSkill: number) {
  const words = set.corpus.flatMap((d) => d.text.split(/\s+/));
  const mutate = (text: string, tag: string) =>
    `${text
      .split(/\s+/)
      .map((w) => (rand() < 0.25 ? words[Math.floor(rand() * words.length)]! : w))
      .join(' ')} ${tag}`;
  const byTool = new Map<string, string[]>();
  for (const [q, rel] of set.train ?? []) for (const t of rel) byTool.set(t, [...(byTool.get(t) ?? []), set.queries.get(q)!]);
  const skills: SkillDoc[] = [];
  const history: HistoryEvent[] = [];
  const probes: string[] = [];
  for (let i = 0; i < n; i++) {
    const base = set.corpus[i % set.corpus.length]!;
    const tag = `v${Math.floor(i / set.corpus.length)}`;
    const id = `${base.id}-${tag}`;
    skills.push({ id, name: `${base.title} ${tag}`, description: mutate(base.text, tag) });
    const qs = byTool.get(base.id) ?? [];
    for (let h = 0; h < historyPerSkill && qs.length > 0; h++) history.push({ text: mutate(qs[Math.floor(rand() * qs.length)]!, tag), skill: id });
    if (qs.length > 0 && probes.length < 2000) probes.push(mutate(qs[Math.floor(rand() * qs.length)]!, tag));
  }
  return { skills, history, probes };
}

function time(fn: (q: string) => unknown, probes: readonly string[]) {
  for (const q of probes.slice(0, 100)) fn(q);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const q of probes) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn(q);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { p50: round(percentile(wall, 50), 3), p95: round(percentile(wall, 95), 3), cpu_p50: round(percentile(cpu, 50), 3), cpu_p95: round(percentile(cpu, 95), 3) };
}

const set = loadBeir(dataDir);
console.log(`MetaTool: ${set.corpus.length} tools, ${set.test.size} test queries`);
const quality = evaluateRecommender(set);
console.log(JSON.stringify(quality));
// The LinearSVC peer on the same history and test queries.
const peer = (() => {
  const ids = set.corpus.map((d) => d.id);
  const history = beirHistory(set);
  const svc = new LinearSvcPeer();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  svc.fit(
    history.map((h) => h.text),
    history.map((h) => ids.indexOf(h.skill)),
    ids.length,
  );
  const trainMs = Math.round(performance.now() - t0);
  const cpu = process.cpuUsage(c0);
  const trainCpuMs = Math.round((cpu.user + cpu.system) / 1000);
  const tests = [...set.test].filter(([q]) => set.queries.has(q));
  const ranked = tests.map(([q]) => svc.rank(set.queries.get(q)!, 5).map((c) => ids[c]!));
  const timing = time((q) => svc.rank(q, 5), tests.map(([q]) => set.queries.get(q)!));
  return {
    method: 'one-vs-rest LinearSVC (C 1, squared hinge, L2, dual CD) over TF-IDF (sklearn defaults) of the history requests',
    'ndcg@5': round(mean(tests.map(([, rel], i) => ndcgAt(ranked[i]!, rel, 5))), 4),
    'hit@1': round(mean(tests.map(([, rel], i) => hitAt1(ranked[i]!, rel))), 4),
    train_ms: trainMs,
    train_cpu_ms: trainCpuMs,
    ...timing,
  };
})();
console.log(JSON.stringify(peer));
const noHistory = evaluateRecommender({ ...set, train: null });
console.log(`without history (manifest text only): ndcg@5 ${noHistory['ndcg@5']} vs plain BM25 ${noHistory['bm25_ndcg@5']}`);

const scale: Record<string, unknown>[] = [];
for (const n of [199, 1000, 5000]) {
  const { skills, history, probes } = synthetic(set, n, 20);
  const t0 = performance.now();
  const rec = Recommender.build(skills, history, { fit: false });
  const buildMs = Math.round(performance.now() - t0);
  const ours = time((q) => rec.recommend(q, { k: 5 }), probes);
  const plainSet: BeirSet = { corpus: skills.map((s) => ({ id: s.id, title: s.name, text: s.description })), queries: new Map(), test: new Map(), train: null };
  const plain = new PlainBm25(plainSet);
  const base = time((q) => plain.search(q, 5), probes);
  const row = { skills: n, history: history.length, build_ms: buildMs, ...ours, bm25_p50: base.p50, bm25_p95: base.p95, bm25_cpu_p95: base.cpu_p95 };
  scale.push(row);
  console.log(JSON.stringify(row));
}

const result = {
  date: new Date().toISOString(),
  machine: `${os.cpus().length} vCPU ${os.cpus()[0]?.model ?? ''}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)}`,
  metatool: quality,
  peer_linearsvc: peer,
  metatool_no_history: { 'ndcg@5': noHistory['ndcg@5'], 'hit@1': noHistory['hit@1'], 'bm25_ndcg@5': noHistory['bm25_ndcg@5'] },
  history_queries: beirHistory(set).length,
  tools: beirSkills(set).length,
  scale,
};
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
fs.writeFileSync(path.join(here, 'results', 'recommend.json'), JSON.stringify(result, null, 2));
console.log(`wrote bench/results/recommend.json`);
