/**
 * Intent engine benchmark: accuracy on SNIPS, HWU64 and Banking77 (BENCHMARKS.md protocol), two
 * out-of-scope dev protocols, the built-in skills (training time, cold model load from the profile
 * cache, template matching) and scale: 5,000 intents synthesised from the three sets (latency,
 * training, RSS, adding one skill incrementally).
 * Out-of-scope protocols (thresholds are only ever chosen on training data):
 *  - held-out: every 4th intent (sorted by name) is left out of training and its test lines become null;
 *    run at the default threshold and calibrated toward recall 0.5 (--oos-recall 0.5);
 *  - explicit: the same, but the training lines of other intents (i % 4 == 3) are given as
 *    `"intent": null` training examples (and their test lines dropped) — out-of-scope training
 *    data about other topics than the test's out-of-scope lines, as in CLINC150.
 * Peers (--only peers, and in the full run): TF-IDF word 1–2 + char 2–5 grams with LinearSVC and
 * with logistic regression, C cross-validated on train (bench/peers-intent/tfidf_linear.py). They
 * need Python 3 with scikit-learn (Debian: apt-get install python3-sklearn); without it they are
 * skipped and the results say so.
 * Union (--only union, and in the full run): the three sets as one skill of 148 intents (intent names
 * prefixed with the set), a skill set whose features × intents pass the dense-weight budget; with
 * the LinearSVC peer on the same files.
 * Character models (--only charlm; not in the full run, ~10 min): how the character language models'
 * mix (kernel/intent/model.ts CHAR_LM) was chosen — stratified 5-fold cross-validation on each
 * training file only, the engine's softmax + SVM per fold, each (sharpness, weight) of a grid mixed in
 * by the shipped code path; and the models' size and counting time on the whole training file.
 * Run: npx tsx bench/intent.bench.ts [--only accuracy|oos|builtin|scale|peers|union|charlm]
 */
import fs from 'node:fs';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readIntentFile, type IntentLine } from '../kernel/intent/dataset.js';
import { evaluateIntent, type IntentEvalResult } from '../kernel/intent/evaluate.js';
import { SkillManifestSchema, type SkillManifest } from '../kernel/contracts/index.js';
import { ClassicIntentEngine } from '../kernel/intent/engine.js';
import { CharLanguageModels } from '../kernel/intent/charlm.js';
import { SoftmaxModel } from '../kernel/intent/classifier.js';
import { rawFeatures, Vocabulary, vectorizeRaw } from '../kernel/intent/features.js';
import { stratifiedFolds, svmProbabilities, tuneSvm } from '../kernel/intent/linear.js';
import { CHAR_LM, mixCharLm } from '../kernel/intent/model.js';
import { discoverSkillDirs, loadManifest } from '../kernel/skills/manifest-loader.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const data = path.resolve(here, '../../shared/data/intent');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const sets = ['snips', 'hwu64', 'banking77'];
const out = path.join(here, 'results', 'intent.json');
const results: Record<string, unknown> = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as Record<string, unknown>) : {};
results.date = new Date().toISOString();
results.node = process.version;
results.loadavg_start = os.loadavg().map((x) => Math.round(x * 100) / 100);
const load = (s: string, f: string) => readIntentFile(path.join(data, s, `${f}.jsonl`));
const show = (name: string, r: IntentEvalResult | Record<string, unknown>) => {
  results[name] = r;
  console.log(name, JSON.stringify(r));
};

const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;

/** The built-in skills: training time now vs the previous defaults (24 expansions, 8 epochs), cache load, template pass. */
async function builtinBench(dir: string): Promise<Record<string, unknown>> {
  const manifests = discoverSkillDirs(dir).flatMap((d) => { const l = loadManifest(d); return l.ok ? [l.manifest] : []; });
  const cacheDir = fs.mkdtempSync(path.join(path.dirname(out), '.intent-cache-'));
  const build = (o: ConstructorParameters<typeof ClassicIntentEngine>[0] = {}) => {
    const t0 = performance.now();
    const e = new ClassicIntentEngine(o);
    for (const m of manifests) e.addSkill(m);
    return { e, buildMs: ms(t0) };
  };
  const time = (f: () => void) => { const t0 = performance.now(); f(); return ms(t0); };
  const row: Record<string, unknown> = { skills: manifests.length, intents: manifests.reduce((n, m) => n + m.intents.length, 0) };
  const old = build({ expansionsPerTemplate: 24, epochs: 8, smallEpochs: 8 });
  row.train_ms_previous_defaults = time(() => old.e.train());
  const now = build({ cacheDir });
  row.construct_ms = now.buildMs;
  row.train_ms = time(() => now.e.train());
  const cold = build({ cacheDir });
  row.cache_load_ms = time(() => cold.e.train());
  const first = build();
  row.first_template_request_ms = time(() => first.e.recognize('add a note buy oat milk'));
  const texts = manifests.flatMap((m) => m.intents.flatMap((i) => i.examples.slice(0, 3).map((x) => x.replace(/\[([^\]]+)\]\([\w]+\)/g, '$1'))));
  for (const t of texts) now.e.recognize(t);
  const times = texts.map((t) => time(() => now.e.recognize(t))).sort((a, b) => a - b);
  row.requests = texts.length;
  row.warm_p50_ms = times[times.length >> 1];
  row.warm_p95_ms = times[Math.floor(times.length * 0.95)];
  fs.rmSync(cacheDir, { recursive: true, force: true });
  return row;
}

