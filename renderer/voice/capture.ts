/**
 * Microphone capture for push-to-talk and hands-free: getUserMedia → an AudioWorklet that hands
 * over raw frames → 16 kHz mono (the AudioContext runs at 16 kHz where the browser allows, which
 * resamples with its own filter; otherwise we low-pass and resample here) → int16 PCM, with a live
 * level for the meter and end-of-speech detection for hands-free mode.
 */
import { EndpointDetector } from './endpoint';

const WORKLET = `
class PcmTap extends AudioWorkletProcessor {
  process(inputs) {
    const ch = inputs[0] && inputs[0][0];
    if (ch) this.port.postMessage(ch.slice(0));
    return true;
  }
}
registerProcessor('agentos-pcm-tap', PcmTap);
`;

export const TARGET_RATE = 16_000;
/** Longest recording sent to the kernel (its limit is 60 s). */
export const MAX_SECONDS = 55;

export interface CaptureCallbacks {
  /** RMS level in [0, 1] (already scaled for display), about 40 times a second. */
  onLevel?(level: number): void;
  /** Hands-free: the speaker paused after speaking. */
  onEndOfSpeech?(): void;
  /** The maximum length was reached. */
  onLimit?(): void;
}

/** Band-limited resampling for browsers that refuse a 16 kHz AudioContext. */
export function resampleTo16k(input: Float32Array, fromRate: number): Float32Array {
  if (fromRate === TARGET_RATE) return input;
  const ratio = fromRate / TARGET_RATE;
  const half = Math.ceil(8 * ratio);
  const fc = 0.5 / ratio * 0.95;
  const out = new Float32Array(Math.floor(input.length / ratio));
  for (let n = 0; n < out.length; n++) {
    const t = n * ratio;
    let acc = 0;
    for (let k = Math.max(0, Math.ceil(t - half)); k <= Math.min(input.length - 1, Math.floor(t + half)); k++) {
      const x = t - k;
      const sinc = x === 0 ? 1 : Math.sin(2 * Math.PI * fc * x) / (2 * Math.PI * fc * x);
      const w = 0.42 + 0.5 * Math.cos((Math.PI * x) / half) + 0.08 * Math.cos((2 * Math.PI * x) / half);
      acc += input[k]! * 2 * fc * sinc * w;
    }
    out[n] = acc;
  }
  return out;
}

export function floatToPcm16Base64(samples: Float32Array): string {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    view.setInt16(i * 2, Math.round(s < 0 ? s * 32768 : s * 32767), true);
  }
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export class MicCapture {
  private ctx: AudioContext | undefined;
  private stream: MediaStream | undefined;
  private chunks: Float32Array[] = [];
  private length = 0;
  private detector: EndpointDetector | undefined;

  constructor(private readonly callbacks: CaptureCallbacks = {}, private readonly handsFree = false) {}

  async start(): Promise<void> {
    if (!navigator.mediaDevices?.getUserMedia) throw new Error('This browser gives no microphone access here (it needs a secure page: localhost or https).');
    this.stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
    try {
      this.ctx = new AudioContext({ sampleRate: TARGET_RATE });
    } catch {
      this.ctx = new AudioContext();
    }
    const url = URL.createObjectURL(new Blob([WORKLET], { type: 'application/javascript' }));
    await this.ctx.audioWorklet.addModule(url);
    URL.revokeObjectURL(url);
    const source = this.ctx.createMediaStreamSource(this.stream);
    const tap = new AudioWorkletNode(this.ctx, 'agentos-pcm-tap');
    const rate = this.ctx.sampleRate;
    this.detector = this.handsFree ? new EndpointDetector(rate) : undefined;
    tap.port.onmessage = (e: MessageEvent<Float32Array>) => {
      const frame = e.data;
      this.chunks.push(frame);
      this.length += frame.length;
      let sum = 0;
      for (const v of frame) sum += v * v;
      const rms = Math.sqrt(sum / frame.length);
      // dB mapped to 0..1 over -60..0 dBFS: a meter that moves for normal speech.
      this.callbacks.onLevel?.(Math.max(0, Math.min(1, (20 * Math.log10(rms + 1e-9) + 60) / 60)));
      if (this.detector?.push(frame).some((ev) => ev.type === 'end')) this.callbacks.onEndOfSpeech?.();
      if (this.length / rate >= MAX_SECONDS) this.callbacks.onLimit?.();
    };
    source.connect(tap);
  }

  /** Stops the microphone; returns the recording as 16 kHz mono samples. */
  async stop(): Promise<Float32Array> {
    const rate = this.ctx?.sampleRate ?? TARGET_RATE;
    this.stream?.getTracks().forEach((t) => t.stop());
    await this.ctx?.close().catch(() => undefined);
    const all = new Float32Array(this.length);
    let offset = 0;
    for (const c of this.chunks) {
      all.set(c, offset);
      offset += c.length;
    }
    this.chunks = [];
    this.length = 0;
    return resampleTo16k(all, rate);
  }
}
