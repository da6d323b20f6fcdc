/**
 * whisper.cpp through @fugood/whisper.node: the binding loads (or its absence is named with the
 * install line), a missing or wrong model is named with how to get one, a broken model fails in
 * the real native loader with a clear error, and a real model transcribes (when one is present:
 * AGENTOS_TEST_WHISPER_MODEL=/path/to/ggml-tiny.en.bin; none can be downloaded on the CI machine).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareAudio } from './audio.js';
import { GGML_MAGIC } from './download.js';
import { which } from './process.js';
import { encodeWav16 } from './wav.js';
import { BINDING_PACKAGE, loadWhisperBinding, modelProblem, WhisperCppEngine } from './whisper-cpp.js';
import { hasPackage } from '../sdk/index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-whisper-test-'));
const installed = hasPackage(BINDING_PACKAGE);

/** A file that starts like a ggml model but holds nothing: whisper.cpp's loader must refuse it. */
function fakeModel(): string {
  const file = path.join(dir, 'ggml-fake.bin');
  const buf = Buffer.alloc(4096);
  buf.writeUInt32LE(GGML_MAGIC, 0);
  fs.writeFileSync(file, buf);
  return file;
}

/** Half a second of a vowel-like sound between silences: enough for prepareAudio to accept. */
function someAudio() {
  const rate = 16_000;
  const x = new Float32Array(rate * 2);
  for (let i = rate * 0.6; i < rate * 1.2; i++) x[i] = 0.3 * Math.sin((2 * Math.PI * 220 * i) / rate) + 0.1 * Math.sin((2 * Math.PI * 660 * i) / rate);
  return prepareAudio({ wav: encodeWav16(x, rate) });
}

const absent = () => Promise.reject(Object.assign(new Error(`Cannot find package '${BINDING_PACKAGE}'`), { code: 'ERR_MODULE_NOT_FOUND' }));

describe('the whisper.cpp binding', () => {
  it(installed ? 'loads @fugood/whisper.node (installed here)' : 'reports @fugood/whisper.node as not installed, with the install line', async () => {
    const status = await loadWhisperBinding();
    if (installed) expect(status).toMatchObject({ loaded: true });
    else expect(status).toMatchObject({ loaded: false, reason: expect.stringMatching(/not installed \(npm install --save-optional @fugood\/whisper\.node\)/) });
  });

  it('names an absent or changed binding; without it and without whisper-cli the engine is not ready', async () => {
    expect(await loadWhisperBinding(absent)).toMatchObject({ loaded: false, reason: expect.stringMatching(/not installed.*npm install --save-optional @fugood\/whisper\.node/) });
    const changed = () => Promise.resolve({ somethingElse: 1 });
    expect(await loadWhisperBinding(changed)).toMatchObject({ loaded: false, reason: expect.stringMatching(/API changed/) });
    const broken = () => Promise.reject(new Error('libgomp.so.1: cannot open shared object file'));
    expect(await loadWhisperBinding(broken)).toMatchObject({ loaded: false, reason: expect.stringMatching(/failed to load: libgomp/) });
    const engine = new WhisperCppEngine(() => fakeModel(), { loadBinding: absent, useCli: false });
    const ready = await engine.readiness();
    expect(ready).toMatchObject({ ready: false, detail: 'whisper.cpp needs its binding or program.' });
    expect(ready.missing).toMatch(/not installed.*or a whisper-cli program on PATH/);
    await expect(engine.transcribe(someAudio())).rejects.toMatchObject({ code: 'engine_unavailable' });
  });
});

describe('whisper.cpp models', () => {
  it('says how to get a model when none is set, the file is missing, or it is not a ggml model', async () => {
    expect(modelProblem('')).toMatch(/agentos voice download base\.en .*voice\/models/);
    expect(modelProblem(path.join(dir, 'nope.bin'))).toMatch(/nope\.bin \(voice\.whisperModel\), which does not exist: agentos voice download base\.en/);
    const html = path.join(dir, 'page.bin');
    fs.writeFileSync(html, '<html>not a model</html>');
    expect(modelProblem(html)).toMatch(/not one/);
    expect(modelProblem(fakeModel())).toBeUndefined();
    const engine = new WhisperCppEngine(() => '', { useCli: false });
    const ready = await engine.readiness();
    expect(ready.ready).toBe(false);
    expect(ready.missing).toMatch(/agentos voice download base\.en/);
    await expect(engine.transcribe(someAudio())).rejects.toMatchObject({ code: 'engine_unavailable', fix: expect.stringMatching(/voice download/) });
  });

  it.skipIf(!installed)('a broken model fails in the native loader with a clear error (the binding really runs)', async () => {
    const engine = new WhisperCppEngine(() => fakeModel(), { useCli: false });
    expect(await engine.readiness()).toMatchObject({ ready: true, detail: expect.stringContaining(BINDING_PACKAGE) });
    await expect(engine.transcribe(someAudio())).rejects.toMatchObject({ code: 'engine_failed', message: expect.stringMatching(/could not load the model .*ggml-fake\.bin \(Failed to initialize whisper context.*failed to load model\)/), fix: expect.stringMatching(/ggml model/) });
    await engine.close();
  });

  const model = process.env.AGENTOS_TEST_WHISPER_MODEL;
  const speech = which('espeak-ng');
  const skipReason = !installed ? `${BINDING_PACKAGE} is not installed` : !model ? 'no model: set AGENTOS_TEST_WHISPER_MODEL to a ggml file (e.g. ggml-tiny.en.bin from agentos voice download tiny.en)' : !speech ? 'espeak-ng is not installed' : '';
  it.skipIf(Boolean(skipReason))(`transcribes speech with a real model${skipReason ? ` — skipped: ${skipReason}` : ''}`, async () => {
    const wav = path.join(dir, 'say.wav');
    execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', wav, 'what is twelve times eleven']);
    const engine = new WhisperCppEngine(() => model!, { useCli: false });
    const text = await engine.transcribe(prepareAudio({ wav: fs.readFileSync(wav) }));
    await engine.close();
    expect(text.toLowerCase()).toMatch(/what is (twelve|12) times (eleven|11)/);
  }, 120_000);
});
