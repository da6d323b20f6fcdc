/** Every format we cannot decode is named by its magic bytes, with the command that converts it. */
import { describe, expect, it } from 'vitest';
import { VoiceError } from './errors.js';
import { sniffFormat } from './sniff.js';
import { decodeWav } from './wav.js';

const b = (...parts: (string | number[])[]) => Buffer.concat([...parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))), Buffer.alloc(64)]);

function refusal(buf: Buffer): VoiceError {
  try {
    decodeWav(buf);
  } catch (e) {
    if (e instanceof VoiceError) return e;
    throw e;
  }
  throw new Error('decoded');
}

describe('sniffFormat / not-WAV refusals', () => {
  it.each([
    ['MP3 (ID3 tag)', b('ID3\x04\x00'), 'MP3', 'in.mp3'],
    ['MP3 (frame sync)', b([0xff, 0xfb, 0x90, 0x64]), 'MP3', 'in.mp3'],
    ['AAC ADTS', b([0xff, 0xf1, 0x50, 0x80]), 'AAC (ADTS)', 'in.aac'],
    ['Ogg Opus', b('OggS', [0, 2], 'x'.repeat(22), 'OpusHead'), 'Ogg Opus', 'in.opus'],
    ['Ogg Vorbis', b('OggS', [0, 2], 'x'.repeat(22), '\x01vorbis'), 'Ogg Vorbis', 'in.ogg'],
    ['FLAC', b('fLaC\x00\x00\x00\x22'), 'FLAC', 'in.flac'],
    ['M4A', b([0, 0, 0, 0x20], 'ftypM4A '), 'M4A (MPEG-4 audio)', 'in.m4a'],
    ['MP4', b([0, 0, 0, 0x20], 'ftypisom'), 'MP4 (brand "isom")', 'in.mp4'],
    ['WebM', b([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84], 'webm'), 'WebM', 'in.webm'],
    ['AIFF', b('FORM\x00\x00\x10\x00AIFFCOMM'), 'AIFF', 'in.aiff'],
    ['RIFF AVI', b('RIFF\x00\x10\x00\x00AVI LIST'), 'a RIFF "AVI" file (not WAVE)', 'in.riff'],
  ])('%s', (_label, buf, name, input) => {
    expect(sniffFormat(buf)?.name).toBe(name);
    const e = refusal(buf);
    expect(e.code).toBe('unsupported_audio');
    expect(e.message).toContain(name);
    expect(e.message).toMatch(/reads WAV \(PCM or float\) and raw 16-bit PCM/);
    expect(e.fix).toBe(`Convert it to WAV: ffmpeg -i ${input} -ar 16000 -ac 1 -c:a pcm_s16le out.wav`);
  });

  it('unknown bytes: corrupt, showing the first bytes and both fixes (raw PCM flags, ffmpeg)', () => {
    const e = refusal(Buffer.from('not audio at all, just text'));
    expect(sniffFormat(Buffer.from('not audio at all'))).toBeUndefined();
    expect(e.code).toBe('corrupt_audio');
    expect(e.message).toMatch(/starts with bytes 6e 6f 74 20 61 75 64 69/);
    expect(e.fix).toMatch(/--raw --rate 16000/);
    expect(e.fix).toMatch(/ffmpeg -i INPUT -ar 16000 -ac 1/);
  });

  it('empty and cut-short files', () => {
    expect(refusal(Buffer.alloc(0)).code).toBe('empty_audio');
    expect(refusal(Buffer.from('RIFF\x10\x00')).code).toBe('truncated_audio');
    expect(refusal(Buffer.from('fLaC')).message).toMatch(/FLAC audio/);
  });

  it.each([
    [2, 4, 'Microsoft ADPCM'],
    [6, 8, 'A-law'],
    [7, 8, 'µ-law'],
    [0x11, 4, 'IMA ADPCM'],
    [0x55, 0, 'MP3'],
    [1, 12, '12-bit PCM'],
    [3, 16, '16-bit float'],
  ])('WAV with format tag %i, %i bits: names the encoding (%s)', (tag, bits, name) => {
    const head = Buffer.alloc(44 + 100);
    head.write('RIFFxxxxWAVEfmt ', 0, 'latin1');
    head.writeUInt32LE(16, 16);
    head.writeUInt16LE(tag, 20);
    head.writeUInt16LE(1, 22);
    head.writeUInt32LE(8000, 24);
    head.writeUInt16LE(bits, 34);
    head.write('data', 36, 'latin1');
    head.writeUInt32LE(100, 40);
    const e = refusal(head);
    expect(e.code).toBe('unsupported_audio');
    expect(e.message).toContain(name);
    expect(e.fix).toMatch(/ffmpeg -i in\.wav -ar 16000 -ac 1 -c:a pcm_s16le out\.wav/);
  });
});
