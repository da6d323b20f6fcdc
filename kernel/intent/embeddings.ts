/**
 * Optional dense sentence embeddings (transformers.js) fused with the classical scores. Nothing
 * here runs unless `intent.embeddingModelDir` is set: then a feature-extraction pipeline is loaded
 * from that folder (remote download only when `intent.allowRemoteModels` is true), every intent's
 * training texts are embedded once (mean of normalised vectors, cached in the profile), and each
 * request is embedded before recognition (inference is asynchronous, recognition is not, so the
 * kernel calls `engine.prepare(text)` first). The fused score of an intent is a softmax over the
 * cosine similarities of the request to the intents' mean vectors.
 */
import fs from 'node:fs';
import path from 'node:path';
import { importOptional } from '../sdk/index.js';
import { cacheKey, type ModelCache } from './cache.js';
import type * as Transformers from '@huggingface/transformers';

interface EmbeddingConfig {
  /** A local model folder (config.json, tokenizer.json, onnx/model.onnx), or a hub id "owner/name" when remote is allowed. */
  modelDir: string;
  allowRemote?: boolean;
  /** Where downloaded models go (the profile's cache). */
  downloadDir?: string;
}

interface Embedder {
  /** Identifies the model's files, so cached vectors of another model are never reused. */
  identity: string;
  /** Mean-pooled, L2-normalised sentence vectors. */
  embed(texts: string[]): Promise<Float32Array[]>;
}

