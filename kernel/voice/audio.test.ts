/** Audio handling on generated WAVs: every encoding, resampling quality, VAD, and each kind of bad input. */
import { describe, expect, it } from 'vitest';
import { prepareAudio } from './audio.js';
import { VoiceError } from './errors.js';
import { resample } from './resample.js';
import { EndpointDetector, findSpeech } from './vad.js';
import { decodeWav, encodeWav16 } from './wav.js';

function tone(freq: number, rate: number, seconds: number, amp = 0.5): Float32Array {
  return Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / rate));
}

/** A WAV with any encoding, written by hand (independent of encodeWav16). */
function wav(channels: Float32Array[], rate: number, bits: 8 | 16 | 24 | 32, float = false): Buffer {
  const n = channels[0]!.length;
  const bytes = bits / 8;
  const data = Buffer.alloc(n * channels.length * bytes);
  for (let i = 0; i < n; i++) {
    channels.forEach((ch, c) => {
      const v = ch[i]!;
      const p = (i * channels.length + c) * bytes;
      if (float) data.writeFloatLE(v, p);
      else if (bits === 8) data[p] = Math.round(v * 127 + 128);
      else if (bits === 16) data.writeInt16LE(Math.round(v * 32767), p);
      else if (bits === 24) data.writeIntLE(Math.round(v * 8_388_607), p, 3);
      else data.writeInt32LE(Math.round(v * 2_147_483_647), p);
    });
  }
  const head = Buffer.alloc(44);
  head.write('RIFF', 0, 'ascii');
  head.writeUInt32LE(36 + data.length, 4);
  head.write('WAVEfmt ', 8, 'ascii');
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(float ? 3 : 1, 20);
  head.writeUInt16LE(channels.length, 22);
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE(rate * channels.length * bytes, 28);
  head.writeUInt16LE(channels.length * bytes, 32);
  head.writeUInt16LE(bits, 34);
  head.write('data', 36, 'ascii');
  head.writeUInt32LE(data.length, 40);
  return Buffer.concat([head, data]);
}

const rms = (x: Float32Array) => Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length);
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof VoiceError ? e.code : `other: ${(e as Error).message}`;
  }
  return 'no error';
};

/** Silence, a "word" (a 300 Hz burst with harmonics), silence. */
function utterance(rate: number): Float32Array {
  const out = new Float32Array(rate * 2);
  const word = tone(300, rate, 0.6, 0.3).map((v, i) => v + 0.1 * Math.sin((2 * Math.PI * 900 * i) / rate));
  out.set(word, Math.round(rate * 0.7));
  return out;
}

describe('decodeWav', () => {
  it.each([
    [8, false],
    [16, false],
    [24, false],
    [32, false],
    [32, true],
  ] as const)('decodes %i-bit %s PCM, stereo, 44.1 kHz', (bits, float) => {
    const left = tone(440, 44_100, 0.1);
    const right = tone(440, 44_100, 0.1, 0.25);
    const d = decodeWav(wav([left, right], 44_100, bits, float));
    expect(d.sampleRate).toBe(44_100);
    expect(d.channels).toHaveLength(2);
    expect(d.bitsPerSample).toBe(bits);
    const tol = bits === 8 ? 0.02 : 0.001;
    for (let i = 0; i < left.length; i += 97) {
      expect(Math.abs(d.channels[0]![i]! - left[i]!)).toBeLessThan(tol);
      expect(Math.abs(d.channels[1]![i]! - right[i]!)).toBeLessThan(tol);
    }
  });

  it('round-trips encodeWav16', () => {
    const x = tone(1000, 16_000, 0.2);
    const d = decodeWav(encodeWav16(x, 16_000));
    expect(d.channels[0]!.length).toBe(x.length);
    expect(Math.abs(d.channels[0]![123]! - x[123]!)).toBeLessThan(1e-4);
  });

  it('refuses empty, truncated, corrupt and unsupported files with clear codes', () => {
    const good = wav([tone(440, 16_000, 0.5)], 16_000, 16);
    expect(code(() => decodeWav(Buffer.alloc(0)))).toBe('empty_audio');
    expect(code(() => decodeWav(good.subarray(0, 8)))).toBe('truncated_audio');
    expect(code(() => decodeWav(good.subarray(0, 44)))).toBe('truncated_audio');
    const noSamples = Buffer.from(good.subarray(0, 44));
    noSamples.writeUInt32LE(0, 40);
    expect(code(() => decodeWav(noSamples))).toBe('empty_audio');
    expect(code(() => decodeWav(Buffer.from('ID3\x03 this is an mp3 file, not a wav'.padEnd(200))))).toBe('unsupported_audio');
    const noData = Buffer.from(good.subarray(0, 36));
    noData.writeUInt32LE(28, 4);
    expect(code(() => decodeWav(noData))).toBe('corrupt_audio');
    const alaw = Buffer.from(good);
    alaw.writeUInt16LE(6, 20);
    expect(code(() => decodeWav(alaw))).toBe('unsupported_audio');
    // A cut download: the header promises more data than there is; the whole samples still decode.
    const cut = decodeWav(good.subarray(0, 44 + 1001));
    expect(cut.channels[0]!.length).toBe(500);
  });
});