/** 5,000 intents = the 148 real intents × copies told apart by a product word, 20 examples each. */
function scaleBench(all: IntentLine[]): Record<string, unknown> {
  const byIntent = new Map<string, string[]>();
  for (const l of all) byIntent.set(`${l.intent}`, [...(byIntent.get(`${l.intent}`) ?? []), l.text]);
  const base = [...byIntent.entries()];
  const words = ['acme', 'zephyr', 'orbit', 'quill', 'lumen', 'vortex', 'nimbus', 'cobalt', 'ember', 'fjord', 'glyph', 'harbor', 'ionic', 'jasper', 'krypton', 'lotus', 'mosaic', 'nectar', 'onyx', 'prism', 'quartz', 'raven', 'saffron', 'tundra', 'umbra', 'velvet', 'willow', 'xenon', 'yonder', 'zenith', 'alder', 'birch', 'cedar', 'dahlia'];
  const skills: SkillManifest[] = [];
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
  global.gc?.();
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
  global.gc?.();
  return {
    heap_used_mb: Math.round(process.memoryUsage().heapUsed / 1048576),
    intents: made,
    train_ms: Math.round(trainMs),
    add_skill_ms: Math.round(addMs),
    p50_ms: Math.round(times[times.length >> 1]! * 100) / 100,
    p95_ms: Math.round(times[Math.floor(times.length * 0.95)]! * 100) / 100,
    rss_mb: Math.round(process.memoryUsage().rss / 1048576),
    rss_growth_mb: Math.round((process.memoryUsage().rss - rss0) / 1048576),
  };
}

/** Cross-validated choice of the character models' mix on one training file (see the header). */
function charLmBench(train: IntentLine[]): Record<string, unknown> {
  const lines = train.filter((l) => l.intent !== null);
  const names = new Map<string, number>();
  const ys = Int32Array.from(lines, (l) => names.get(l.intent!) ?? (names.set(l.intent!, names.size), names.size - 1));
  const texts = lines.map((l) => l.text.slice(0, 500));
  const nc = names.size;
  const grid = [{ temperature: 1, weight: 0 }, ...[5, 10, 20].flatMap((temperature) => [0.1, 0.2, 0.3, 0.5].map((weight) => ({ temperature, weight })))];
  const key = (g: { temperature: number; weight: number }) => (g.weight === 0 ? 'base' : `T${g.temperature}_w${g.weight}`);
  const right: Record<string, number[]> = {};
  const folds = stratifiedFolds(ys, 5, 123);
  for (let f = 0; f < 5; f++) {
    const tr = [...ys.keys()].filter((i) => folds[i] !== f);
    const te = [...ys.keys()].filter((i) => folds[i] === f);
    const raws = tr.map((i) => rawFeatures(texts[i]!));
    const vocab = new Vocabulary();
    for (const r of raws) {
      vocab.observe(r.word.keys());
      vocab.observe(r.char.keys(), false);
    }
    vocab.finish();
    const xs = raws.map((r) => vectorizeRaw(r, vocab));
    const y = Int32Array.from(tr, (i) => ys[i]!);
    const softmax = new SoftmaxModel(vocab.size, nc);
    softmax.train(xs, y, { epochs: 8 });
    const svm = tuneSvm(xs, y, vocab.size, nc);
    const lm = CharLanguageModels.train(tr.map((i) => texts[i]!), y, CHAR_LM.order);
    const q = new Float64Array(nc);
    for (const g of grid) (right[key(g)] ??= []).push(0);
    for (const i of te) {
      const x = vectorizeRaw(rawFeatures(texts[i]!), vocab);
      const base = softmax.probabilities(x);
      svmProbabilities(svm.svm, x, svm.temperature, q);
      for (let c = 0; c < nc; c++) base[c] = 0.5 * base[c]! + 0.5 * q[c]!;
      for (const g of grid) {
        const p = Float64Array.from(base);
        if (g.weight > 0) mixCharLm(p, lm, texts[i]!, { ...CHAR_LM, ...g });
        let best = 0;
        for (let c = 1; c < nc; c++) if (p[c]! > p[best]!) best = c;
        if (best === ys[i]) right[key(g)]![f]!++;
      }
    }
    console.error(`  fold ${f + 1}/5: base ${right.base![f]}, shipped ${right[key(CHAR_LM)]![f]} of ${te.length}`);
  }
  let t = performance.now();
  const lm = CharLanguageModels.train(texts, ys, CHAR_LM.order);
  const countMs = performance.now() - t;
  const a = lm.snapshot();
  t = performance.now();
  for (const text of texts.slice(0, 1000)) lm.logLikelihoods(text, Array.from({ length: Math.min(CHAR_LM.top, nc) }, (_, c) => c));
  return {
    texts: texts.length,
    shipped: key(CHAR_LM),
    right: Object.fromEntries(Object.entries(right).map(([k, v]) => [k, { total: v.reduce((s, x) => s + x, 0), folds: v }])),
    count_ms: Math.round(countMs),
    ngrams: a.nKeys.length,
    histories: a.hKeys.length,
    mb: Math.round(((a.nKeys.byteLength + a.nCounts.byteLength + a.hKeys.byteLength + a.hStats.byteLength) / 1048576) * 10) / 10,
    read_ms_per_request: Math.round(((performance.now() - t) / Math.min(1000, texts.length)) * 1000) / 1000,
  };
}