/** Loads the pipeline; throws an Error a user can act on when the folder is not a usable model. */
export async function loadEmbedder(config: EmbeddingConfig): Promise<Embedder> {
  const dir = path.resolve(config.modelDir);
  const local = fs.existsSync(dir) && fs.statSync(dir).isDirectory();
  let modelId: string;
  let identity: string;
  const { pipeline, env } = await importOptional<typeof Transformers>('@huggingface/transformers', 'The embedding model (intent.embeddingModelDir)');
  env.allowRemoteModels = !!config.allowRemote;
  env.allowLocalModels = true;
  if (local) {
    const onnx = path.join(dir, 'onnx', 'model.onnx');
    for (const need of ['config.json', 'tokenizer.json', path.join('onnx', 'model.onnx')]) {
      if (!fs.existsSync(path.join(dir, need))) {
        throw new Error(`the embedding model folder ${dir} has no ${need} — export a sentence-embedding model to ONNX (e.g. Xenova/all-MiniLM-L6-v2) into it, or clear intent.embeddingModelDir`);
      }
    }
    const st = fs.statSync(onnx);
    identity = cacheKey('embedder', dir, st.size, st.mtimeMs, fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
    env.localModelPath = `${path.dirname(dir)}${path.sep}`;
    modelId = path.basename(dir);
  } else if (config.allowRemote && /^[\w.-]+\/[\w.-]+$/.test(config.modelDir)) {
    if (config.downloadDir) env.cacheDir = config.downloadDir;
    modelId = config.modelDir;
    identity = cacheKey('embedder', modelId);
  } else {
    throw new Error(
      `intent.embeddingModelDir "${config.modelDir}" is not a folder — put a sentence-embedding model there (config.json, tokenizer.json, onnx/model.onnx)` +
        (config.allowRemote ? '' : ', or set intent.allowRemoteModels to true and give a hub id such as "Xenova/all-MiniLM-L6-v2" to download it'),
    );
  }
  const extractor = await pipeline('feature-extraction', modelId, { dtype: 'fp32' });
  return {
    identity,
    async embed(texts: string[]): Promise<Float32Array[]> {
      const out: Float32Array[] = [];
      // Small batches bound the padded tensor's size.
      for (let i = 0; i < texts.length; i += 32) {
        const t = await extractor(texts.slice(i, i + 32), { pooling: 'mean', normalize: true });
        const dim = t.dims[1]!;
        const data = t.data as Float32Array;
        for (let k = 0; k < t.dims[0]!; k++) out.push(data.slice(k * dim, (k + 1) * dim));
      }
      return out;
    },
  };
}

/** Per-intent mean vectors, a small cache of request vectors, and the fused score. */
export class EmbeddingFusion {
  private classKey = '';
  private dim = 0;
  private classVecs: Float32Array = new Float32Array(0);
  private readonly queries = new Map<string, Float32Array>();

  constructor(
    readonly embedder: Embedder,
    private readonly cache?: ModelCache,
    /** Softmax temperature over cosines (cosines differ by ~0.1 between related intents). */
    private readonly sharpness = 20,
  ) {}

  /** Embeds each class's texts (once per model; from the profile cache when there). */
  async prepareClasses(modelKey: string, classTexts: string[][]): Promise<void> {
    const key = cacheKey('class-vectors', this.embedder.identity, modelKey);
    if (key === this.classKey) return;
    const hit = this.cache?.read('model', key);
    const vecs = hit?.arrays.vecs;
    const meta = hit?.meta as { dim?: number; classes?: number } | undefined;
    if (vecs instanceof Float32Array && meta?.classes === classTexts.length && meta.dim && vecs.length === meta.dim * classTexts.length) {
      this.set(key, meta.dim, vecs);
      return;
    }
    const flat = classTexts.flat();
    const embedded = flat.length ? await this.embedder.embed(flat) : [];
    const dim = embedded[0]?.length ?? 0;
    const out = new Float32Array(dim * classTexts.length);
    let n = 0;
    classTexts.forEach((texts, c) => {
      const row = out.subarray(c * dim, (c + 1) * dim);
      for (let k = 0; k < texts.length; k++) {
        const v = embedded[n++]!;
        for (let d = 0; d < dim; d++) row[d]! += v[d]!;
      }
      normalise(row);
    });
    this.set(key, dim, out);
    this.cache?.write('model', key, { dim, classes: classTexts.length }, { vecs: out });
  }

  private set(key: string, dim: number, vecs: Float32Array): void {
    this.classKey = key;
    this.dim = dim;
    this.classVecs = vecs;
  }

  /** Embeds requests ahead of recognition (keeps the last 256). */
  async prepareQueries(texts: string[]): Promise<void> {
    const missing = [...new Set(texts)].filter((t) => !this.queries.has(t));
    if (missing.length === 0) return;
    const vecs = await this.embedder.embed(missing);
    missing.forEach((t, i) => this.queries.set(t, vecs[i]!));
    while (this.queries.size > 256) this.queries.delete(this.queries.keys().next().value!);
  }

  /** Cosine of a prepared request to every class (undefined when the request was not prepared). */
  cosines(text: string, classes: number): Float64Array | undefined {
    const q = this.queries.get(text);
    if (!q || this.dim === 0 || q.length !== this.dim || classes * this.dim !== this.classVecs.length) return undefined;
    const out = new Float64Array(classes);
    for (let c = 0; c < classes; c++) {
      let s = 0;
      const base = c * this.dim;
      for (let d = 0; d < this.dim; d++) s += q[d]! * this.classVecs[base + d]!;
      out[c] = s;
    }
    return out;
  }

  /** The fused distribution: softmax over cosines. */
  score(text: string, classes: number): Float64Array | undefined {
    const cos = this.cosines(text, classes);
    if (!cos) return undefined;
    let max = -Infinity;
    for (const v of cos) max = Math.max(max, v);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += cos[c] = Math.exp((cos[c]! - max) * this.sharpness);
    for (let c = 0; c < classes; c++) cos[c]! /= sum;
    return cos;
  }
}

function normalise(v: Float32Array): void {
  let n = 0;
  for (const x of v) n += x * x;
  const s = n > 0 ? 1 / Math.sqrt(n) : 0;
  for (let i = 0; i < v.length; i++) v[i]! *= s;
}
