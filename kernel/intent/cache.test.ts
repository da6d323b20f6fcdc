// The trained-model cache: a second engine over the same skills loads instead of training and
// answers identically; a stale, truncated or corrupt file is retrained silently and rewritten.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SkillManifestSchema } from '../contracts/index.js';
import { ClassicIntentEngine } from './index.js';
import { decode, encode } from './cache.js';

const skill = (extra = '') =>
  SkillManifestSchema.parse({
    id: 'home', name: 'Home', version: '1.0.0', description: 'Lights and music', publisher: 't', entry: 'i.js',
    intents: [
      { id: 'light.on', description: 'Lights on', templates: ['turn on the (light|lamp) [in the {room}]'], examples: ['lights on please', 'make it bright in the [kitchen](room)', 'switch the lamp on'], slots: { room: { values: ['kitchen', 'bedroom'] } } },
      { id: 'music.play', description: 'Play music', templates: ['play [some] {genre} [music]'], examples: ['put on some [jazz](genre)', 'i want to hear [rock](genre)', `start the music${extra}`], slots: { genre: { type: 'text' } } },
      { id: 'weather', description: 'Weather', templates: ['what is the weather [like]'], examples: ['will it rain today', 'is it sunny outside', 'how cold is it'] },
    ],
  });

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function engine(cacheDir: string, log: string[], manifest = skill()) {
  const e = new ClassicIntentEngine({ cacheDir, progress: (m) => log.push(m) });
  e.addSkill(manifest);
  return e;
}
const probe = ['could you put on a bit of jazz', 'brighten up the bedroom', 'is it going to be chilly'];
const answers = (e: ClassicIntentEngine) => probe.map((q) => { const r = e.recognize(q); return [r.candidates[0]?.intent, r.candidates[0]?.confidence.toFixed(6), r.candidates[0]?.slots.map((s) => s.raw)]; });

describe('trained-model cache', () => {
  it('loads what an earlier engine trained and answers the same', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intent-cache-'));
    dirs.push(dir);
    const log1: string[] = [];
    const first = answers(engine(dir, log1));
    expect(log1.some((m) => m.startsWith('vectorising'))).toBe(true);
    const files = fs.readdirSync(dir);
    expect(files.some((f) => /^intent-model-[0-9a-f]+\.bin$/.test(f))).toBe(true);
    expect(files.some((f) => /^intent-tagger-[0-9a-f]+\.bin$/.test(f))).toBe(true);
    const log2: string[] = [];
    expect(answers(engine(dir, log2))).toEqual(first);
    expect(log2).toEqual([]);
    // A changed manifest is a different key: trained again, not served stale.
    const log3: string[] = [];
    engine(dir, log3, skill(' now')).recognize(probe[0]!);
    expect(log3.some((m) => m.startsWith('vectorising'))).toBe(true);
  });

  it('retrains silently over a corrupt or truncated file and rewrites it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intent-cache-'));
    dirs.push(dir);
    const first = answers(engine(dir, []));
    const model = path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('intent-model-'))!);
    const good = fs.readFileSync(model);
    for (const bad of [good.subarray(0, good.length >> 1), Buffer.concat([good.subarray(0, good.length - 9), Buffer.from('corrupted')]), Buffer.from('not a cache')]) {
      fs.writeFileSync(model, bad);
      const log: string[] = [];
      expect(answers(engine(dir, log))).toEqual(first);
      expect(log.some((m) => m.startsWith('vectorising'))).toBe(true);
      expect(decode(fs.readFileSync(model))).toBeDefined();
    }
  });

  it('round-trips typed arrays and rejects a flipped byte', () => {
    const buf = encode({ a: 1 }, { x: Int32Array.from([1, -2, 3]), y: Float32Array.from([0.5, 1.25]) });
    const back = decode(buf)!;
    expect(back.meta).toEqual({ a: 1 });
    expect(Array.from(back.arrays.x!)).toEqual([1, -2, 3]);
    expect(Array.from(back.arrays.y!)).toEqual([0.5, 1.25]);
    const flipped = Buffer.from(buf);
    flipped[flipped.length - 1]! ^= 1;
    expect(decode(flipped)).toBeUndefined();
  });
});
