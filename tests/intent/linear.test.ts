// The linear SVM (dual coordinate descent), its cross-validated cost, the SVM + softmax model
// through the engine's cache, and the recall threshold of the out-of-scope calibration.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SkillManifestSchema } from '../../kernel/contracts/index.js';
import { ClassicIntentEngine } from '../../kernel/intent/engine.js';
import { Vocabulary, rawFeatures, vectorize, vectorizeRaw } from '../../kernel/intent/features.js';
import { LinearSvm, pack, stratifiedFolds, svmProbabilities, tuneSvm } from '../../kernel/intent/linear.js';
import { recallThreshold } from '../../kernel/intent/calibrate.js';
import { rng } from '../../kernel/sdk/random.js';

const topics = ['weather', 'music', 'alarm', 'recipe', 'traffic', 'news', 'email', 'calendar'];
const verbs = ['tell me about', 'what is new with', 'show me the', 'any update on', 'give me the', 'how is the'];
const texts = topics.flatMap((t, c) => verbs.flatMap((v, k) => [{ text: `${v} ${t} please`, y: c, k }, { text: `${t} ${v} now`, y: c, k }]));

function vectors() {
  const vocab = new Vocabulary();
  const raw = texts.map((t) => rawFeatures(t.text));
  for (const r of raw) {
    vocab.observe(r.word.keys());
    vocab.observe(r.char.keys(), false);
  }
  vocab.finish();
  return { vocab, xs: raw.map((r) => vectorizeRaw(r, vocab)), ys: Int32Array.from(texts.map((t) => t.y)) };
}

const argmax = (a: Float64Array) => a.indexOf(Math.max(...a));

describe('linear SVM by dual coordinate descent', () => {
  it('fits its training data and generalises to a held-out phrasing', () => {
    const { vocab, xs, ys } = vectors();
    const rows = Int32Array.from(ys.keys()).filter((i) => texts[i]!.k !== 0);
    const { svm, alpha } = LinearSvm.train(pack(xs), ys, vocab.size, topics.length, { c: 1 }, rows);
    expect(alpha.length).toBe(rows.length * topics.length);
    const out = new Float64Array(topics.length);
    for (const i of rows) {
      svm.raw(xs[i]!, out);
      expect(argmax(out)).toBe(ys[i]);
    }
    // The held-out verb phrase (k === 0) is new; the topic word still decides.
    for (const i of Int32Array.from(ys.keys()).filter((i) => texts[i]!.k === 0)) {
      svm.raw(xs[i]!, out);
      expect(argmax(out)).toBe(ys[i]);
    }
  });

  it('warm-started from a smaller cost reaches the same solution as a cold start', () => {
    const { vocab, xs, ys } = vectors();
    const data = pack(xs);
    const small = LinearSvm.train(data, ys, vocab.size, topics.length, { c: 0.3, tolerance: 1e-4, maxPasses: 500 });
    const warm = LinearSvm.train(data, ys, vocab.size, topics.length, { c: 3, tolerance: 1e-4, maxPasses: 500 }, undefined, small.alpha);
    const cold = LinearSvm.train(data, ys, vocab.size, topics.length, { c: 3, tolerance: 1e-4, maxPasses: 500 });
    let diff = 0;
    for (let i = 0; i < cold.svm.w.length; i++) diff = Math.max(diff, Math.abs(cold.svm.w[i]! - warm.svm.w[i]!));
    expect(diff).toBeLessThan(0.01);
  });

  it('spreads every class over the folds', () => {
    const ys = Int32Array.from({ length: 90 }, (_, i) => i % 3);
    const fold = stratifiedFolds(ys, 3);
    for (let c = 0; c < 3; c++) for (let f = 0; f < 3; f++) expect(ys.filter((y, i) => y === c && fold[i] === f).length).toBe(10);
  });

  it('chooses its cost and probability scale by cross-validation, deterministically', () => {
    const { vocab, xs, ys } = vectors();
    const a = tuneSvm(xs, ys, vocab.size, topics.length, { grid: [0.1, 1, 10] });
    const b = tuneSvm(xs, ys, vocab.size, topics.length, { grid: [0.1, 1, 10] });
    expect([0.1, 1, 10]).toContain(a.c);
    expect(a.c).toBe(b.c);
    expect(a.temperature).toBe(b.temperature);
    expect(a.cvAccuracy).toBeGreaterThan(0.9);
    const p = new Float64Array(topics.length);
    svmProbabilities(a.svm, vectorize('what is the weather like', vocab), a.temperature, p);
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
    expect(argmax(p)).toBe(0);
  });
});

describe('the SVM beside the softmax in the engine', () => {
  const manifest = SkillManifestSchema.parse({
    id: 'topics', name: 'Topics', version: '1.0.0', description: 'topics', publisher: 't', entry: 'i.js',
    intents: topics.map((t) => ({ id: t, description: `about ${t}`, examples: verbs.flatMap((v) => [`${v} ${t} please`, `${t} ${v} now`]) })),
  });

  it('is trained from svmMinTexts on and restored from the cache with the same scores', () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'intent-svm-'));
    const make = () => {
      const e = new ClassicIntentEngine({ cacheDir, svmMinTexts: 0, oosThreshold: 0, oosSimilaritySmall: 0, lexicon: false });
      e.addSkill(manifest);
      return e;
    };
    const first = make();
    const r = first.recognize('could you tell me about the traffic');
    expect(r.candidates[0]).toMatchObject({ intent: 'traffic' });
    expect((first as unknown as { model: { svm?: { c: number } } }).model.svm?.c).toBeGreaterThan(0);
    // The character language models come with the SVM, and back from the cache with it.
    expect((first as unknown as { model: { charLm?: unknown } }).model.charLm).toBeDefined();
    const again = make();
    expect(again.recognize('could you tell me about the traffic').candidates.map((c) => [c.intent, c.confidence.toFixed(6)])).toEqual(
      r.candidates.map((c) => [c.intent, c.confidence.toFixed(6)]),
    );
    expect((again as unknown as { model: { charLm?: unknown } }).model.charLm).toBeDefined();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });
});

describe('recall threshold of the out-of-scope calibration', () => {
  it('refuses the share of unknowns asked for, counting those the out-of-scope class took', () => {
    const random = rng(3);
    const unknown = Array.from({ length: 200 }, (_, i) => ({ p: random(), oosTop: i < 20 }));
    for (const recall of [0.3, 0.5, 0.8]) {
      const t = recallThreshold(unknown, recall);
      const refused = unknown.filter((u) => u.oosTop || u.p < t).length;
      expect(refused).toBe(Math.round(recall * unknown.length));
    }
    expect(recallThreshold(unknown, 0.05)).toBe(0);
  });
});
