// Pattern mining end to end: the `agentos eval patterns` command, and the models on a FIFA slice
// from ../shared/data (skipped when absent). The models' unit tests sit beside them in kernel/patterns.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FirstOrderMarkov, MixedOrderMarkov } from '../../kernel/patterns/markov.js';
import { main } from '../../hosts/cli/main.js';
import type { Io } from '../../hosts/cli/io.js';
import { tempDir } from '../kernel/helpers.js';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

describe('agentos eval patterns', () => {
  it('prints the contract JSON with the baseline, and a clear error for a bad folder', async () => {
    const dir = tempDir();
    const line = (xs: number[]) => `${xs.join(' -1 ')} -1 -2`;
    const train = Array.from({ length: 60 }, (_, i) => line(i % 2 ? [1, 2, 3] : [5, 2, 4]));
    fs.writeFileSync(path.join(dir, 'train.txt'), train.join('\n'));
    fs.writeFileSync(path.join(dir, 'test.txt'), [line([1, 2, 3]), line([5, 2, 4])].join('\n'));
    const io = capture();
    expect(await main(['eval', 'patterns', '--data', dir, '--json'], io)).toBe(0);
    const r = JSON.parse(io.stdout.at(-1)!);
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['sequences', 'top1', 'top3', 'train_ms', 'p50_ms', 'markov1_top1']));
    expect(r).toMatchObject({ sequences: 2, top1: 1, markov1_top1: 0.5 });
    const bad = capture();
    expect(await main(['eval', 'patterns', '--data', tempDir()], bad)).toBe(1);
    expect(bad.stderr.join('\n')).toMatch(/train.txt is missing/);
    expect(await main(['eval', 'patterns'], capture())).toBe(1);
  });
});

const fifa = path.resolve(__dirname, '../../../shared/data/patterns/fifa');

describe.skipIf(!fs.existsSync(fifa))('FIFA slice', () => {
  it('the mixed-order model beats first-order Markov by ≥ 1.15× top-1', async () => {
    const { readSpmf, encode, Vocabulary } = await import('../../kernel/patterns/spmf.js');
    const { scoreLastItem } = await import('../../kernel/patterns/evaluate.js');
    const vocab = new Vocabulary();
    const train = encode(readSpmf(path.join(fifa, 'train.txt')).slice(0, 8000), vocab);
    const test = encode(readSpmf(path.join(fifa, 'test.txt')).slice(0, 1000), vocab);
    const ours = new MixedOrderMarkov({ order: 4, discount: 0.9 });
    ours.train(train);
    const base = new FirstOrderMarkov();
    base.train(train);
    expect(scoreLastItem(ours, test).top1).toBeGreaterThanOrEqual(1.15 * scoreLastItem(base, test).top1);
  });
});
