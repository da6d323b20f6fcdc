/**
 * Out-of-scope calibration on the training data only (never on a test set): a second model is
 * trained on part of the training data and the refusal threshold on its top probability is
 * chosen from how it treats the rest.
 * - With explicit out-of-scope examples (data sets with `"intent": null` lines): a third of them
 *   and a tenth of every intent's examples are held out; the threshold maximises in-scope
 *   accuracy + out-of-scope recall on them.
 * - Asked for a target recall without such examples: every 5th intent is held out as a stand-in
 *   for the unknown, and the threshold is the lowest that refuses `recall` of its examples,
 *   unless that costs more than `maxLoss` of in-scope accuracy on the held-out examples.
 */
import type { SkillManifest } from '../contracts/index.js';
import { vectorize } from './features.js';
import { OOS_CLASS, TrainedModel, type ModelOptions, type SkillEntry } from './model.js';

export interface CalibrationTarget {
  /** Share of unknown-intent requests to refuse (pseudo out-of-scope); e.g. 0.5. */
  recall?: number;
  /** Most in-scope accuracy (0–1) the threshold may cost on the held-out split; default 0.03. */
  maxLoss?: number;
}

export interface Calibration {
  threshold: number;
  method: 'explicit-oos' | 'held-out-intents';
  devInScope: number;
  devOos: number;
  /** On the held-out split, at the chosen threshold. */
  accuracy: number;
  recall: number;
}

const stripAnnotations = (s: string) => s.replace(/\[([^\]]+)\]\([a-zA-Z][a-zA-Z0-9_]*\)/g, '$1');

function withIntents(entry: SkillEntry, keep: (intent: string) => boolean, keepExample: (k: number) => boolean): SkillEntry {
  const manifest: SkillManifest = {
    ...entry.manifest,
    intents: entry.manifest.intents.filter((i) => keep(i.id)).map((i) => ({ ...i, examples: i.examples.filter((_, k) => keepExample(k)) })),
  };
  return { manifest, templates: entry.templates.filter((t) => keep(t.intent)), rules: entry.rules };
}

export function calibrate(entries: SkillEntry[], oosTexts: readonly string[], options: ModelOptions, target: CalibrationTarget, floor: number): Calibration | undefined {
  const explicit = oosTexts.length >= 20;
  const ids = entries.flatMap((e) => e.manifest.intents.map((i) => `${e.manifest.id}/${i.id}`)).sort();
  if (!explicit && (target.recall === undefined || ids.length < 5)) return undefined;
  const heldIntents = new Set(explicit ? [] : ids.filter((_, k) => k % 5 === 2));
  const trainEntries = entries.map((e) => withIntents(e, (id) => !heldIntents.has(`${e.manifest.id}/${id}`), (k) => k % 10 !== 7));
  const model = TrainedModel.train(trainEntries, explicit ? oosTexts.filter((_, k) => k % 3 !== 1) : [], { ...options, progress: undefined });

  const inScope: { p: number; correct: boolean; oosTop: boolean }[] = [];
  const unknown: { p: number; oosTop: boolean }[] = [];
  const top = (text: string) => {
    const best = model.score(vectorize(text, model.vocab))[0];
    const cls = best ? model.classes[best.cls]! : undefined;
    return { p: best?.p ?? 0, cls, oosTop: !cls || cls.skill === OOS_CLASS };
  };
  for (const e of entries) {
    for (const intent of e.manifest.intents) {
      const held = heldIntents.has(`${e.manifest.id}/${intent.id}`);
      intent.examples.forEach((ex, k) => {
        if (!held && k % 10 !== 7) return;
        const t = top(stripAnnotations(ex));
        if (held) unknown.push(t);
        else inScope.push({ p: t.p, oosTop: t.oosTop, correct: t.cls?.skill === e.manifest.id && t.cls.intent === intent.id });
      });
    }
  }
  if (explicit) oosTexts.forEach((text, k) => k % 3 === 1 && unknown.push(top(text)));
  if (inScope.length === 0 || unknown.length === 0) return undefined;

  const at = (t: number) => ({
    accuracy: inScope.filter((r) => r.correct && !r.oosTop && r.p >= t).length / inScope.length,
    recall: unknown.filter((r) => r.oosTop || r.p < t).length / unknown.length,
  });
  const grid = Array.from({ length: 91 }, (_, k) => Math.max(floor, 0.05 + k * 0.01));
  const base = at(floor);
  let threshold = floor;
  if (explicit) {
    let best = base.accuracy + base.recall;
    for (const t of grid) {
      const r = at(t);
      if (r.accuracy + r.recall > best + 1e-9) {
        best = r.accuracy + r.recall;
        threshold = t;
      }
    }
  } else {
    const maxLoss = target.maxLoss ?? 0.03;
    for (const t of grid) {
      const r = at(t);
      if (base.accuracy - r.accuracy > maxLoss) break;
      threshold = t;
      if (r.recall >= target.recall!) break;
    }
  }
  const r = at(threshold);
  return { threshold, method: explicit ? 'explicit-oos' : 'held-out-intents', devInScope: inScope.length, devOos: unknown.length, ...r };
}
