/**
 * The intent engine: exact template matching first (compiled grammar, slots from capture groups),
 * then the same templates after typo correction ("fuzzy"), then the trained classifier with slots
 * from the tagger and typed search. It refuses out-of-scope requests (low probability or low
 * similarity to every intent) and flags ambiguity when the two best intents are too close.
 */
import type { IntentCandidate, IntentEngine, IntentSpec, Recognition, SkillManifest, SlotMatch } from '../contracts/index.js';
import { compileSkill, ruleMap, type CompiledTemplate } from './compiler.js';
import { sharesContentWord, vectorize } from './features.js';
import { OOS_CLASS, TrainedModel, skillDocuments, taggerFor, type ModelOptions, type SkillEntry } from './model.js';
import { matchTemplate, normaliseForMatch, normaliseValue, searchSlots, type SlotContext } from './slots.js';
import { correctTypos } from './fuzzy.js';
import { satisfies } from './prefilter.js';
import { ModelCache, cacheKey } from './cache.js';
import { EmbeddingFusion, loadEmbedder } from './embeddings.js';
import { calibrate, type Calibration, type CalibrationTarget } from './calibrate.js';
import { requestParts } from './planner.js';

export interface EngineOptions extends Partial<ModelOptions> {
  /** Below this probability the best intent is refused as out of scope. */
  oosThreshold?: number;
  /** Below this cosine similarity to the nearest intent's centroid the request is out of scope. */
  oosSimilarity?: number;
  /** The same for small training sets (< 5,000 examples, e.g. the built-in skills), whose softmax is over-confident on unseen topics. */
  oosSimilaritySmall?: number;
  /** The best two intents closer than this (and the best below `confident`) → ask the user. */
  ambiguityMargin?: number;
  confident?: number;
  /** Optional dense-embedding scorer, fused with the classifier (see embeddings.ts). */
  fuse?: (text: string, classes: readonly { skill: string; intent: string }[]) => Float64Array | undefined;
  fuseWeight?: number;
  /** A sentence-embedding model folder (or a hub id when remote models are allowed); "" or unset → off. See embeddings.ts. */
  embeddingModelDir?: string;
  allowRemoteModels?: boolean;
  /**
   * Out-of-scope threshold calibration on the training data (calibrate.ts). Default {}: only when
   * the training data holds explicit out-of-scope examples; { recall: 0.5 } also holds whole
   * intents out as stand-ins for the unknown; false: never.
   */
  oosCalibration?: CalibrationTarget | false;
  /** Folder for trained-model cache files (the kernel passes <profile>/cache); none → always train in memory. */
  cacheDir?: string;
}

const DEFAULTS = {
  // 12 expansions and 6 epochs train the built-in skills in a third of the time of 24 and 8, with the
  // same accuracy on their held-out examples (bench/intent.md); data sets (> 5,000 texts) keep 8 epochs.
  expansionsPerTemplate: 12,
  maxExamplesPerIntent: 5000,
  epochs: 8,
  smallEpochs: 6,
  maxDenseWeights: 24_000_000,
  oosThreshold: 0.2,
  oosSimilarity: 0.05,
  oosSimilaritySmall: 0.16,
  ambiguityMargin: 0.12,
  confident: 0.6,
  fuseWeight: 0.5,
};

export class ClassicIntentEngine implements IntentEngine {
  private readonly skills = new Map<string, SkillEntry>();
  private readonly searchRegex = new WeakMap<CompiledTemplate, RegExp>();
  private model?: TrainedModel;
  private dirty = true;
  private oosTexts: string[] = [];
  private templateWords = new Set<string>();
  readonly options: typeof DEFAULTS & EngineOptions;
  private readonly cache?: ModelCache;
  private fusionLoad?: Promise<EmbeddingFusion>;
  private fusion?: { fusion: EmbeddingFusion; model: TrainedModel };
  /** Why dense embeddings are off although a model is configured (loading failed); undefined otherwise. */
  embeddingError?: string;
  /** The calibrated refusal threshold, when calibration ran (see EngineOptions.oosCalibration). */
  calibration?: Calibration;

  constructor(options: EngineOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
    if (options.cacheDir) this.cache = new ModelCache(options.cacheDir);
  }

  addSkill(manifest: SkillManifest): void {
    const templates = compileSkill(manifest);
    const entry: SkillEntry = { manifest, templates, rules: ruleMap(manifest) };
    const replacing = this.skills.has(manifest.id);
    this.skills.set(manifest.id, entry);
    for (const t of templates) for (const w of t.source.toLowerCase().match(/\p{L}{3,}/gu) ?? []) this.templateWords.add(w);
    // Centroid-only models take a new skill without retraining; dense ones retrain on next use.
    if (this.model && !this.model.softmax && !this.dirty && !replacing) this.model.addIncrementally(entry, this.options);
    else this.dirty = true;
  }

  removeSkill(skillId: string): void {
    if (!this.skills.delete(skillId)) return;
    if (this.model && !this.model.softmax) this.model.removeSkill(skillId);
    else this.dirty = true;
  }

