/**
 * Writes a tiny whisper.cpp model for tests: the legacy ggml file format that whisper.cpp's
 * `whisper_model_load` reads (magic, hparams, mel filter bank, vocabulary, named tensors), with the
 * real architecture at toy size (64 wide, one encoder and one decoder layer, 8 MB) and seeded
 * random weights. Its decoder's position embeddings carry a script, so greedy decoding writes the
 * same few pseudo-words (TINY_WHISPER_WORD) for any audio up to 30 s (one whisper window; longer
 * audio goes on in a second window): a test can hold the whole path (mel
 * spectrogram, encoder, cross-attention, decoder, timestamp rules, detokenisation) to an exact
 * text without downloading weights. What was said does not matter to it.
 */
import fs from 'node:fs';
import { rng } from '../../kernel/sdk/index.js';

const GGML_MAGIC = 0x67676d6c; // "ggml", little-endian
const GGML_F32 = 0;
const GGML_F16 = 1;
/** hparams.ftype 1: the big matrices (and the convolutions) are f16; norms, biases and positions stay f32. */
const FTYPE_MOSTLY_F16 = 1;

const SAMPLE_RATE = 16_000;
const N_FFT = 400; // whisper's STFT window; the filter bank covers its 1 + 400/2 bins
const N_MELS = 80;
/** whisper.cpp always feeds 30 s (3000 mel frames); the encoder's two convolutions halve that to 1500. */
const N_AUDIO_CTX = 1500;
const N_TEXT_CTX = 448;
/**
 * English-only size: whisper.cpp treats n_vocab >= 51865 as multilingual and shifts its special
 * tokens. English-only keeps them at 50256 (end of text) … 50363 (first timestamp), and the 1501
 * timestamps run to 51863, so the embedding needs 51864 rows.
 */
const N_VOCAB = 51_864;
/** Ordinary text tokens (ids below end-of-text); the loader names the special ones itself. */
const N_TEXT_TOKENS = 50_256;
const TOKEN_EOT = 50_256;
const TOKEN_BEG = 50_363; // <|0.00|>
const TOKEN_LAST_TIMESTAMP = TOKEN_BEG + N_AUDIO_CTX; // <|30.00|>
/** Standard deviation of the token embeddings, which are also the output projection. */
const EMBEDDING_STD = 0.5;
/** How far each scripted position embedding points at its token: far above what the random layers add. */
const SCRIPT_GAIN = 8;

const CONSONANTS = 'bdfgklmnprstvz';
const VOWELS = 'aeiou';
const SYLLABLES = [...CONSONANTS].flatMap((c) => [...VOWELS].map((v) => c + v));
/** Every word this model can write: one to three consonant-vowel syllables. */
export const TINY_WHISPER_WORD = /^(?:[bdfgklmnprstvz][aeiou]){1,3}$/;

/**
 * The lone-space token, where GPT-2's tokenizer has it: whisper.cpp suppresses it by name at the
 * start of every segment and throws (leaving the binding's promise unsettled) if it is missing.
 */
const BLANK_TOKEN = 220;

/** Token `id`'s text: a space and a distinct pseudo-word (its id written in base-70 syllables). */
function tinyWhisperToken(id: number): string {
  return id === BLANK_TOKEN ? ' ' : pseudoWord(id);
}

function pseudoWord(id: number): string {
  let word = '';
  let n = id;
  do {
    word = SYLLABLES[n % SYLLABLES.length] + word;
    n = Math.floor(n / SYLLABLES.length);
  } while (n > 0);
  return ` ${word}`;
}

export interface TinyWhisperOptions {
  /** Seed of the weights and of the scripted words (the same seed writes the same bytes). */
  seed?: number;
  /** Width of the encoder and decoder (whisper.cpp requires them equal). */
  state?: number;
  heads?: number;
  /** Layers of the encoder and of the decoder (not 2 in the decoder: whisper.cpp takes that for a distilled model). */
  layers?: number;
  /** How many words the decoder's script writes. */
  words?: number;
  /** false leaves out the lone-space token whisper.cpp needs (to test how its absence is handled). */
  blankToken?: boolean;
}

export interface TinyWhisperModel {
  file: string;
  bytes: number;
  tensors: number;
  /** What greedy decoding of any audio writes, as whisper.cpp joins it: the scripted words. */
  text: string;
}

