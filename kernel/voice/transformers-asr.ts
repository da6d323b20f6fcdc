/**
 * Whisper through transformers.js (`@huggingface/transformers`), from a local ONNX model folder
 * (`voice.transformersModelDir`, e.g. a copy of onnx-community/whisper-tiny.en). Never downloads:
 * remote models are switched off, and a missing or incomplete folder is named in the message.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PreparedAudio } from './audio.js';
import type { AsrEngine, EngineReadiness } from './engine.js';
import { hasPackage, importOptional } from '../sdk/index.js';
import { VoiceError } from './errors.js';
import type * as Transformers from '@huggingface/transformers';

type AsrPipeline = (audio: Float32Array) => Promise<{ text: string } | { text: string }[]>;

function checkModelDir(dir: string): string[] {
  const missing: string[] = [];
  if (!fs.existsSync(path.join(dir, 'config.json'))) missing.push('config.json');
  if (!fs.existsSync(path.join(dir, 'tokenizer.json'))) missing.push('tokenizer.json');
  const onnxDir = path.join(dir, 'onnx');
  const onnx = fs.existsSync(onnxDir) ? fs.readdirSync(onnxDir) : [];
  if (!onnx.some((f) => f.startsWith('encoder_model') && f.endsWith('.onnx'))) missing.push('onnx/encoder_model*.onnx');
  if (!onnx.some((f) => f.startsWith('decoder_model') && f.endsWith('.onnx'))) missing.push('onnx/decoder_model_merged*.onnx');
  return missing;
}

export class TransformersWhisperEngine implements AsrEngine {
  readonly name = 'transformers' as const;
  readonly biased = false;
  private pipe: { dir: string; run: Promise<AsrPipeline> } | undefined;
  constructor(private readonly modelDir: () => string) {}

  async readiness(): Promise<EngineReadiness> {
    if (!hasPackage('@huggingface/transformers')) return { ready: false, detail: 'transformers.js (@huggingface/transformers, an optional package) is not installed.', missing: 'npm install @huggingface/transformers' };
    const dir = this.modelDir();
    const how = 'copy a Whisper ONNX model (e.g. onnx-community/whisper-tiny.en) into a folder and set it: agentos settings set voice.transformersModelDir /path/to/whisper-tiny.en';
    if (!dir) return { ready: false, detail: 'No local Whisper ONNX model folder is configured (voice.transformersModelDir).', missing: how };
    if (!fs.existsSync(dir)) return { ready: false, detail: `The model folder ${dir} does not exist.`, missing: how };
    const missing = checkModelDir(dir);
    if (missing.length) return { ready: false, detail: `The model folder ${dir} is incomplete: no ${missing.join(', ')}.`, missing: how };
    return { ready: true, detail: `transformers.js Whisper from ${dir}` };
  }

  private load(dir: string): Promise<AsrPipeline> {
    if (this.pipe?.dir === dir) return this.pipe.run;
    const run = (async () => {
      const t = await importOptional<typeof Transformers>('@huggingface/transformers', 'Whisper through transformers.js');
      t.env.allowRemoteModels = false;
      t.env.allowLocalModels = true;
      t.env.localModelPath = path.dirname(path.resolve(dir));
      const p = await t.pipeline('automatic-speech-recognition', path.basename(path.resolve(dir)), { local_files_only: true, dtype: 'fp32' });
      return p as unknown as AsrPipeline;
    })();
    this.pipe = { dir, run };
    return run;
  }

  async transcribe(audio: PreparedAudio): Promise<string> {
    const ready = await this.readiness();
    if (!ready.ready) throw new VoiceError('engine_unavailable', `transformers.js Whisper is not ready: ${ready.detail}`, ready.missing);
    try {
      const asr = await this.load(this.modelDir());
      const out = await asr(audio.samples);
      return (Array.isArray(out) ? out.map((o) => o.text).join(' ') : out.text).trim();
    } catch (error) {
      this.pipe = undefined;
      throw new VoiceError('engine_failed', `transformers.js Whisper failed: ${(error as Error).message}`, 'Check that the folder holds a complete Whisper ONNX export (config, tokenizer, encoder and decoder).');
    }
  }
}
