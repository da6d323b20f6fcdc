/**
 * Out-of-scope calibration on the training data only (never on a test set): models are trained on
 * part of the training data and the refusal threshold on their top probability is chosen from how
 * they treat the rest.
 * - With explicit out-of-scope examples (data sets with `"intent": null` lines): a third of them
 *   and a tenth of every intent's examples are held out; the threshold maximises in-scope
 *   accuracy + out-of-scope recall on them.
 * - Asked for a target recall without such examples: the intents are split into k folds (5);
 *   each in turn is held out as a stand-in for the unknown and a model is trained on the others.
 *   The threshold is the one that refuses `recall` of the held-out intents' examples, pooled over
 *   the runs: every intent is unknown once, so the figure does not hang on which intents one
 *   split happened to hold out (how alike the unknown intents are to the known ones varies a lot).
 */
import type { SkillManifest } from '../contracts/index.js';
import { vectorize } from './features.js';
import { OOS_CLASS, TrainedModel, type ModelOptions, type SkillEntry } from './model.js';

export interface CalibrationTarget {
  /** Share of unknown-intent requests to refuse (pseudo out-of-scope); e.g. 0.5. */
  recall?: number;
  /** Most in-scope accuracy (0–1) the threshold may cost on the held-out split; default: no cap (the recall asked for wins). */
  maxLoss?: number;
  /** Folds over the intents for the held-out-intents method (default 5, at most one per intent), of which `runs` (default all) are held out in turn. */
  folds?: number;
  runs?: number;
}

export interface Calibration {
  threshold: number;
  method: 'explicit-oos' | 'held-out-intents';
  devInScope: number;
  devOos: number;
  /** On the held-out split, at the chosen threshold: in-scope accuracy (refusals count as errors) and the share of unknowns refused. */
  accuracy: number;
  recall: number;
  /** The recall asked for (held-out-intents method). */
  requested?: number;
  /**
   * Held-out-intents method: the recall achieved on each run's unknown intents by the threshold
   * chosen on the other runs' (an honest out-of-sample figure: `recall` above is met by
   * construction), and its mean.
   */
  crossRecall?: { mean: number; runs: number[] };
}

const stripAnnotations = (s: string) => s.replace(/\[([^\]]+)\]\([a-zA-Z][a-zA-Z0-9_]*\)/g, '$1');

function withIntents(entry: SkillEntry, keep: (intent: string) => boolean, keepExample: (k: number) => boolean): SkillEntry {
  const manifest: SkillManifest = {
    ...entry.manifest,
    intents: entry.manifest.intents.filter((i) => keep(i.id)).map((i) => ({ ...i, examples: i.examples.filter((_, k) => keepExample(k)) })),
  };
  return { manifest, templates: entry.templates.filter((t) => keep(t.intent)), rules: entry.rules };
}

type Scored = { p: number; oosTop: boolean };

/** Top probability of `text` under `model` (and whether the out-of-scope class won). */
function topOf(model: TrainedModel, text: string): Scored & { cls?: { skill: string; intent: string } } {
  const best = model.score(vectorize(text, model.vocab), undefined, text)[0];
  const cls = best ? model.classes[best.cls]! : undefined;
  return { p: best?.p ?? 0, oosTop: !cls || cls.skill === OOS_CLASS, ...(cls ? { cls } : {}) };
}

/**
 * `model` is the engine's trained model: the calibration's models reuse its SVM cost and scale
 * instead of cross-validating them again.
 */
