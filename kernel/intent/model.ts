/**
 * Training at load time: each intent's examples and a sample of its template expansions become
 * TF-IDF vectors; a softmax classifier is trained when the intent set is small enough for dense
 * weights (averaged with a cross-validated linear SVM on large training sets), a centroid index always (it also takes new skills without retraining). Slot taggers
 * are trained per skill, lazily, on annotated examples and expansions.
 */
import type { SkillManifest } from '../contracts/index.js';
import { expand, type CompiledTemplate } from './compiler.js';
import type { Node } from './grammar.js';
import { CentroidIndex, SoftmaxModel } from './classifier.js';
import { LinearSvm, pack, svmProbabilities, tuneSvm } from './linear.js';
import { CharLanguageModels } from './charlm.js';
import { Vocabulary, allKeys, rawFeatures, vectorize, vectorizeRaw, type SparseVec } from './features.js';
import { parseAnnotated } from './slots.js';
import { SlotTagger, type TaggedExample, type TaggerMeta } from './tagger.js';
import { cacheKey, type CachedArrays, type ModelCache } from './cache.js';
import { z } from 'zod';

const ModelMetaSchema = z.object({
  classes: z.array(z.object({ skill: z.string(), intent: z.string() })),
  docCount: z.number().int().nonnegative(),
  vocabDocs: z.number().int().nonnegative(),
  keep: z.number().int().positive(),
  removed: z.array(z.number().int()),
  softmax: z.boolean(),
  // Required, so cache entries written before the SVM existed fail to parse and are retrained.
  svm: z.object({ c: z.number().positive(), temperature: z.number().positive() }).nullable(),
  // Required too: entries written before the character models existed are retrained.
  charLm: z.object({ order: z.number().int().positive(), alphabet: z.number().int().positive() }).nullable(),
});

/**
 * The character language models' share of the final distribution, the sharpness of their
 * per-character log-likelihoods, their order, and how many of the classifiers' best intents they
 * re-read. Chosen by stratified 5-fold cross-validation on the training files of Banking77, HWU64
 * and SNIPS; `npx tsx bench/intent.bench.ts --only charlm` reproduces the choice (bench/intent.md).
 */
export interface CharLmMix {
  weight: number;
  temperature: number;
  order: number;
  top: number;
}
export const CHAR_LM: Readonly<CharLmMix> = Object.freeze({ weight: 0.3, temperature: 5, order: 5, top: 8 });

const TaggerMetaSchema = z.object({
  slots: z.array(z.string()),
  gazetteer: z.array(z.tuple([z.string(), z.array(z.string())])),
  intentSlots: z.array(z.tuple([z.string(), z.array(z.number().int())])),
  trained: z.boolean(),
});

export interface SkillEntry {
  manifest: SkillManifest;
  templates: CompiledTemplate[];
  rules: Map<string, Node>;
  tagger?: SlotTagger;
}

export interface ModelOptions {
  expansionsPerTemplate: number;
  maxExamplesPerIntent: number;
  epochs: number;
  /** Epochs when there are fewer than 5,000 training texts (e.g. the built-in skills). */
  smallEpochs?: number;
  /** Above this many weights (features × classes) only the centroid index is trained. */
  maxDenseWeights: number;
  /**
   * From this many training texts on, a linear SVM (C and its probability scale chosen by
   * cross-validation on the training texts) is trained beside the softmax and their
   * probabilities are averaged. Default 5,000: smaller sets (the built-in skills) keep the
   * softmax alone, which their out-of-scope rules were set for, and answer their first request sooner.
   */
  svmMinTexts?: number;
  /** C and scale for the SVM instead of cross-validating them (the calibration's models reuse the main model's). */
  svmFixed?: { c: number; temperature: number };
  progress?: (message: string) => void;
}

export const OOS_CLASS = '\u0000oos';

interface ClassRef {
  skill: string;
  intent: string;
}

/** The training documents of one skill: per intent, plain texts plus tagged ones. */
export function skillDocuments(entry: SkillEntry, options: ModelOptions): { intent: string; texts: string[]; tagged: TaggedExample[] }[] {
  const out: { intent: string; texts: string[]; tagged: TaggedExample[] }[] = [];
  for (const intent of entry.manifest.intents) {
    const names = new Set(Object.keys(intent.slots));
    const tagged: TaggedExample[] = [];
    const texts: string[] = [];
    for (const ex of intent.examples.slice(0, options.maxExamplesPerIntent)) {
      const a = parseAnnotated(ex, names);
      texts.push(a.text);
      if (a.slots.length || names.size) tagged.push({ text: a.text, intent: intent.id, slots: a.slots });
    }
    entry.templates
      .filter((t) => t.intent === intent.id)
      .forEach((t, k) => {
        for (const e of expand(t, entry.rules, intent.slots, options.expansionsPerTemplate, 17 + k)) {
          texts.push(e.text);
          if (e.slots.length) tagged.push({ text: e.text, intent: intent.id, slots: e.slots });
        }
      });
    out.push({ intent: intent.id, texts, tagged });
  }
  return out;
}