  /** Out-of-scope training examples (data sets with `"intent": null`): a class of their own. */
  setOutOfScopeExamples(texts: readonly string[]): void {
    this.oosTexts = [...texts];
    this.dirty = true;
  }

  /** Trains now (otherwise training happens on the first request that needs the classifier). */
  train(): void {
    if (!this.dirty && this.model) return;
    this.model = this.cachedModel() ?? TrainedModel.train(this.skills.values(), this.oosTexts, this.options);
    this.dirty = false;
    const target = this.options.oosCalibration ?? {};
    this.calibration = undefined;
    if (target !== false && (this.oosTexts.length >= 20 || target.recall !== undefined)) {
      this.options.progress?.('calibrating the out-of-scope threshold on a held-out part of the training data');
      this.calibration = calibrate([...this.skills.values()], this.oosTexts, this.options, target, this.options.oosThreshold);
      if (this.calibration) this.options.progress?.(`out-of-scope threshold ${this.calibration.threshold.toFixed(2)} (${this.calibration.method})`);
    }
  }

  /** A hash of everything training reads. */
  private trainingKey(): string {
    const o = this.options;
    return cacheKey('model', [...this.skills.values()].map((e) => e.manifest), this.oosTexts, [o.expansionsPerTemplate, o.maxExamplesPerIntent, o.epochs, o.smallEpochs, o.maxDenseWeights]);
  }

  /** The model from the profile cache when one was trained on exactly these skills; else trains and stores it. */
  private cachedModel(): TrainedModel | undefined {
    if (!this.cache) return undefined;
    const o = this.options;
    const key = this.trainingKey();
    const hit = this.cache.read('model', key);
    if (hit) {
      try {
        return TrainedModel.restore(hit.meta, hit.arrays);
      } catch {
        // Written by another version or damaged: retrain and overwrite below.
      }
    }
    const model = TrainedModel.train(this.skills.values(), this.oosTexts, o);
    const snap = model.snapshot();
    this.cache.write('model', key, snap.meta, snap.arrays);
    return model;
  }

  /**
   * With a dense model configured: embeds the request and its multi-step parts ahead of
   * recognition (and, once per model, every intent's texts). Never throws: a model that does not
   * load turns fusion off and says why in `embeddingError`.
   */
  async prepare(text: string): Promise<void> {
    const modelDir = this.options.embeddingModelDir;
    if (!modelDir || this.embeddingError) return;
    try {
      this.train();
      const model = this.model!;
      this.fusionLoad ??= loadEmbedder({
        modelDir,
        allowRemote: !!this.options.allowRemoteModels,
        ...(this.options.cacheDir ? { downloadDir: `${this.options.cacheDir}/transformers` } : {}),
      }).then((e) => new EmbeddingFusion(e, this.cache));
      const fusion = await this.fusionLoad;
      if (this.fusion?.model !== model) {
        await fusion.prepareClasses(this.trainingKey(), this.classTexts(model));
        this.fusion = { fusion, model };
      }
      await fusion.prepareQueries(requestParts(text));
    } catch (e) {
      this.embeddingError = `dense embeddings are off: ${(e as Error).message}`;
      this.options.progress?.(this.embeddingError);
    }
  }

  /** Up to 32 training texts per class (examples first), in class order. */
  private classTexts(model: TrainedModel): string[][] {
    const docs = new Map<string, string[]>();
    for (const entry of this.skills.values()) for (const d of skillDocuments(entry, this.options)) docs.set(TrainedModel.key(entry.manifest.id, d.intent), d.texts);
    return model.classes.map((c) => (c.skill === OOS_CLASS ? this.oosTexts : docs.get(TrainedModel.key(c.skill, c.intent)) ?? []).slice(0, 32));
  }

  intentSpec(skill: string, intent: string): IntentSpec | undefined {
    return this.skills.get(skill)?.manifest.intents.find((i) => i.id === intent);
  }

  recognize(text: string, options: { skills?: readonly string[]; now?: Date; timezone?: string } = {}): Recognition {
    const ctx: SlotContext = { now: options.now ?? new Date(), ...(options.timezone ? { timezone: options.timezone } : {}) };
    const allowed = options.skills ? new Set(options.skills) : undefined;
    const norm = normaliseForMatch(text);
    const exact = this.matchTemplates(text, norm, allowed, ctx, 'template');
    if (exact.length) return this.templateResult(text, exact);
    const corrected = correctTypos(norm, this.templateWords);
    if (corrected !== norm) {
      const fuzzy = this.matchTemplates(corrected, corrected, allowed, ctx, 'fuzzy');
      if (fuzzy.length) return this.templateResult(text, fuzzy);
    }
    return this.classify(text, norm, allowed, ctx);
  }

