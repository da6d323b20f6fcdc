/**
 * `agentos voice` input formats end to end: raw 16-bit PCM with --raw --rate [--channels], flags
 * validated, and every other format refused (exit 1) with the format's name and the fix.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../hosts/cli/main.js';
import type { Io } from '../../hosts/cli/io.js';
import { findSphinxCli, findSphinxModel } from '../../kernel/voice/pocketsphinx.js';
import { which } from '../../kernel/voice/process.js';
import { decodeWav } from '../../kernel/voice/wav.js';
import { tempDir } from '../kernel/helpers.js';

const capture = (): Io & { stdout: string[]; stderr: string[] } => {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
};

const work = tempDir('agentos-voice-formats-');
const file = (name: string, bytes: Buffer) => {
  const p = path.join(work, name);
  fs.writeFileSync(p, bytes);
  return p;
};

describe('agentos voice: input formats', () => {
  const saved = process.env.AGENTOS_HOME;
  beforeAll(() => {
    process.env.AGENTOS_HOME = tempDir();
  });
  afterAll(() => {
    process.env.AGENTOS_HOME = saved;
  });

  it.each([
    ['song.mp3', Buffer.concat([Buffer.from('ID3\x04\x00\x00'), Buffer.alloc(200)]), /MP3 audio.*\n.*ffmpeg -i in\.mp3 -ar 16000 -ac 1/],
    ['memo.ogg', Buffer.concat([Buffer.from('OggS\x00\x02'), Buffer.alloc(22), Buffer.from('OpusHead'), Buffer.alloc(100)]), /Ogg Opus audio/],
    ['memo.m4a', Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypM4A '), Buffer.alloc(100)]), /M4A/],
    ['alaw.wav', (() => {
      const w = Buffer.alloc(244);
      w.write('RIFF\xec\x00\x00\x00WAVEfmt ', 0, 'latin1');
      w.writeUInt32LE(16, 16);
      w.writeUInt16LE(6, 20);
      w.writeUInt16LE(1, 22);
      w.writeUInt32LE(8000, 24);
      w.writeUInt16LE(8, 34);
      w.write('data', 36, 'latin1');
      w.writeUInt32LE(200, 40);
      return w;
    })(), /A-law-encoded audio.*\n.*pcm_s16le/],
    ['empty.wav', Buffer.alloc(0), /empty \(0 bytes\)/],
  ])('%s is refused with exit 1, its format and the fix', async (name, bytes, message) => {
    const io = capture();
    expect(await main(['voice', file(name, bytes)], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(message);
    expect(io.stdout).toEqual([]);
  });

  it('validates the raw PCM flags before reading anything', async () => {
    const raw = file('a.raw', Buffer.alloc(3200));
    for (const [args, message] of [
      [['--raw'], /--raw needs --rate HZ/],
      [['--raw', '--rate', 'fast'], /--rate must be a whole number of Hz/],
      [['--raw', '--rate', '100'], /--rate must be at least 4000 Hz/],
      [['--raw', '--rate', '16000', '--channels', '0'], /--channels/],
      [['--rate', '16000'], /--rate and --channels describe raw PCM: add --raw/],
    ] as const) {
      const io = capture();
      expect(await main(['voice', raw, ...args], io)).not.toBe(0);
      expect(io.stderr.join('\n')).toMatch(message);
    }
    const odd = capture();
    expect(await main(['voice', file('odd.raw', Buffer.alloc(3202)), '--raw', '--rate', '16000', '--channels', '2'], odd)).toBe(1);
    expect(odd.stderr.join('\n')).toMatch(/not a whole number of 2-channel 16-bit frames/);
    const silent = capture();
    expect(await main(['voice', file('silent.raw', Buffer.alloc(32_000)), '--raw', '--rate', '16000'], silent)).toBe(1);
    expect(silent.stderr.join('\n')).toMatch(/No speech was heard/);
  });

  it.skipIf(!findSphinxCli() || !findSphinxModel() || !which('espeak-ng'))('hears "list my notes" sent as raw stereo PCM at espeak-ng\'s 22,050 Hz (PocketSphinx)', async () => {
    const wav = path.join(work, 'say.wav');
    execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', wav, 'list my notes']);
    const decoded = decodeWav(fs.readFileSync(wav));
    const mono = decoded.channels[0]!;
    const pcm = Buffer.alloc(mono.length * 4);
    mono.forEach((v, i) => {
      pcm.writeInt16LE(Math.round(v * 32767), i * 4);
      pcm.writeInt16LE(Math.round(v * 32767), i * 4 + 2);
    });
    const io = capture();
    expect(await main(['voice', file('say.raw', pcm), '--raw', '--rate', String(decoded.sampleRate), '--channels', '2', '--transcribe-only', '--engine', 'pocketsphinx'], io)).toBe(0);
    expect(io.stdout).toEqual(['list my notes']);
  }, 120_000);
});
