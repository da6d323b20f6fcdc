// Out-of-scope calibration on training data only: asked for a target recall, the engine holds
// intents out of its own training data and raises the refusal threshold, which refuses more
// requests about intents it never saw; explicit out-of-scope training lines are used by default.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NameMap, manifestFromLines, readIntentFile, type IntentLine } from '../../kernel/intent/dataset.js';
import { ClassicIntentEngine } from '../../kernel/intent/engine.js';
import { evaluateIntent } from '../../kernel/intent/evaluate.js';

const dir = path.resolve(__dirname, '../../../shared/data/intent/banking77');
const available = fs.existsSync(dir);

function slice() {
  const train = readIntentFile(path.join(dir, 'train.jsonl'));
  const names = [...new Set(train.map((l) => l.intent!))].sort().slice(0, 24);
  const keep = new Set(names);
  const perIntent = new Map<string, number>();
  const small = train.filter((l) => keep.has(l.intent!) && (perIntent.set(l.intent!, (perIntent.get(l.intent!) ?? 0) + 1).get(l.intent!) ?? 0) <= 40);
  const test = readIntentFile(path.join(dir, 'test.jsonl')).filter((l) => keep.has(l.intent!));
  const held = new Set(names.filter((_, i) => i % 4 === 1));
  const other = new Set(names.filter((_, i) => i % 4 === 3));
  return { small, test, held, other };
}

describe.skipIf(!available)('out-of-scope calibration (Banking77 slice, 24 intents)', () => {
  it('raises recall on held-out intents when asked, choosing the threshold on training data only', () => {
    const { small, test, held } = slice();
    const train = small.filter((l) => !held.has(l.intent!));
    const oosTest = test.map((l): IntentLine => (held.has(l.intent!) ? { ...l, intent: null, slots: [] } : l));
    const plain = evaluateIntent(train, oosTest);
    const tuned = evaluateIntent(train, oosTest, { oosCalibration: { recall: 0.5 } });
    expect(plain.oos_threshold).toBe(0.2);
    expect(tuned.oos_threshold).toBeGreaterThan(0.2);
    expect(tuned.oos_recall!).toBeGreaterThan(plain.oos_recall! + 0.1);
    // The cost in in-scope accuracy is bounded (3 points on the training split; a little more on test).
    expect(tuned.accuracy_in_scope!).toBeGreaterThan(plain.accuracy_in_scope! - 0.08);
  });

  it('uses explicit out-of-scope training lines by default', () => {
    const { small, test, held, other } = slice();
    const train = small.filter((l) => !held.has(l.intent!)).map((l): IntentLine => (other.has(l.intent!) ? { ...l, intent: null } : l));
    const oosTest = test.filter((l) => !other.has(l.intent!)).map((l): IntentLine => (held.has(l.intent!) ? { ...l, intent: null, slots: [] } : l));
    const r = evaluateIntent(train, oosTest);
    expect(r.oos_recall!).toBeGreaterThan(0.3);
    const engine = (options: ConstructorParameters<typeof ClassicIntentEngine>[0]) => {
      const { manifest, oos } = manifestFromLines(train, new NameMap('i', false), new NameMap('s', true));
      const e = new ClassicIntentEngine(options);
      e.addSkill(manifest);
      e.setOutOfScopeExamples(oos);
      e.train();
      return e;
    };
    const calibrated = engine({}).calibration;
    expect(calibrated?.method).toBe('explicit-oos');
    expect(calibrated!.devOos).toBeGreaterThan(50);
    expect(calibrated!.threshold).toBeGreaterThanOrEqual(0.2);
    expect(engine({ oosCalibration: false }).calibration).toBeUndefined();
  });
});
