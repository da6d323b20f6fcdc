/**
 * The intent evaluation of BENCHMARKS.md: train an engine on one file as if a skill declared
 * its intents, run every line of another, and report accuracy, out-of-scope recall/precision,
 * slot F1, training time (calibration and cross-validation included), per-request latency and
 * memory. Accuracy is given twice: refusals counted as errors (`accuracy_in_scope`), and the best
 * intent taken even when the engine refused (`accuracy_no_refusal`, the closed-set figure).
 */
import { ClassicIntentEngine, type EngineOptions } from './engine.js';
import { NameMap, SlotScore, manifestFromLines, percentile, type IntentLine } from './dataset.js';

export interface IntentEvalResult {
  examples: number;
  intents: number;
  accuracy_in_scope: number | null;
  /** The same with refusals ignored: the best intent counts even when the engine refused it. */
  accuracy_no_refusal: number | null;
  oos_recall: number | null;
  oos_precision: number | null;
  slot_f1: number | null;
  train_ms: number;
  p50_ms: number | null;
  p95_ms: number | null;
  rss_mb: number;
  /** The refusal threshold on the top probability (calibrated on the training data, or the default). */
  oos_threshold: number;
  /**
   * `--oos-recall`: the recall asked for, and what it achieved on training intents held out as
   * unknown: per calibration run, with the threshold chosen on the other runs (and their mean).
   */
  oos_recall_requested: number | null;
  oos_recall_heldout: number | null;
  oos_recall_heldout_runs: number[] | null;
}

const round = (x: number | null, d = 4) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);

export function evaluateIntent(train: IntentLine[], test: IntentLine[], options: EngineOptions & { log?: (m: string) => void } = {}): IntentEvalResult {
  const intents = new NameMap('i', false);
  const slots = new NameMap('s', true);
  const { manifest, oos } = manifestFromLines(train, intents, slots);
  const t0 = performance.now();
  const engine = new ClassicIntentEngine({ ...options, ...(options.log ? { progress: options.log } : {}) });
  engine.addSkill(manifest);
  if (oos.length) engine.setOutOfScopeExamples(oos);
  engine.train();
  // The slot tagger trains on first use; count it as training.
  if (train.some((l) => l.slots.length)) engine.slotsFor({ skill: manifest.id, intent: manifest.intents[0]!.id }, 'warm up', 'warm up', { now: new Date() });
  const trainMs = performance.now() - t0;
  options.log?.(`trained in ${Math.round(trainMs)} ms; evaluating ${test.length} lines`);
  let inScope = 0;
  let correct = 0;
  let correctAnyway = 0;
  let oosTotal = 0;
  let oosRefused = 0;
  let refused = 0;
  const slotScore = new SlotScore();
  const scoreSlots = test.some((l) => l.slots.length > 0);
  const times: number[] = [];
  const now = new Date('2025-01-15T12:00:00Z');
  for (const line of test) {
    const t = performance.now();
    const rec = engine.recognize(line.text, { now });
    times.push(performance.now() - t);
    const top = rec.candidates[0];
    const predicted = rec.outOfScope || !top ? null : intents.name(top.intent) ?? null;
    if (predicted === null) refused++;
    if (line.intent === null) {
      oosTotal++;
      if (predicted === null) oosRefused++;
    } else {
      inScope++;
      if (predicted === line.intent) correct++;
      if (top && intents.name(top.intent) === line.intent) correctAnyway++;
      if (scoreSlots) {
        const gold = line.slots.map((s) => ({ name: s.name, value: line.text.slice(s.start, s.end) }));
        const pred = predicted === null || !top ? [] : top.slots.map((s) => ({ name: slots.name(s.name) ?? s.name, value: s.raw }));
        slotScore.add(gold, pred);
      }
    }
  }
  times.sort((a, b) => a - b);
  return {
    examples: test.length,
    intents: manifest.intents.length,
    accuracy_in_scope: round(inScope ? correct / inScope : null),
    accuracy_no_refusal: round(inScope ? correctAnyway / inScope : null),
    oos_recall: round(oosTotal ? oosRefused / oosTotal : null),
    oos_precision: round(oosTotal ? (refused ? oosRefused / refused : 0) : null),
    slot_f1: round(scoreSlots ? slotScore.f1 : null),
    train_ms: Math.round(trainMs),
    p50_ms: round(percentile(times, 0.5), 3),
    p95_ms: round(percentile(times, 0.95), 3),
    rss_mb: Math.round(process.memoryUsage().rss / 1048576),
    oos_threshold: round(engine.calibration?.threshold ?? engine.options.oosThreshold, 3)!,
    oos_recall_requested: engine.calibration?.requested ?? null,
    oos_recall_heldout: round(engine.calibration?.crossRecall?.mean ?? null),
    oos_recall_heldout_runs: engine.calibration?.crossRecall?.runs.map((x) => round(x)!) ?? null,
  };
}