/** A Python 3 that has scikit-learn, or undefined. */
function sklearnPython(): string | undefined {
  for (const py of [process.env.PEER_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p)) {
    if (spawnSync(py, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0) return py;
  }
  return undefined;
}

/** The peers on one data set (train and test files): one result object per model, or a note that they were skipped. */
function peers(train: string, test: string, models?: string): Record<string, unknown> {
  const py = sklearnPython();
  if (!py) return { skipped: 'scikit-learn is not installed (apt-get install python3-sklearn, or set PEER_PYTHON to a python that has it)' };
  const run = spawnSync(py, [path.join(here, 'peers-intent', 'tfidf_linear.py'), train, test, ...(models ? ['--models', models] : [])], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) return { skipped: `the peer script failed: ${run.stderr.trim().split('\n').pop()}` };
  const row: Record<string, unknown> = {};
  for (const line of run.stdout.trim().split('\n')) {
    const r = JSON.parse(line) as { peer: string };
    row[r.peer] = r;
  }
  return row;
}

for (const s of sets) {
  const train = load(s, 'train');
  const test = load(s, 'test');
  if (!only || only === 'accuracy') {
    show(s, evaluateIntent(train, test));
    show(`${s}_calibrated_r50`, evaluateIntent(train, test, { oosCalibration: { recall: 0.5 } }));
  }
  if (!only || only === 'oos') {
    const names = [...new Set(train.map((l) => l.intent!))].sort();
    const held = new Set(names.filter((_, i) => i % 4 === 1));
    const other = new Set(names.filter((_, i) => i % 4 === 3));
    const asOos = (l: IntentLine): IntentLine => (held.has(l.intent!) ? { ...l, intent: null, slots: [] } : l);
    const kept = train.filter((l) => !held.has(l.intent!));
    show(`${s}_heldout_oos`, evaluateIntent(kept, test.map(asOos)));
    show(`${s}_heldout_oos_r50`, evaluateIntent(kept, test.map(asOos), { oosCalibration: { recall: 0.5 } }));
    // Out-of-scope training lines come from intents (other) that the test never asks about.
    const explicit = kept.map((l): IntentLine => (other.has(l.intent!) ? { ...l, intent: null, slots: [] } : l));
    show(`${s}_explicit_oos`, evaluateIntent(explicit, test.filter((l) => !other.has(l.intent!)).map(asOos)));
  }
  if (only === 'charlm') show(`${s}_charlm`, charLmBench(train));
  if (!only || only === 'peers') show(`${s}_peers`, peers(path.join(data, s, 'train.jsonl'), path.join(data, s, 'test.jsonl')));
}
if (!only || only === 'union') {
  const union = (f: string) => sets.flatMap((s) => load(s, f).map((l) => (l.intent === null ? l : { ...l, intent: `${s}:${l.intent}` })));
  show('union', evaluateIntent(union('train'), union('test')));
  // The LinearSVC peer on the same union (logistic regression takes hours at this size).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intent-union-'));
  for (const f of ['train', 'test']) fs.writeFileSync(path.join(dir, `${f}.jsonl`), union(f).map((l) => JSON.stringify(l)).join('\n') + '\n');
  show('union_peers', peers(path.join(dir, 'train.jsonl'), path.join(dir, 'test.jsonl'), 'svm'));
  fs.rmSync(dir, { recursive: true, force: true });
}
if (!only || only === 'builtin') show('builtin', await builtinBench(path.resolve(here, '../skills')));
if (!only || only === 'scale') show('scale', scaleBench(sets.flatMap((s) => load(s, 'train'))));
results.loadavg_end = os.loadavg().map((x) => Math.round(x * 100) / 100);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(results, null, 2));