  private matchTemplates(original: string, norm: string, allowed: Set<string> | undefined, ctx: SlotContext, source: 'template' | 'fuzzy') {
    const best = new Map<string, IntentCandidate & { specificity: number }>();
    const lower = norm.toLowerCase();
    for (const entry of this.skills.values()) {
      if (allowed && !allowed.has(entry.manifest.id)) continue;
      for (const t of entry.templates) {
        if (!satisfies(t.need, lower)) continue;
        const spec = entry.manifest.intents.find((i) => i.id === t.intent);
        const slots = matchTemplate(t, t.regex, original, norm, spec, ctx);
        if (!slots) continue;
        const key = `${t.skill}/${t.intent}`;
        const specificity = t.specificity + slots.length * 0.5;
        const prev = best.get(key);
        if (!prev || prev.specificity < specificity) {
          best.set(key, { skill: t.skill, intent: t.intent, confidence: source === 'template' ? 0.99 : 0.9, slots: spec ? searchSlots(spec, original, norm, slots, ctx) : slots, source, specificity });
        }
      }
    }
    return [...best.values()].sort((a, b) => b.specificity - a.specificity);
  }

  private templateResult(text: string, found: (IntentCandidate & { specificity: number })[]): Recognition {
    const candidates = found.map(({ specificity: _s, ...c }) => c);
    const tie = found.length > 1 && found[0]!.specificity === found[1]!.specificity;
    if (tie) for (const c of candidates) c.confidence = 0.5;
    return { text, candidates, outOfScope: false, ambiguous: tie };
  }

  private classify(text: string, norm: string, allowed: Set<string> | undefined, ctx: SlotContext): Recognition {
    this.train();
    const model = this.model!;
    const x = vectorize(text, model.vocab);
    let scored = model.score(x, allowed);
    const dense = this.fusion?.model === model ? this.fusion.fusion : undefined;
    const fused = this.options.fuse?.(text, model.classes) ?? dense?.score(text, model.classes.length);
    if (fused) {
      const w = this.options.fuseWeight;
      scored = scored.map((s) => ({ ...s, p: (1 - w) * s.p + w * (fused[s.cls] ?? 0) })).sort((a, b) => b.p - a.p);
    }
    const top = scored.filter((s) => model.classes[s.cls]!.skill !== OOS_CLASS).slice(0, 5);
    const first = scored[0];
    const candidates: IntentCandidate[] = top.map((s) => {
      const ref = model.classes[s.cls]!;
      return { skill: ref.skill, intent: ref.intent, confidence: Math.min(1, Math.max(0, s.p)), slots: [], source: fused ? 'fused' : 'classifier' };
    });
    const bestSim = Math.max(0, ...top.slice(0, 3).map((s) => s.sim));
    // Small skill sets only: their few texts make char n-gram similarity match any topic a little.
    const small = model.docCount < 5000;
    const outOfScope =
      !first ||
      // (A dense model knows synonyms the training texts lack, so it lifts this rule and the next.)
      (small && !fused && !sharesContentWord(text, model.vocab)) ||
      model.classes[first.cls]!.skill === OOS_CLASS ||
      first.p < (this.calibration?.threshold ?? this.options.oosThreshold) ||
      (!fused && bestSim < (small ? this.options.oosSimilaritySmall : this.options.oosSimilarity));
    if (!outOfScope && candidates[0]) candidates[0].slots = this.slotsFor(candidates[0], text, norm, ctx);
    const [a, b] = candidates;
    const ambiguous = !outOfScope && !!a && !!b && a.confidence < this.options.confident && a.confidence - b.confidence < this.options.ambiguityMargin;
    if (ambiguous) for (const c of candidates.slice(1, 4)) c.slots = this.slotsFor(c, text, norm, ctx);
    return { text, candidates, outOfScope, ambiguous };
  }

  /** Slots of a classifier-chosen intent: partial template match, then the tagger, then typed search. */
  slotsFor(c: { skill: string; intent: string }, text: string, norm: string, ctx: SlotContext): SlotMatch[] {
    const entry = this.skills.get(c.skill);
    const spec = entry?.manifest.intents.find((i) => i.id === c.intent);
    if (!entry || !spec || Object.keys(spec.slots).length === 0) return [];
    let found: SlotMatch[] = [];
    for (const t of entry.templates) {
      if (t.intent !== c.intent || t.groups.length === 0) continue;
      let re = this.searchRegex.get(t);
      if (!re) this.searchRegex.set(t, (re = new RegExp(t.regex.source.replace(/^\^\\s\*/, '').replace(/\\s\*\$$/, ''), 'id')));
      const slots = matchTemplate(t, re, text, norm, spec, ctx);
      if (slots && slots.length > found.length) found = slots;
    }
    if (found.length === 0) {
      const tagger = taggerFor(entry, this.options, this.cache);
      for (const span of tagger?.tag(text, c.intent) ?? []) {
        const raw = text.slice(span.start, span.end);
        const value = normaliseValue(spec.slots[span.name], raw, ctx);
        const slotSpec = spec.slots[span.name];
        // A strict type that does not parse is left to the typed search below.
        if (value === undefined && slotSpec && 'type' in slotSpec && slotSpec.type !== 'text' && slotSpec.type !== 'word') continue;
        found.push({ name: span.name, value: value ?? raw, raw, start: span.start, end: span.end });
      }
    }
    return searchSlots(spec, text, norm, found, ctx);
  }
}
