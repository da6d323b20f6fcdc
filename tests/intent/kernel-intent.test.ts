// The kernel's wiring of the intent engine: the trained model is cached in the profile (a second
// process loads it instead of training), and the intent.embeddingModelDir setting turns on dense
// fusion with a real (generated) transformers.js model.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Kernel } from '../../kernel/kernel.js';
import type { ClassicIntentEngine } from '../../kernel/intent/index.js';
import { writeTinyEmbeddingModel } from './tiny-embedding-model.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'intent-kernel-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const skills = path.join(root, 'skills');
const dir = path.join(skills, 'home');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(
  path.join(dir, 'skill.json'),
  JSON.stringify({
    id: 'home', name: 'Home', version: '1.0.0', description: 'Music and weather', publisher: 't', entry: 'index.js',
    intents: [
      { id: 'music.play', description: 'Play music', templates: ['play [some] music'], examples: ['play a song', 'i want to hear some jazz', 'put on an album'] },
      { id: 'weather.get', description: 'Weather', templates: ['what is the weather'], examples: ['will it rain today', 'is it sunny outside', 'what is the forecast'] },
    ],
  }),
);
fs.writeFileSync(path.join(dir, 'index.js'), `export default { 'music.play': async () => ({ text: 'playing' }), 'weather.get': async () => ({ text: 'sunny' }) };`);

const open = (profileDir: string) => new Kernel({ profileDir, builtinSkillsDir: skills, communitySkillsDir: path.join(root, 'none') });

describe('kernel ↔ intent engine', () => {
  it('caches the trained classifier in <profile>/cache and reuses it in the next process', async () => {
    const profile = path.join(root, 'p1');
    const k1 = open(profile);
    expect((await k1.handle({ text: 'could you play me a jazz song' })).status).toBe('served');
    k1.close();
    const [file] = fs.readdirSync(path.join(profile, 'cache')).filter((f) => f.startsWith('intent-model-'));
    expect(file).toBeDefined();
    const before = fs.statSync(path.join(profile, 'cache', file!)).mtimeMs;
    const k2 = open(profile);
    const res = await k2.handle({ text: 'is it going to rain outside' });
    k2.close();
    expect(res.steps[0]).toMatchObject({ skill: 'home', intent: 'weather.get' });
    expect(fs.statSync(path.join(profile, 'cache', file!)).mtimeMs).toBe(before);
  });

  it('fuses a configured embedding model (setting intent.embeddingModelDir)', async () => {
    const modelDir = path.join(root, 'models', 'tiny');
    writeTinyEmbeddingModel(modelDir, {
      topics: { music: ['play', 'song', 'jazz', 'album', 'music', 'hear', 'melody', 'tune'], weather: ['weather', 'rain', 'sunny', 'forecast', 'outside', 'umbrella', 'drizzle'] },
      filler: ['i', 'want', 'to', 'some', 'a', 'an', 'on', 'put', 'will', 'it', 'today', 'is', 'what', 'the', 'my'],
    });
    const profile = path.join(root, 'p2');
    const k0 = open(profile);
    k0.settings.set('intent.embeddingModelDir', modelDir);
    k0.close();
    const k = open(profile);
    const res = await k.handle({ text: 'hum a melody tune' });
    const engine = k.engine as ClassicIntentEngine;
    expect(engine.embeddingError).toBeUndefined();
    expect(engine.recognize('hum a melody tune').candidates[0]).toMatchObject({ intent: 'music.play', source: 'fused' });
    expect(res.steps[0]).toMatchObject({ intent: 'music.play' });
    k.close();
  });
});