export function calibrate(entries: SkillEntry[], oosTexts: readonly string[], options: ModelOptions, target: CalibrationTarget, floor: number, model?: TrainedModel): Calibration | undefined {
  const explicit = oosTexts.length >= 20;
  const ids = entries.flatMap((e) => e.manifest.intents.map((i) => `${e.manifest.id}/${i.id}`)).sort();
  if (!explicit && (target.recall === undefined || ids.length < 5)) return undefined;
  const trainOptions: ModelOptions = { ...options, progress: undefined, ...(model?.svm ? { svmFixed: { c: model.svm.c, temperature: model.svm.temperature } } : {}) };
  const k = explicit ? 1 : Math.max(2, Math.min(target.folds ?? 5, ids.length));
  const runs = explicit ? 1 : Math.min(k, target.runs ?? k);
  const inScope: (Scored & { correct: boolean })[] = [];
  const unknown: Scored[] = [];
  const byRun: Scored[][] = [];
  for (let run = 0; run < runs; run++) {
    const first = unknown.length;
    const fold = Math.floor((run * k) / runs);
    const heldIntents = new Set(explicit ? [] : ids.filter((_, j) => j % k === fold));
    const trainEntries = entries.map((e) => withIntents(e, (id) => !heldIntents.has(`${e.manifest.id}/${id}`), (n) => n % 10 !== 7));
    const m = TrainedModel.train(trainEntries, explicit ? oosTexts.filter((_, n) => n % 3 !== 1) : [], trainOptions);
    for (const e of entries) {
      for (const intent of e.manifest.intents) {
        const held = heldIntents.has(`${e.manifest.id}/${intent.id}`);
        intent.examples.forEach((ex, n) => {
          if (!held && n % 10 !== 7) return;
          const t = topOf(m, stripAnnotations(ex));
          if (held) unknown.push(t);
          // In-scope examples are scored by every fold's model that trained their intent.
          else inScope.push({ p: t.p, oosTop: t.oosTop, correct: t.cls?.skill === e.manifest.id && t.cls.intent === intent.id });
        });
      }
    }
    if (explicit) oosTexts.forEach((text, n) => n % 3 === 1 && unknown.push(topOf(m, text)));
    byRun.push(unknown.slice(first));
  }
  if (inScope.length === 0 || unknown.length === 0) return undefined;

  const at = (t: number) => ({
    accuracy: inScope.filter((r) => r.correct && !r.oosTop && r.p >= t).length / inScope.length,
    recall: unknown.filter((r) => r.oosTop || r.p < t).length / unknown.length,
  });
  let threshold = floor;
  if (explicit) {
    const grid = Array.from({ length: 91 }, (_, n) => Math.max(floor, 0.05 + n * 0.01));
    const base = at(floor);
    let best = base.accuracy + base.recall;
    for (const t of grid) {
      const r = at(t);
      if (r.accuracy + r.recall > best + 1e-9) {
        best = r.accuracy + r.recall;
        threshold = t;
      }
    }
  } else {
    threshold = recallThreshold(unknown, target.recall!);
    if (target.maxLoss !== undefined) {
      // Lowered until it costs at most maxLoss of in-scope accuracy against the default threshold.
      const base = at(floor).accuracy;
      while (threshold > floor && base - at(threshold).accuracy > target.maxLoss) threshold = Math.max(floor, threshold - 0.01);
    }
  }
  const r = at(threshold);
  const cal: Calibration = { threshold, method: explicit ? 'explicit-oos' : 'held-out-intents', devInScope: inScope.length, devOos: unknown.length, ...r };
  if (!explicit && runs > 1) {
    const cross = byRun.map((own, j) => {
      const t = recallThreshold(byRun.filter((_, i) => i !== j).flat(), target.recall!);
      return own.length ? own.filter((u) => u.oosTop || u.p < t).length / own.length : 0;
    });
    cal.requested = target.recall!;
    cal.crossRecall = { mean: cross.reduce((a, b) => a + b, 0) / cross.length, runs: cross };
  } else if (!explicit) cal.requested = target.recall!;
  return cal;
}

/** The threshold on the top probability that refuses the share `recall` of the unknowns (those the out-of-scope class took count as refused). */
export function recallThreshold(unknown: readonly Scored[], recall: number): number {
  const already = unknown.filter((u) => u.oosTop).length;
  const ps = unknown.filter((u) => !u.oosTop).map((u) => u.p).sort((a, b) => a - b);
  const need = Math.round(recall * unknown.length) - already;
  if (need <= 0 || ps.length === 0) return 0;
  if (need >= ps.length) return Math.min(1, ps[ps.length - 1]! + 1e-6);
  // Between the need-th and the next probability: exactly `need` are below it.
  return (ps[need - 1]! + ps[need]!) / 2;
}
