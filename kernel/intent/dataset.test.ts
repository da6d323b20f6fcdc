import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIntentFile } from './dataset.js';

describe('intent data files', () => {
  it('rejects a malformed data file with the line number', () => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'intent-')), 'bad.jsonl');
    fs.writeFileSync(f, '{"text": "hi", "intent": "greet"}\n{"text": 3}\n');
    expect(() => readIntentFile(f)).toThrow(/bad\.jsonl:2: text/);
  });
});
