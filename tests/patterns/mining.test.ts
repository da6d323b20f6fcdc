import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FirstOrderMarkov, MixedOrderMarkov } from '../../kernel/patterns/markov.js';
import { prefixSpan } from '../../kernel/patterns/prefixspan.js';
import { parseSpmf, SpmfError } from '../../kernel/patterns/spmf.js';
import { itemLabels, splitSessions } from '../../kernel/patterns/sessions.js';
import { main } from '../../kernel/cli/main.js';
import type { Io } from '../../kernel/cli/io.js';
import { tempDir } from '../kernel/helpers.js';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

describe('SPMF', () => {
  it('parses sequences and names the bad line', () => {
    expect(parseSpmf('1 -1 2 -1 3 -1 -2\n\n4 -1 -2\n')).toEqual([['1', '2', '3'], ['4']]);
    expect(() => parseSpmf('1 -1 2 -1\n', 'x.txt')).toThrow(SpmfError);
    expect(() => parseSpmf('1 -1 2 -1\n', 'x.txt')).toThrow(/x.txt:1/);
  });
});

describe('predictors', () => {
  // After 1,2 comes 3; after 5,2 comes 4: only a second-order context can tell them apart.
  const train = [
    [1, 2, 3],
    [1, 2, 3],
    [5, 2, 4],
    [5, 2, 4],
    [5, 2, 4],
  ];

  it('the mixed-order model uses the longer context', () => {
    const m = new MixedOrderMarkov({ order: 3 });
    m.train(train);
    expect(m.predict([1, 2], 1)[0]!.item).toBe(3);
    expect(m.predict([5, 2], 1)[0]!.item).toBe(4);
    expect(m.support([1, 2], 3, 2)).toBe(2);
    const probs = m.predict([7, 2], 10);
    expect(probs.reduce((s, p) => s + p.p, 0)).toBeCloseTo(1, 6);
  });

  it('first-order Markov cannot', () => {
    const m = new FirstOrderMarkov();
    m.train(train);
    expect(m.predict([1, 2], 1)[0]!.item).toBe(4);
  });
});

describe('PrefixSpan with a gap constraint', () => {
  const seqs = [
    [1, 2, 3],
    [1, 9, 2, 3],
    [1, 2, 8, 8, 3],
  ];

  it('counts each sequence once and respects the gap', () => {
    const adjacent = prefixSpan(seqs, { minSupport: 2, maxGap: 1, minLength: 2 });
    expect(adjacent).toContainEqual({ items: [1, 2], support: 2 });
    expect(adjacent).toContainEqual({ items: [2, 3], support: 2 });
    // back to back, 1 → 2 → 3 happens in one sequence only
    expect(adjacent.find((p) => p.items.join() === '1,2,3')).toBeUndefined();
    const loose = prefixSpan(seqs, { minSupport: 3, maxGap: 3, minLength: 2 });
    expect(loose).toContainEqual({ items: [1, 2, 3], support: 3 });
    expect(prefixSpan(seqs, { minSupport: 0.9, maxGap: 3 }).every((p) => p.support >= 3)).toBe(true);
  });
});

describe('sessions', () => {
  it('splits at pauses and refines items by recurring slot values', () => {
    expect(splitSessions([{ at: 0 }, { at: 10 }, { at: 1000 }, { at: 1005 }], 100)).toEqual([[0, 1], [2, 3]]);
    const ev = (intent: string, slots: Record<string, unknown>) => ({ at: 0, text: '', skill: 's', intent, slots });
    const labels = itemLabels([ev('open', { app: 'Mail' }), ev('open', { app: 'mail' }), ev('open', { app: 'once' }), ev('remind', { when: '2025-03-03T09:00:00Z' })]);
    expect(labels).toEqual(['open app=mail', 'open app=mail', 'open', 'remind']);
  });
});

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
