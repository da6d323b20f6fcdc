// The centroid-only mode used at thousands of intents (forced here with maxDenseWeights: 0):
// streamed training, dense-accumulator scoring with a top-k selection, incremental skills, cache.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SkillManifestSchema } from '../contracts/index.js';
import { ClassicIntentEngine } from './index.js';
import { vectorize } from './features.js';

const topics = ['weather', 'music', 'alarm', 'recipe', 'traffic', 'news', 'email', 'calendar', 'lights', 'shopping'];
const skill = (id: string, words: string[]) =>
  SkillManifestSchema.parse({
    id, name: id, version: '1.0.0', description: id, publisher: 't', entry: 'i.js',
    intents: words.flatMap((w) => [
      { id: `${w}.ask`, description: `ask ${w}`, examples: [`tell me about the ${w}`, `what is the ${w} like`, `any ${w} news for me`] },
      { id: `${w}.set`, description: `set ${w}`, examples: [`change the ${w} settings`, `update my ${w} preferences`, `configure ${w}`] },
    ]),
  });

describe('centroid-only intent model', () => {
  it('ranks like the Map-based scores, takes a skill without retraining and survives the cache', () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'intent-centroid-'));
    const e = new ClassicIntentEngine({ maxDenseWeights: 0, cacheDir, oosSimilaritySmall: 0, oosThreshold: 0 });
    e.addSkill(skill('sa', topics.slice(0, 6)));
    const r = e.recognize('please update my music preferences');
    expect(r.candidates[0]).toMatchObject({ skill: 'sa', intent: 'music.set', source: 'classifier' });
    const model = (e as unknown as { model: { vocab: Parameters<typeof vectorize>[1]; centroids: { scores(x: unknown): Map<number, number> }; score(x: unknown): { cls: number; sim: number }[] } }).model;
    const x = vectorize('any traffic news for me', model.vocab);
    const byMap = [...model.centroids.scores(x)].sort((p, q) => q[1] - p[1]).slice(0, 5).map(([c]) => c);
    expect(model.score(x).slice(0, 5).map((s) => s.cls)).toEqual(byMap);
    e.addSkill(skill('sb', topics.slice(6)));
    expect(e.recognize('configure the lights').candidates[0]).toMatchObject({ skill: 'sb', intent: 'lights.set' });
    const again = new ClassicIntentEngine({ maxDenseWeights: 0, cacheDir, oosSimilaritySmall: 0, oosThreshold: 0 });
    again.addSkill(skill('sa', topics.slice(0, 6)));
    expect(again.recognize('please update my music preferences').candidates.map((c) => [c.intent, c.confidence.toFixed(6)])).toEqual(
      r.candidates.map((c) => [c.intent, c.confidence.toFixed(6)]),
    );
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });
});

describe('dense-weight budget', () => {
  // Ten intents whose texts each carry one word of their own (seen once) beside shared intent words.
  const unique = (i: number, k: number) => `zq${i}x${k}`;
  const manifest = SkillManifestSchema.parse({
    id: 'big', name: 'big', version: '1.0.0', description: 'big', publisher: 't', entry: 'i.js',
    intents: topics.map((w, i) => ({
      id: `${w}.ask`,
      description: `ask ${w}`,
      examples: Array.from({ length: 6 }, (_, k) => `tell me about the ${w} ${unique(i, k)}`),
    })),
  });
  const model = (e: ClassicIntentEngine) => (e as unknown as { model: { softmax?: unknown; vocab: { size: number; df: number[] } } }).model;
  const full = () => {
    const e = new ClassicIntentEngine({ oosSimilaritySmall: 0, oosThreshold: 0 });
    e.addSkill(manifest);
    e.recognize('tell me about the weather');
    return model(e);
  };

  it('drops the features seen in one text when that makes the dense classifier fit, and keeps recognising', () => {
    const all = full();
    expect(all.softmax).toBeDefined();
    const once = all.vocab.df.filter((d) => d === 1).length;
    expect(once).toBeGreaterThan(0);
    const budget = (all.vocab.size - once) * topics.length;
    const messages: string[] = [];
    const e = new ClassicIntentEngine({ maxDenseWeights: budget, oosSimilaritySmall: 0, oosThreshold: 0, progress: (m) => messages.push(m) });
    e.addSkill(manifest);
    expect(e.recognize('tell me about the traffic please').candidates[0]).toMatchObject({ intent: 'traffic.ask', source: 'classifier' });
    const pruned = model(e);
    expect(pruned.softmax).toBeDefined();
    expect(pruned.vocab.size).toBe(all.vocab.size - once);
    expect(Math.min(...pruned.vocab.df)).toBeGreaterThanOrEqual(2);
    expect(messages.some((m) => /seen in 2\+ texts/.test(m))).toBe(true);
  });

  it('falls back to centroids, with every feature, when even rare-feature pruning does not fit', () => {
    const all = full();
    const e = new ClassicIntentEngine({ maxDenseWeights: topics.length, oosSimilaritySmall: 0, oosThreshold: 0 });
    e.addSkill(manifest);
    expect(e.recognize('tell me about the traffic please').candidates[0]).toMatchObject({ intent: 'traffic.ask' });
    expect(model(e).softmax).toBeUndefined();
    expect(model(e).vocab.size).toBe(all.vocab.size);
  });
});