/** Slaney-style mel scale (linear below 1 kHz, logarithmic above), as whisper's filter bank uses. */
const MEL_LINEAR_STEP = 200 / 3;
const MEL_LOG_STEP = Math.log(6.4) / 27;
const hzToMel = (hz: number) => (hz < 1000 ? hz / MEL_LINEAR_STEP : 15 + Math.log(hz / 1000) / MEL_LOG_STEP);
const melToHz = (mel: number) => (mel < 15 ? mel * MEL_LINEAR_STEP : 1000 * Math.exp((mel - 15) * MEL_LOG_STEP));

/** The mel filter bank, N_MELS rows over the 1 + N_FFT/2 STFT bins: triangles normalised to equal area. */
function melFilters(): Float32Array {
  const bins = 1 + N_FFT / 2;
  const out = new Float32Array(N_MELS * bins);
  const top = hzToMel(SAMPLE_RATE / 2);
  const edges = Array.from({ length: N_MELS + 2 }, (_, i) => melToHz((top * i) / (N_MELS + 1)));
  for (let m = 0; m < N_MELS; m++) {
    const [lo, mid, hi] = [edges[m]!, edges[m + 1]!, edges[m + 2]!];
    const area = 2 / (hi - lo);
    for (let k = 0; k < bins; k++) {
      const hz = (k * SAMPLE_RATE) / N_FFT;
      const w = Math.max(0, Math.min((hz - lo) / (mid - lo), (hi - hz) / (hi - mid)));
      out[m * bins + k] = w * area;
    }
  }
  return out;
}

/** Sinusoidal positions, as whisper's encoder uses: row p holds sin/cos of p at geometric frequencies. */
function sinusoids(length: number, width: number): Float32Array {
  const out = new Float32Array(length * width);
  const half = width / 2;
  const step = Math.log(10_000) / (half - 1);
  for (let p = 0; p < length; p++) {
    for (let i = 0; i < half; i++) {
      const angle = p * Math.exp(-step * i);
      out[p * width + i] = Math.sin(angle);
      out[p * width + half + i] = Math.cos(angle);
    }
  }
  return out;
}

/** float32 → IEEE half bits (round half up; subnormals kept, overflow → infinity). */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
function toHalf(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  const mant = x & 0x7fffff;
  if (exp >= 31) return sign | 0x7c00;
  if (exp <= 0) {
    if (exp < -10) return sign;
    const m = (mant | 0x800000) >>> (1 - exp);
    return sign | ((m + 0x1000) >>> 13);
  }
  return (sign | (exp << 10) | (mant >>> 13)) + ((mant >>> 12) & 1);
}

/** One tensor as whisper.cpp's loader reads it: n_dims, name length, type, dims (ggml order, fastest first), name, data. */
function tensor(name: string, dims: number[], type: number, values: Float32Array): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const head = Buffer.alloc(12 + 4 * dims.length);
  head.writeInt32LE(dims.length, 0);
  head.writeInt32LE(nameBytes.length, 4);
  head.writeInt32LE(type, 8);
  dims.forEach((d, i) => head.writeInt32LE(d, 12 + 4 * i));
  let data: Buffer;
  if (type === GGML_F16) {
    data = Buffer.alloc(values.length * 2);
    for (let i = 0; i < values.length; i++) data.writeUInt16LE(toHalf(values[i]!), 2 * i);
  } else {
    data = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  }
  return Buffer.concat([head, nameBytes, data]);
}

