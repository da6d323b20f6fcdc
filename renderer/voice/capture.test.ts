// The page-side audio conversions push-to-talk relies on: resampling to 16 kHz keeps speech-band
// tones and removes what would alias, and the PCM16 base64 is little-endian, clipped and exact.
import { describe, expect, it } from 'vitest';
import { floatToPcm16Base64, resampleTo16k } from './capture';

const tone = (hz: number, rate: number, seconds: number) => Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => Math.sin((2 * Math.PI * hz * i) / rate));
const rms = (x: Float32Array, from = 200, to = x.length - 200) => Math.sqrt(x.subarray(from, to).reduce((a, v) => a + v * v, 0) / (to - from));

describe('resampleTo16k', () => {
  it.each([48_000, 44_100])('keeps a 1 kHz tone from %i Hz at its level and length', (rate) => {
    const out = resampleTo16k(tone(1000, rate, 0.5), rate);
    expect(out.length).toBe(Math.floor((rate * 0.5) / (rate / 16_000)));
    expect(rms(out)).toBeCloseTo(Math.SQRT1_2, 1);
    // Still 1 kHz: zero crossings per second at 16 kHz.
    let crossings = 0;
    for (let i = 1; i < out.length; i++) if (out[i - 1]! < 0 !== out[i]! < 0) crossings++;
    expect(crossings / 0.5).toBeGreaterThan(1900);
    expect(crossings / 0.5).toBeLessThan(2100);
  });

  it('removes a 12 kHz tone instead of folding it into the speech band', () => {
    expect(rms(resampleTo16k(tone(12_000, 48_000, 0.5), 48_000))).toBeLessThan(0.02);
  });

  it('passes 16 kHz through untouched', () => {
    const x = tone(440, 16_000, 0.1);
    expect(resampleTo16k(x, 16_000)).toBe(x);
  });
});

describe('floatToPcm16Base64', () => {
  it('writes little-endian int16, clipping out-of-range samples', () => {
    const bytes = Buffer.from(floatToPcm16Base64(Float32Array.from([0, 1, -1, 0.5, 2, -2])), 'base64');
    const ints = Array.from({ length: 6 }, (_, i) => bytes.readInt16LE(i * 2));
    expect(ints).toEqual([0, 32767, -32768, 16384, 32767, -32768]);
  });

  it('encodes long recordings (more than one 32 KiB chunk) without losing bytes', () => {
    const x = tone(300, 16_000, 3);
    const bytes = Buffer.from(floatToPcm16Base64(x), 'base64');
    expect(bytes.length).toBe(x.length * 2);
    expect(bytes.readInt16LE(2 * 40_003)).toBe(Math.round(x[40_003]! < 0 ? x[40_003]! * 32768 : x[40_003]! * 32767));
  });
});