export class TrainedModel {
  readonly classes: ClassRef[] = [];
  readonly classIndex = new Map<string, number>();
  vocab = new Vocabulary();
  centroids = new CentroidIndex();
  softmax?: SoftmaxModel;
  /** Per-intent character language models mixed in on large training sets (with the SVM). */
  charLm?: CharLanguageModels;
  /** The SVM averaged with the softmax (large training sets), with the scale of its decision values. */
  svm?: { model: LinearSvm; c: number; temperature: number };
  /** Training vectors kept only while the dense model is trained. */
  docCount = 0;

  static key(skill: string, intent: string): string {
    return `${skill}/${intent}`;
  }

  /** Full training over every skill (and optional out-of-scope examples as their own class). */
  static train(skills: Iterable<SkillEntry>, oosTexts: readonly string[], options: ModelOptions): TrainedModel {
    const m = new TrainedModel();
    const docs: { cls: number; text: string }[] = [];
    for (const entry of skills) {
      for (const d of skillDocuments(entry, options)) {
        const cls = m.addClass(entry.manifest.id, d.intent);
        for (const text of d.texts) docs.push({ cls, text });
      }
    }
    if (oosTexts.length) {
      const cls = m.addClass(OOS_CLASS, OOS_CLASS);
      for (const text of oosTexts) docs.push({ cls, text });
    }
    // Grouped by class (a stable sort; already so unless a class repeats), for the centroid pass below.
    docs.sort((a, b) => a.cls - b.cls);
    options.progress?.(`vectorising ${docs.length} examples of ${m.classes.length} intents`);
    // Features are extracted once and kept for small sets; large ones extract twice rather than
    // hold ~200 Map entries per text (100,000 texts would take ~1 GB).
    const keepRaw = docs.length <= 20_000;
    const raw = keepRaw ? docs.map((d) => rawFeatures(d.text)) : [];
    for (let i = 0; i < docs.length; i++) {
      const r = keepRaw ? raw[i]! : rawFeatures(docs[i]!.text);
      m.vocab.observe(r.word.keys());
      m.vocab.observe(r.char.keys(), false);
    }
    // Too many features for dense weights: first drop those seen in only one or two training texts
    // (they fit single examples, not intents), which keeps the classifiers; only when that is not
    // enough does the model fall back to centroids, which keep every feature.
    const classes = m.classes.length;
    if (m.vocab.size * classes > options.maxDenseWeights && classes > 1) {
      const minDf = [2, 3].find((d) => m.vocab.countAtLeast(d) * classes <= options.maxDenseWeights);
      if (minDf !== undefined) {
        options.progress?.(`${m.vocab.size} features × ${classes} intents exceed ${options.maxDenseWeights} weights: keeping the ${m.vocab.countAtLeast(minDf)} seen in ${minDf}+ texts`);
        m.vocab = m.vocab.prune(minDf);
      }
    }
    m.vocab.finish();
    m.docCount = docs.length;
    const vec = (i: number) => vectorizeRaw(keepRaw ? raw[i]! : rawFeatures(docs[i]!.text), m.vocab);
    const dense = m.vocab.size * classes <= options.maxDenseWeights && classes > 1;
    if (!dense) {
      // Centroids only: one class's vectors at a time (docs are grouped by class), never all of them.
      for (let i = 0; i < docs.length; ) {
        const cls = docs[i]!.cls;
        const group: SparseVec[] = [];
        for (; i < docs.length && docs[i]!.cls === cls; i++) group.push(vec(i));
        m.centroids.set(cls, group);
      }
      return m;
    }
    const xs = docs.map((_, i) => vec(i));
    raw.length = 0;
    const ys = Int32Array.from(docs.map((d) => d.cls));
    const byClass: SparseVec[][] = m.classes.map(() => []);
    xs.forEach((x, i) => byClass[ys[i]!]!.push(x));
    byClass.forEach((vs, c) => m.centroids.set(c, vs));
    {
      m.softmax = new SoftmaxModel(m.vocab.size, m.classes.length);
      const epochs = docs.length < 5000 ? Math.min(options.epochs, options.smallEpochs ?? options.epochs) : options.epochs;
      m.softmax.train(xs, ys, { epochs, onEpoch: (e) => options.progress?.(`epoch ${e + 1}/${epochs}`) });
    }
    // With svmFixed (the calibration's models, trained on part of the data) whenever the main model has an SVM.
    if (docs.length >= (options.svmMinTexts ?? 5000) || options.svmFixed) {
      const fixed = options.svmFixed;
      if (fixed) m.svm = { model: LinearSvm.train(pack(xs), ys, m.vocab.size, m.classes.length, { c: fixed.c }).svm, ...fixed };
      else {
        const tuned = tuneSvm(xs, ys, m.vocab.size, m.classes.length, options.progress ? { progress: options.progress } : {});
        m.svm = { model: tuned.svm, c: tuned.c, temperature: tuned.temperature };
      }
      options.progress?.('counting the character language models');
      m.charLm = CharLanguageModels.train(docs.map((d) => d.text), ys, CHAR_LM.order);
    }
    return m;
  }

