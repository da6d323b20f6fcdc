/**
 * whisper.cpp's in-process route, end to end, on a model the test writes (tests/voice/tiny-whisper-model.ts):
 * the real WhisperCppEngine loads it through @fugood/whisper.node, turns espeak-ng speech into a mel
 * spectrogram, runs the encoder and decoder, and detokenises. The model's weights are random apart
 * from a script in its decoder's position embeddings, so it writes the same pseudo-words for any
 * audio: the test holds the pipeline to that text, not to what was said. Broken copies of the model
 * must fail with a VoiceError that names the file. Skipped, with its reason, only without the binding.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareAudio, type PreparedAudio } from '../../kernel/voice/audio.js';
import { VoiceError } from '../../kernel/voice/errors.js';
import { which } from '../../kernel/voice/process.js';
import { BINDING_PACKAGE, WhisperCppEngine } from '../../kernel/voice/whisper-cpp.js';
import { tempDir } from '../kernel/helpers.js';
import { TINY_WHISPER_WORD, writeTinyWhisperModel, type TinyWhisperModel } from './tiny-whisper-model.js';
import { hasPackage } from '../../kernel/sdk/index.js';

const installed = hasPackage(BINDING_PACKAGE);

const work = tempDir('agentos-whisper-binding-');

/** espeak-ng's WAV of `text`, prepared as the voice service prepares a recording. */
function speech(text: string, name: string): PreparedAudio {
  const wav = path.join(work, name);
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '160', '-w', wav, text]);
  return prepareAudio({ wav: fs.readFileSync(wav) });
}

/** The real binding, with its model loads counted (to see a loaded context reused). */
function countingBinding(loads: string[]) {
  return () =>
    import(/* @vite-ignore */ BINDING_PACKAGE as string).then((binding: { initWhisper: (o: { filePath: string }) => Promise<unknown> }) => ({
      ...binding,
      initWhisper: (options: { filePath: string }) => {
        loads.push(options.filePath);
        return binding.initWhisper(options);
      },
    }));
}