describe('resample', () => {
  it('keeps a 1 kHz tone through 48 kHz → 16 kHz', () => {
    const y = resample(tone(1000, 48_000, 0.5), 48_000, 16_000);
    expect(y.length).toBe(8000);
    expect(rms(y.subarray(200, -200))).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });

  it('removes a 12 kHz tone instead of aliasing it to 4 kHz (low-pass)', () => {
    const y = resample(tone(12_000, 48_000, 0.5), 48_000, 16_000);
    expect(rms(y.subarray(200, -200))).toBeLessThan(0.005);
  });

  it('upsamples 8 kHz to 16 kHz', () => {
    const y = resample(tone(500, 8000, 0.5), 8000, 16_000);
    expect(y.length).toBe(8000);
    expect(rms(y.subarray(200, -200))).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });
});

describe('speech detection', () => {
  it('finds the word and trims the silence around it', () => {
    const span = findSpeech(utterance(16_000), 16_000)!;
    expect(span.start / 16_000).toBeGreaterThan(0.45);
    expect(span.start / 16_000).toBeLessThan(0.7);
    expect(span.end / 16_000).toBeGreaterThan(1.3);
    expect(span.end / 16_000).toBeLessThan(1.55);
  });

  it('works over a noise floor', () => {
    const x = utterance(16_000).map((v, i) => v + 0.003 * Math.sin(i * 12.9898) * Math.cos(i * 78.233));
    expect(findSpeech(x, 16_000)).not.toBeNull();
  });

  it('streams: start when speech begins, end after the pause', () => {
    const det = new EndpointDetector(16_000, { hangoverMs: 500 });
    const x = utterance(16_000);
    const events = [];
    for (let i = 0; i < x.length; i += 1600) events.push(...det.push(x.subarray(i, i + 1600)));
    expect(events.map((e) => e.type)).toEqual(['start', 'end']);
    expect(events[0]!.atMs).toBeGreaterThan(600);
    expect(events[1]!.atMs).toBeGreaterThan(1250);
  });
});

describe('prepareAudio', () => {
  it('turns 44.1 kHz stereo 24-bit into trimmed 16 kHz mono', () => {
    const u = utterance(44_100);
    const a = prepareAudio({ wav: wav([u, u], 44_100, 24) });
    expect(a.sampleRate).toBe(16_000);
    expect(a.source).toMatchObject({ sampleRate: 44_100, channels: 2, bitsPerSample: 24 });
    expect(a.durationSec).toBeCloseTo(2, 2);
    expect(a.speechSec).toBeLessThan(1.1);
    expect(a.speechSec).toBeGreaterThan(0.6);
  });

  it('refuses silence, too-short, too-long and empty PCM', () => {
    expect(code(() => prepareAudio({ wav: wav([new Float32Array(16_000)], 16_000, 16) }))).toBe('silent_audio');
    expect(code(() => prepareAudio({ wav: wav([tone(300, 16_000, 0.05)], 16_000, 16) }))).toBe('empty_audio');
    expect(code(() => prepareAudio({ wav: wav([utterance(8000)], 8000, 16) }, { maxSeconds: 1 }))).toBe('too_long');
    expect(code(() => prepareAudio({ pcm16: Buffer.alloc(0), sampleRate: 16_000 }))).toBe('empty_audio');
    expect(code(() => prepareAudio({ pcm16: Buffer.alloc(3), sampleRate: 16_000 }))).toBe('truncated_audio');
  });

  it('reads raw 16-bit PCM at the stated rate and channel count, and refuses a format it cannot be', () => {
    const u = utterance(8000);
    const stereo = Buffer.alloc(u.length * 4);
    u.forEach((v, i) => {
      stereo.writeInt16LE(Math.round(v * 32767), i * 4);
      stereo.writeInt16LE(Math.round(v * 16000), i * 4 + 2);
    });
    const a = prepareAudio({ pcm16: stereo, sampleRate: 8000, channels: 2 });
    expect(a.source).toEqual({ sampleRate: 8000, channels: 2, bitsPerSample: 16, format: 'int' });
    expect(a.durationSec).toBeCloseTo(2, 3);
    expect(a.speechSec).toBeGreaterThan(0.6);
    expect(code(() => prepareAudio({ pcm16: stereo.subarray(0, 6), sampleRate: 8000, channels: 2 }))).toBe('truncated_audio');
    expect(code(() => prepareAudio({ pcm16: stereo, sampleRate: 100 }))).toBe('unsupported_audio');
    expect(code(() => prepareAudio({ pcm16: stereo, sampleRate: 16_000.5 }))).toBe('unsupported_audio');
    expect(code(() => prepareAudio({ pcm16: stereo, sampleRate: 16_000, channels: 0 }))).toBe('unsupported_audio');
  });
});
