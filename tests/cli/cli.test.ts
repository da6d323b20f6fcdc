import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../hosts/cli/main.js';
import type { Io } from '../../hosts/cli/io.js';
import { tempDir } from '../kernel/helpers.js';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

describe('agentos CLI', () => {
  const saved = process.env.AGENTOS_HOME;
  beforeEach(() => {
    process.env.AGENTOS_HOME = tempDir();
  });
  afterEach(() => {
    process.env.AGENTOS_HOME = saved;
  });

  it('answers a request with exit 0 and records it in history', async () => {
    const io = capture();
    expect(await main(['what can you do'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/Help/);
    const h = capture();
    expect(await main(['history', '--json'], h)).toBe(0);
    expect(JSON.parse(h.stdout[0]!)[0]).toMatchObject({ text: 'what can you do', status: 'served', skill: 'help' });
  });

  it('exits 2 with suggestions for nonsense', async () => {
    const io = capture();
    expect(await main(['zxqv blorp frobnicate'], io)).toBe(2);
    expect(io.stdout.join('\n')).toMatch(/can't do that/);
    expect(io.stdout.join('\n')).toMatch(/agentos "what can you do"/);
  });

  it('prints one JSON object with --json', async () => {
    const io = capture();
    await main(['what can you do', '--json'], io);
    expect(JSON.parse(io.stdout.at(-1)!)).toMatchObject({ status: 'served' });
  });

  it('refuses an unknown flag with exit 1, naming the flag', async () => {
    const io = capture();
    expect(await main(['what can you do', '--frobnicate'], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/--frobnicate/);
    expect(io.stderr.join('\n')).toMatch(/Usage:/);
  });

  it('refuses an empty and an oversized request with exit 1', async () => {
    const empty = capture();
    expect(await main(['   '], empty)).toBe(1);
    expect(empty.stderr.join('\n')).toMatch(/empty/);
    const big = capture();
    expect(await main(['x'.repeat(10_001)], big)).toBe(1);
    expect(big.stderr.join('\n')).toMatch(/longer than 10,000 characters/);
  });

  it('lists skills and validates settings', async () => {
    const io = capture();
    expect(await main(['skills', 'list', '--json'], io)).toBe(0);
    expect(JSON.parse(io.stdout[0]!).skills.map((s: { id: string }) => s.id)).toContain('help');
    const bad = capture();
    expect(await main(['settings', 'set', 'voice.engine', 'telepathy'], bad)).toBe(1);
    expect(bad.stderr.join('\n')).toMatch(/voice\.engine/);
    const good = capture();
    expect(await main(['settings', 'set', 'voice.engine', 'pocketsphinx'], good)).toBe(0);
  });
});