/** The error `work` rejects with (failing the test if it resolves). */
async function failure(work: Promise<unknown>): Promise<VoiceError> {
  const error = await work.then(
    (text) => new Error(`expected a failure, got the transcript ${JSON.stringify(text)}`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VoiceError);
  return error as VoiceError;
}

describe.skipIf(!installed)(`whisper.cpp through ${BINDING_PACKAGE} on a tiny model the test writes${installed ? '' : ` — skipped: ${BINDING_PACKAGE} is not installed`}`, () => {
  let model: TinyWhisperModel;
  let question: PreparedAudio;
  let command: PreparedAudio;
  const engines: WhisperCppEngine[] = [];
  const engine = (file: string, options: ConstructorParameters<typeof WhisperCppEngine>[1] = {}) => {
    const made = new WhisperCppEngine(() => file, { useCli: false, ...options });
    engines.push(made);
    return made;
  };

  beforeAll(() => {
    if (!which('espeak-ng')) throw new Error('This test needs espeak-ng to speak its audio. Install: sudo apt-get install -y espeak-ng');
    model = writeTinyWhisperModel(path.join(work, 'ggml-tiny-test.bin'), { seed: 24 });
    question = speech('what is twelve times eleven', 'question.wav');
    command = speech('open the calculator and add a note', 'command.wav');
  });
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.close()));
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('writes a small ggml model whose script is pseudo-words', () => {
    expect(fs.readFileSync(model.file).readUInt32LE(0)).toBe(0x67676d6c);
    expect(model.bytes).toBeLessThan(10_000_000);
    expect(model.tensors).toBe(50); // encoder 5 + 15 per layer + 2 (ln_post); decoder 4 + 24 per layer
    expect(model.text.split(' ')).toHaveLength(4);
    for (const word of model.text.split(' ')) expect(word).toMatch(TINY_WHISPER_WORD);
    // Same seed, same bytes; another seed, another script.
    const again = writeTinyWhisperModel(path.join(work, 'again.bin'), { seed: 24 });
    expect(fs.readFileSync(again.file).equals(fs.readFileSync(model.file))).toBe(true);
    expect(writeTinyWhisperModel(path.join(work, 'other.bin'), { seed: 25 }).text).not.toBe(model.text);
  });

  it('transcribes speech through the engine with one loaded context: the model\'s words (not what was said: the model is random)', async () => {
    const loads: string[] = [];
    const whisper = engine(model.file, { loadBinding: countingBinding(loads) });
    expect(await whisper.readiness()).toEqual({ ready: true, detail: `${BINDING_PACKAGE} with ${model.file}` });
    const first = await whisper.transcribe(question);
    expect(first).toBe(model.text);
    // Other words, same model: the same script, from the context already loaded.
    expect(await whisper.transcribe(command)).toBe(model.text);
    expect(loads).toEqual([model.file]);
    // close() releases the model; the next transcription loads it again.
    await whisper.close();
    expect(await whisper.transcribe(question)).toBe(model.text);
    expect(loads).toEqual([model.file, model.file]);
  }, 120_000);

  it('a truncated copy of the model fails with a VoiceError naming the file, and the whole model still works after', async () => {
    const truncated = path.join(work, 'ggml-truncated.bin');
    fs.writeFileSync(truncated, fs.readFileSync(model.file).subarray(0, Math.floor(model.bytes / 2)));
    const error = await failure(engine(truncated).transcribe(question));
    expect(error.code).toBe('engine_failed');
    expect(error.message).toContain(`could not load the model ${truncated}`);
    expect(error.message).toMatch(/not all tensors loaded/);
    expect(error.fix).toMatch(/whole whisper\.cpp ggml model/);
    expect(await engine(model.file).transcribe(question)).toBe(model.text);
  }, 120_000);

  it('a copy cut before its weights is refused before loading (whisper.cpp would load it as an empty model that hears nothing)', async () => {
    const cut = path.join(work, 'ggml-cut.bin');
    fs.writeFileSync(cut, fs.readFileSync(model.file).subarray(0, 300_000)); // inside the vocabulary
    const whisper = engine(cut);
    const ready = await whisper.readiness();
    expect(ready).toMatchObject({ ready: false, detail: 'whisper.cpp needs a model file.' });
    expect(ready.missing).toContain(`${cut} (voice.whisperModel) ends before its weights`);
    expect((await failure(whisper.transcribe(question))).code).toBe('engine_unavailable');
  });

  it('a copy with a corrupted tensor name fails with a VoiceError naming the file and the tensor', async () => {
    const bytes = Buffer.from(fs.readFileSync(model.file));
    const at = bytes.indexOf('decoder.ln.weight');
    expect(at).toBeGreaterThan(0);
    bytes.write('decoder.lx.weight', at);
    const corrupted = path.join(work, 'ggml-corrupted.bin');
    fs.writeFileSync(corrupted, bytes);
    const error = await failure(engine(corrupted).transcribe(command));
    expect(error.code).toBe('engine_failed');
    expect(error.message).toContain(`could not load the model ${corrupted}`);
    expect(error.message).toContain('decoder.lx.weight');
  }, 120_000);

  it('a model that loads but makes whisper.cpp fail mid-transcription gives a VoiceError, not a hang', async () => {
    // Without the lone-space token whisper.cpp throws while decoding; the binding then never
    // settles its promise, so the engine's hang guard (shortened here) must answer instead.
    const broken = writeTinyWhisperModel(path.join(work, 'ggml-no-blank.bin'), { seed: 24, blankToken: false });
    const error = await failure(engine(broken.file, { timeoutMs: 2_000 }).transcribe(question));
    expect(error.code).toBe('engine_failed');
    expect(error.message).toContain(broken.file);
  }, 120_000);
});
