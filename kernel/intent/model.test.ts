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
