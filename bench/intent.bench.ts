/**
 * Intent engine benchmark: accuracy on SNIPS, HWU64 and Banking77 (BENCHMARKS.md protocol), an
 * out-of-scope dev protocol (every 4th intent held out of training and its test lines relabelled
 * null), and scale: 5,000 intents synthesised from the three sets (latency, training, RSS,
 * adding one skill incrementally). Run: npx tsx bench/intent.bench.ts [--quick]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SkillManifestSchema } from '../kernel/contracts/index.js';
import { ClassicIntentEngine } from '../kernel/intent/engine.js';
import { readIntentFile, type IntentLine } from '../kernel/intent/dataset.js';
import { evaluateIntent } from '../kernel/intent/evaluate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const data = path.resolve(here, '../../shared/data/intent');
const sets = ['snips', 'hwu64', 'banking77'];
const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
const load = (s: string, f: string) => readIntentFile(path.join(data, s, `${f}.jsonl`));

for (const s of sets) {
  const r = evaluateIntent(load(s, 'train'), load(s, 'test'));
  results[s] = r;
  console.log(s, JSON.stringify(r));
  const train = load(s, 'train');
  const names = [...new Set(train.map((l) => l.intent!))].sort();
  const held = new Set(names.filter((_, i) => i % 4 === 1));
  const oos = evaluateIntent(
    train.filter((l) => !held.has(l.intent!)),
    load(s, 'test').map((l): IntentLine => (held.has(l.intent!) ? { ...l, intent: null, slots: [] } : l)),
  );
  results[`${s}_heldout_oos`] = oos;
  console.log(`${s} held-out OOS`, JSON.stringify(oos));
}

// Scale: 5,000 intents = the 148 real intents × copies told apart by a product word, 20 examples each.
const all = sets.flatMap((s) => load(s, 'train'));
const byIntent = new Map<string, string[]>();
for (const l of all) byIntent.set(`${l.intent}`, [...(byIntent.get(`${l.intent}`) ?? []), l.text]);
const base = [...byIntent.entries()];
const words = ['acme', 'zephyr', 'orbit', 'quill', 'lumen', 'vortex', 'nimbus', 'cobalt', 'ember', 'fjord', 'glyph', 'harbor', 'ionic', 'jasper', 'krypton', 'lotus', 'mosaic', 'nectar', 'onyx', 'prism', 'quartz', 'raven', 'saffron', 'tundra', 'umbra', 'velvet', 'willow', 'xenon', 'yonder', 'zenith', 'alder', 'birch', 'cedar', 'dahlia'];
const skills: ReturnType<typeof SkillManifestSchema.parse>[] = [];
let made = 0;
for (let copy = 0; made < 5000; copy++) {
  const intents = [];
  for (const [name, texts] of base) {
    if (made >= 5000) break;
    const w = words[copy % words.length]!;
    intents.push({ id: `i${made}`, description: `${name} in ${w}`, examples: texts.slice(0, 20).map((t) => `${t} in ${w}`) });
    made++;
  }
  skills.push(SkillManifestSchema.parse({ id: `scale-${copy}`, name: 'S', version: '1.0.0', description: 'scale', publisher: 'bench', entry: 'i.js', intents }));
}
const rss0 = process.memoryUsage().rss;
const engine = new ClassicIntentEngine();
const last = skills.pop()!;
let t = performance.now();
for (const m of skills) engine.addSkill(m);
engine.train();
const trainMs = performance.now() - t;
t = performance.now();
engine.addSkill(last);
const addMs = performance.now() - t;
const queries = all.filter((_, i) => i % 37 === 0).slice(0, 1000);
for (const q of queries.slice(0, 50)) engine.recognize(q.text);
const times: number[] = [];
for (const q of queries) {
  const a = performance.now();
  engine.recognize(`${q.text} in acme`);
  times.push(performance.now() - a);
}
times.sort((a, b) => a - b);
const scale = {
  intents: made,
  train_ms: Math.round(trainMs),
  add_skill_ms: Math.round(addMs),
  p50_ms: times[times.length >> 1],
  p95_ms: times[Math.floor(times.length * 0.95)],
  rss_mb: Math.round(process.memoryUsage().rss / 1048576),
  rss_growth_mb: Math.round((process.memoryUsage().rss - rss0) / 1048576),
};
results.scale = scale;
console.log('scale', JSON.stringify(scale));
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
fs.writeFileSync(path.join(here, 'results', 'intent.json'), JSON.stringify(results, null, 2));