  /** What the cache stores: JSON metadata and typed arrays. */
  snapshot(): { meta: z.infer<typeof ModelMetaSchema>; arrays: CachedArrays } {
    const v = this.vocab.snapshot();
    const c = this.centroids.snapshot();
    const arrays: CachedArrays = { vKeys: v.keys, vDf: v.df, vIdf: v.idf, cFeat: c.feat, cCls: c.cls, cW: c.w };
    if (this.softmax) {
      arrays.sW = this.softmax.w;
      arrays.sB = this.softmax.b;
    }
    if (this.svm) {
      arrays.lW = this.svm.model.w;
      arrays.lB = this.svm.model.b;
    }
    if (this.charLm) {
      const a = this.charLm.snapshot();
      // The cache holds signed arrays: the hash keys travel as their bit patterns.
      arrays.gNK = new Int32Array(a.nKeys.buffer, a.nKeys.byteOffset, a.nKeys.length);
      arrays.gNC = a.nCounts;
      arrays.gHK = new Int32Array(a.hKeys.buffer, a.hKeys.byteOffset, a.hKeys.length);
      arrays.gHS = a.hStats;
    }
    const svm = this.svm ? { c: this.svm.c, temperature: this.svm.temperature } : null;
    const charLm = this.charLm ? { order: this.charLm.order, alphabet: this.charLm.alphabet } : null;
    const meta = { classes: this.classes, docCount: this.docCount, vocabDocs: v.docs, keep: c.keep, removed: c.removed, softmax: !!this.softmax, svm, charLm };
    return { meta, arrays };
  }

  /** The model from a cache entry; throws when the entry does not fit together. */
  static restore(rawMeta: unknown, a: CachedArrays): TrainedModel {
    const meta = ModelMetaSchema.parse(rawMeta);
    const i32 = (n: string) => {
      const x = a[n];
      if (!(x instanceof Int32Array)) throw new Error(`cache array ${n} missing`);
      return x;
    };
    const f32 = (n: string) => {
      const x = a[n];
      if (!(x instanceof Float32Array)) throw new Error(`cache array ${n} missing`);
      return x;
    };
    const m = new TrainedModel();
    for (const c of meta.classes) m.addClass(c.skill, c.intent);
    m.vocab = Vocabulary.restore({ docs: meta.vocabDocs, keys: i32('vKeys'), df: i32('vDf'), idf: f32('vIdf') });
    m.centroids = CentroidIndex.restore({ keep: meta.keep, feat: i32('cFeat'), cls: i32('cCls'), w: f32('cW'), removed: meta.removed });
    m.docCount = meta.docCount;
    if (meta.softmax) m.softmax = SoftmaxModel.restore(m.vocab.size, m.classes.length, f32('sW'), f32('sB'));
    if (meta.svm) m.svm = { model: new LinearSvm(m.vocab.size, m.classes.length, f32('lW'), f32('lB')), ...meta.svm };
    if (meta.charLm) {
      const u32 = (n: string) => {
        const x = i32(n);
        return new Uint32Array(x.buffer, x.byteOffset, x.length);
      };
      m.charLm = new CharLanguageModels(meta.charLm.order, meta.charLm.alphabet, { nKeys: u32('gNK'), nCounts: i32('gNC'), hKeys: u32('gHK'), hStats: i32('gHS') });
    }
    return m;
  }

  private addClass(skill: string, intent: string): number {
    const key = TrainedModel.key(skill, intent);
    const existing = this.classIndex.get(key);
    if (existing !== undefined) return existing;
    this.classes.push({ skill, intent });
    this.classIndex.set(key, this.classes.length - 1);
    return this.classes.length - 1;
  }

  /** Adds a skill without retraining (centroid-only models): new features extend the vocabulary. */
  addIncrementally(entry: SkillEntry, options: ModelOptions): void {
    const docs = skillDocuments(entry, options);
    for (const d of docs) for (const t of d.texts) this.vocab.observe(new Set(allKeys(t)));
    this.vocab.finish();
    for (const d of docs) this.centroids.set(this.addClass(entry.manifest.id, d.intent), d.texts.map((t) => vectorize(t, this.vocab)));
  }

  removeSkill(skill: string): void {
    this.classes.forEach((c, i) => {
      if (c.skill === skill) this.centroids.remove(i);
    });
  }

