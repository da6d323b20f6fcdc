/**
 * Channel mix-down and sample-rate conversion to the 16 kHz mono the speech engines expect.
 * Resampling is band-limited: a Blackman-windowed sinc low-pass (cut-off just under the lower
 * Nyquist frequency) evaluated at each output instant, so downsampling 44.1/48 kHz audio does
 * not fold high frequencies back into the speech band (plain decimation would alias).
 */
export const TARGET_RATE = 16_000;

export function mixDown(channels: Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0]!;
  const n = channels[0]!.length;
  const out = new Float32Array(n);
  for (const ch of channels) for (let i = 0; i < n; i++) out[i]! += ch[i]! / channels.length;
  return out;
}

/** Zero crossings of the sinc kept on each side: the filter's length and sharpness. */
const ZERO_CROSSINGS = 16;
const TABLE_STEPS = 512;

export function resample(input: Float32Array, fromRate: number, toRate: number = TARGET_RATE): Float32Array {
  if (fromRate === toRate) return input.slice();
  const ratio = toRate / fromRate;
  // Cut-off in cycles per input sample: 95 % of the lower of the two Nyquist frequencies.
  const fc = 0.5 * Math.min(1, ratio) * 0.95;
  const halfWidth = ZERO_CROSSINGS / (2 * fc);
  // Tabulate the windowed sinc over [0, halfWidth] (it is symmetric) for speed.
  const tableSize = Math.ceil(halfWidth * TABLE_STEPS) + 2;
  const table = new Float32Array(tableSize);
  for (let i = 0; i < tableSize; i++) {
    const x = i / TABLE_STEPS;
    const u = x / halfWidth;
    if (u > 1) continue;
    const arg = 2 * fc * x;
    const sinc = arg === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
    const window = 0.42 + 0.5 * Math.cos(Math.PI * u) + 0.08 * Math.cos(2 * Math.PI * u);
    table[i] = 2 * fc * sinc * window;
  }
  const h = (d: number): number => {
    const pos = Math.abs(d) * TABLE_STEPS;
    const i = Math.floor(pos);
    if (i + 1 >= tableSize) return 0;
    const frac = pos - i;
    return table[i]! * (1 - frac) + table[i + 1]! * frac;
  };
  const outLength = Math.max(1, Math.round(input.length * ratio));
  const out = new Float32Array(outLength);
  const step = fromRate / toRate;
  for (let n = 0; n < outLength; n++) {
    const t = n * step;
    const lo = Math.max(0, Math.ceil(t - halfWidth));
    const hi = Math.min(input.length - 1, Math.floor(t + halfWidth));
    let acc = 0;
    for (let k = lo; k <= hi; k++) acc += input[k]! * h(t - k);
    out[n] = acc;
  }
  return out;
}
