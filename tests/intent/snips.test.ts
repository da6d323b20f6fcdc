// The intent engine on a SNIPS slice from ../shared/data (skipped when absent).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateIntent } from '../../kernel/intent/evaluate.js';
import { readIntentFile } from '../../kernel/intent/dataset.js';

describe('evaluation on SNIPS (a slice)', () => {
  it('reaches the intent and slot accuracy targets on a 2,000-line training slice', () => {
    const dir = path.resolve(__dirname, '../../../shared/data/intent/snips');
    if (!fs.existsSync(dir)) return;
    const train = readIntentFile(path.join(dir, 'train.jsonl')).filter((_, i) => i % 7 === 0);
    const test = readIntentFile(path.join(dir, 'test.jsonl'));
    const r = evaluateIntent(train, test);
    // Small training sets use the stricter out-of-scope similarity, which refuses a few in-scope lines.
    expect(r.accuracy_in_scope!).toBeGreaterThan(0.9);
    expect(r.slot_f1!).toBeGreaterThan(0.8);
  });
});