  /**
   * Class scores: softmax probabilities (averaged with the SVM's when there is one, then mixed with
   * the character language models' reading of `text` for the best few), or for centroid-only models
   * a softmax over cosine similarities.
   */
  score(x: SparseVec, allowed?: ReadonlySet<string>, text?: string): { cls: number; p: number; sim: number }[] {
    const { sims, touched } = this.centroids.dense(x);
    let out: { cls: number; p: number; sim: number }[];
    if (this.softmax) {
      const p = this.softmax.probabilities(x);
      if (this.svm) {
        const q = new Float64Array(p.length);
        svmProbabilities(this.svm.model, x, this.svm.temperature, q);
        for (let c = 0; c < p.length; c++) p[c] = 0.5 * p[c]! + 0.5 * q[c]!;
      }
      if (this.charLm && text !== undefined) mixCharLm(p, this.charLm, text);
      const sim = new Float64Array(p.length);
      for (const c of touched) if (c < sim.length) sim[c] = sims[c]!;
      out = Array.from(p, (v, cls) => ({ cls, p: v, sim: sim[cls]! }));
    } else {
      const entries = topK(touched, sims, 20).map((c): [number, number] => [c, sims[c]!]);
      const z = entries.map(([, s]) => Math.exp(s * 20));
      const total = z.reduce((a, b) => a + b, 0) + Math.exp(0.3 * 20) * 0.0;
      out = entries.map(([cls, sim], i) => ({ cls, p: z[i]! / total, sim }));
    }
    if (allowed) out = out.filter((o) => allowed.has(this.classes[o.cls]!.skill) || this.classes[o.cls]!.skill === OOS_CLASS);
    return out.sort((a, b) => b.p - a.p);
  }
}

/**
 * Mixes the character models' distribution over the classifiers' best intents into `p` (in place;
 * it still sums to 1). `mix` is the shipped CHAR_LM; the bench varies it to show how it was chosen.
 */
export function mixCharLm(p: Float64Array, lm: CharLanguageModels, text: string, mix: Readonly<CharLmMix> = CHAR_LM): void {
  const best = topK(Array.from(p.keys()), p, mix.top);
  const ll = lm.logLikelihoods(text, best);
  const max = Math.max(...ll);
  const e = Array.from(ll, (v) => Math.exp(mix.temperature * (v - max)));
  const sum = e.reduce((a, b) => a + b, 0);
  for (let c = 0; c < p.length; c++) p[c]! *= 1 - mix.weight;
  best.forEach((c, k) => (p[c]! += (mix.weight * e[k]!) / sum));
}

/** The k classes of highest score among `touched`, best first (one pass, a small sorted buffer). */
function topK(touched: readonly number[], scores: Float64Array, k: number): number[] {
  const best: number[] = [];
  for (const c of touched) {
    const s = scores[c]!;
    if (best.length === k && s <= scores[best[k - 1]!]!) continue;
    let i = best.length === k ? k - 1 : best.length;
    if (best.length < k) best.push(c);
    while (i > 0 && scores[best[i - 1]!]! < s) {
      best[i] = best[i - 1]!;
      i--;
    }
    best[i] = c;
  }
  return best;
}

/** Trains a skill's slot tagger on first use (annotated examples and template expansions), or loads it from the cache. */
export function taggerFor(entry: SkillEntry, options: ModelOptions, cache?: ModelCache): SlotTagger | undefined {
  if (entry.tagger) return entry.tagger.trained ? entry.tagger : undefined;
  const key = cache ? cacheKey('tagger', entry.manifest, options.expansionsPerTemplate, options.maxExamplesPerIntent) : '';
  const hit = cache?.read('tagger', key);
  if (hit) {
    try {
      const { keys, rows, trans } = hit.arrays;
      if (keys instanceof Int32Array && rows instanceof Float32Array && trans instanceof Float32Array) {
        entry.tagger = SlotTagger.restore({ meta: TaggerMetaSchema.parse(hit.meta) as TaggerMeta, keys, rows, trans });
        return entry.tagger.trained ? entry.tagger : undefined;
      }
    } catch {
      // A cache file that does not fit: train afresh below and overwrite it.
    }
  }
  const tagged = skillDocuments(entry, options).flatMap((d) => d.tagged);
  entry.tagger = new SlotTagger();
  if (tagged.some((t) => t.slots.length)) {
    options.progress?.(`training the slot tagger of ${entry.manifest.id} on ${tagged.length} examples`);
    entry.tagger.train(tagged);
  }
  if (cache) {
    const snap = entry.tagger.snapshot();
    cache.write('tagger', key, snap.meta, { keys: snap.keys, rows: snap.rows, trans: snap.trans });
  }
  return entry.tagger.trained ? entry.tagger : undefined;
}
