/**
 * `agentos voice` on a request in doubt that would change something: without a terminal it prints
 * the read-back, exits 2 (a question) and changes nothing; with --yes it runs what was heard. The
 * decoder is a fake that mishears "call the dentist" as a note, as PocketSphinx's command model did.
 */
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../hosts/cli/main.js';
import type { Io } from '../../hosts/cli/io.js';
import { encodeWav16 } from '../../kernel/voice/wav.js';
import { tempDir } from '../kernel/helpers.js';

vi.mock('../../kernel/voice/index.js', async (original) => (await import('./fake-voice.js')).withDoubtfulDecoder(await original()));

const capture = (): Io & { stdout: string[]; stderr: string[] } => {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
};

describe('agentos voice: read-back before a doubtful change', () => {
  const saved = process.env.AGENTOS_HOME;
  let wav: string;
  beforeAll(() => {
    process.env.AGENTOS_HOME = tempDir();
    const samples = new Float32Array(16_000);
    for (let i = 4000; i < 12_000; i++) samples[i] = 0.3 * Math.sin(i / 5);
    wav = path.join(tempDir('agentos-voice-readback-'), 'dentist.wav');
    fs.writeFileSync(wav, encodeWav16(samples, 16_000));
  });
  afterAll(() => {
    process.env.AGENTOS_HOME = saved;
  });

  const notes = async () => {
    const io = capture();
    await main(['list', 'my', 'notes'], io);
    return io.stdout.join('\n');
  };

  it('asks without a terminal, exits 2 and adds nothing; --yes runs what was heard', async () => {
    expect(process.stdin.isTTY).toBeFalsy();
    const io = capture();
    expect(await main(['voice', wav], io)).toBe(2);
    expect(io.stdout.join('\n')).toMatch(/I heard: "add a note for all the dentist on monday" — do it\?/);
    expect(io.stdout.join('\n')).toMatch(/Nothing was done.*--yes/);
    expect(await notes()).not.toMatch(/dentist/);

    const yes = capture();
    expect(await main(['voice', wav, '--yes'], yes)).toBe(0);
    expect(await notes()).toMatch(/dentist/);
  }, 60_000);
});
