// Dense-embedding fusion through the real transformers.js path: a tiny ONNX model and WordPiece
// tokenizer are generated into a temp folder, loaded by the feature-extraction pipeline, and fused
// with the classifier. Also: a missing model folder turns fusion off with a reason, and the
// engine keeps answering.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SkillManifestSchema } from '../contracts/index.js';
import { ClassicIntentEngine } from './index.js';
import { loadEmbedder } from './embeddings.js';
import { writeTinyEmbeddingModel } from '../../tests/intent/tiny-embedding-model.js';

const skill = SkillManifestSchema.parse({
  id: 'home', name: 'Home', version: '1.0.0', description: 'Music, weather, lights', publisher: 't', entry: 'i.js',
  intents: [
    { id: 'music.play', description: 'Play music', templates: ['play [some] music'], examples: ['play a song', 'i want to hear some jazz', 'put on an album'] },
    { id: 'weather.get', description: 'Weather', templates: ['what is the weather'], examples: ['will it rain today', 'is it sunny outside', 'what is the forecast'] },
    { id: 'light.on', description: 'Lights', templates: ['turn on the light'], examples: ['switch on the lamp', 'make it bright', 'it is too dark in here'] },
  ],
});

let root = '';
let modelDir = '';
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'intent-emb-'));
  modelDir = path.join(root, 'tiny-minilm');
  writeTinyEmbeddingModel(modelDir, {
    topics: {
      music: ['play', 'song', 'jazz', 'album', 'music', 'hear', 'melody', 'tune', 'playlist'],
      weather: ['weather', 'rain', 'sunny', 'forecast', 'outside', 'umbrella', 'drizzle', 'cloudy'],
      light: ['light', 'lamp', 'bright', 'dark', 'switch', 'bulb', 'dim'],
    },
    filler: ['i', 'want', 'to', 'some', 'a', 'an', 'on', 'put', 'will', 'it', 'today', 'is', 'what', 'the', 'make', 'too', 'in', 'here', 'turn', 'need', 'my', 'please'],
  });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('dense embeddings (transformers.js, generated ONNX model)', () => {
  it('loads the model and embeds texts of one topic close together', async () => {
    const e = await loadEmbedder({ modelDir });
    const [a, b, c] = await e.embed(['a jazz melody', 'play my playlist', 'cloudy with drizzle']);
    const cos = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * y[i]!, 0);
    expect(a!.length).toBe(16);
    expect(cos(a!, a!)).toBeCloseTo(1, 4);
    expect(cos(a!, b!)).toBeGreaterThan(0.8);
    expect(cos(a!, c!)).toBeLessThan(0.4);
  });

  it('fuses the model into recognition and raises the right intent', async () => {
    const cacheDir = path.join(root, 'cache');
    const plain = new ClassicIntentEngine();
    const dense = new ClassicIntentEngine({ embeddingModelDir: modelDir, cacheDir, oosThreshold: 0, oosSimilaritySmall: 0 });
    plain.addSkill(skill);
    dense.addSkill(skill);
    const text = 'my umbrella drizzle cloudy';
    await dense.prepare(text);
    expect(dense.embeddingError).toBeUndefined();
    const rec = dense.recognize(text);
    expect(rec.candidates[0]).toMatchObject({ intent: 'weather.get', source: 'fused' });
    const plainWeather = plain.recognize(text).candidates.find((c) => c.intent === 'weather.get')?.confidence ?? 0;
    expect(rec.candidates[0]!.confidence).toBeGreaterThan(plainWeather + 0.1);
    // The intents' mean vectors are written to the profile cache beside the classifier.
    expect(fs.readdirSync(cacheDir).filter((f) => f.startsWith('intent-model-')).length).toBeGreaterThanOrEqual(2);
    // Multi-step parts are prepared too; an unprepared text falls back to the classical scores.
    await dense.prepare('play a tune and then dim the bulb');
    expect(dense.recognize('dim the bulb').candidates[0]).toMatchObject({ intent: 'light.on', source: 'fused' });
    expect(dense.recognize('never prepared text about music').candidates[0]?.source).toBe('classifier');
  });

  it('says why when the folder is not a model, and keeps answering', async () => {
    const missing = path.join(root, 'no-such-model');
    const e = new ClassicIntentEngine({ embeddingModelDir: missing });
    e.addSkill(skill);
    await e.prepare('play a song please');
    expect(e.embeddingError).toMatch(/not a folder.*intent\.allowRemoteModels/);
    expect(e.recognize('play a song please').candidates[0]?.intent).toBe('music.play');
    const partial = path.join(root, 'partial');
    fs.mkdirSync(partial);
    fs.writeFileSync(path.join(partial, 'config.json'), '{}');
    await expect(loadEmbedder({ modelDir: partial })).rejects.toThrow(/has no tokenizer\.json/);
  });
});