/** Writes the model to `file` and says how big it is. */
export function writeTinyWhisperModel(file: string, options: TinyWhisperOptions = {}): TinyWhisperModel {
  const { seed = 1, state = 64, heads = 4, layers = 1, words = 4, blankToken = true } = options;
  if (state % heads !== 0 || state % 2 !== 0) throw new Error(`The model width ${state} must be even and divisible by the ${heads} heads.`);
  if (layers === 2) throw new Error('whisper.cpp takes a two-layer decoder for a distilled model and turns timestamps off; use another layer count.');
  if (words + 2 > N_TEXT_CTX / 2) throw new Error(`The script of ${words} words does not fit the ${N_TEXT_CTX / 2} tokens whisper.cpp decodes per window.`);
  const next = rng(seed);
  /** Normal values (Box–Muller) with standard deviation `std`. */
  const normal = (count: number, std: number) => {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = std * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    return out;
  };
  const parts: Buffer[] = [];
  let tensors = 0;
  const add = (name: string, dims: number[], type: number, values: Float32Array) => {
    parts.push(tensor(name, dims, type, values));
    tensors++;
  };
  const size = (dims: number[]) => dims.reduce((a, b) => a * b, 1);
  // Weights scaled by 1/sqrt(inputs) keep activations near unit size; layer norms start as identity.
  const matrix = (name: string, dims: number[], fanIn = dims[0]!) => add(name, dims, GGML_F16, normal(size(dims), 1 / Math.sqrt(fanIn)));
  const vector = (name: string, n: number, fill: number) => add(name, [n], GGML_F32, new Float32Array(n).fill(fill));
  const norm = (prefix: string) => {
    vector(`${prefix}.weight`, state, 1);
    vector(`${prefix}.bias`, state, 0);
  };
  const attention = (prefix: string) => {
    for (const part of ['query', 'key', 'value', 'out']) {
      matrix(`${prefix}.${part}.weight`, [state, state]);
      if (part !== 'key') vector(`${prefix}.${part}.bias`, state, 0); // whisper's key projection has no bias
    }
  };
  const block = (prefix: string, cross: boolean) => {
    norm(`${prefix}.attn_ln`);
    attention(`${prefix}.attn`);
    if (cross) {
      norm(`${prefix}.cross_attn_ln`);
      attention(`${prefix}.cross_attn`);
    }
    norm(`${prefix}.mlp_ln`);
    matrix(`${prefix}.mlp.0.weight`, [state, 4 * state]);
    vector(`${prefix}.mlp.0.bias`, 4 * state, 0);
    matrix(`${prefix}.mlp.2.weight`, [4 * state, state]);
    vector(`${prefix}.mlp.2.bias`, state, 0);
  };

  add('encoder.positional_embedding', [state, N_AUDIO_CTX], GGML_F32, sinusoids(N_AUDIO_CTX, state));
  matrix('encoder.conv1.weight', [3, N_MELS, state], 3 * N_MELS);
  add('encoder.conv1.bias', [1, state], GGML_F32, new Float32Array(state));
  matrix('encoder.conv2.weight', [3, state, state], 3 * state);
  add('encoder.conv2.bias', [1, state], GGML_F32, new Float32Array(state));
  for (let i = 0; i < layers; i++) block(`encoder.blocks.${i}`, false);
  norm('encoder.ln_post');
  // The decoder follows a script written into its position embeddings: position p points at the
  // p-th token of <|0.00|> word… <|30.00|> <|endoftext|>, so greedy decoding is confident (no
  // temperature fallback, hence deterministic) and ends at once, whatever the random encoder and
  // attention layers make of the audio.
  const embedding = normal(N_VOCAB * state, EMBEDDING_STD);
  const script = Array.from({ length: words }, () => {
    let id = BLANK_TOKEN;
    while (id === BLANK_TOKEN) id = Math.floor(next() * N_TEXT_TOKENS);
    return id;
  });
  const targets = [TOKEN_BEG, ...script, TOKEN_LAST_TIMESTAMP];
  const positions = normal(N_TEXT_CTX * state, 0.02);
  for (let p = 0; p < N_TEXT_CTX; p++) {
    const target = targets[p] ?? TOKEN_EOT;
    for (let i = 0; i < state; i++) positions[p * state + i]! += SCRIPT_GAIN * embedding[target * state + i]!;
  }
  add('decoder.positional_embedding', [state, N_TEXT_CTX], GGML_F32, positions);
  add('decoder.token_embedding.weight', [state, N_VOCAB], GGML_F16, embedding);
  for (let i = 0; i < layers; i++) block(`decoder.blocks.${i}`, true);
  norm('decoder.ln');

  const hparams = [N_VOCAB, N_AUDIO_CTX, state, heads, layers, N_TEXT_CTX, state, heads, layers, N_MELS, FTYPE_MOSTLY_F16];
  const head = Buffer.alloc(4 + 4 * hparams.length + 8);
  head.writeUInt32LE(GGML_MAGIC, 0);
  hparams.forEach((v, i) => head.writeInt32LE(v, 4 + 4 * i));
  head.writeInt32LE(N_MELS, 4 + 4 * hparams.length);
  head.writeInt32LE(1 + N_FFT / 2, 8 + 4 * hparams.length);
  const filters = melFilters();
  const vocab: Buffer[] = [Buffer.alloc(4)];
  vocab[0]!.writeInt32LE(N_TEXT_TOKENS, 0);
  for (let id = 0; id < N_TEXT_TOKENS; id++) {
    const text = Buffer.from(blankToken ? tinyWhisperToken(id) : pseudoWord(id), 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32LE(text.length, 0);
    vocab.push(len, text);
  }
  const bytes = Buffer.concat([head, Buffer.from(filters.buffer), ...vocab, ...parts]);
  fs.writeFileSync(file, bytes);
  return { file, bytes: bytes.length, tensors, text: script.map(tinyWhisperToken).join('').trim() };
}
