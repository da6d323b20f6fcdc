/**
 * Microphone capture for push-to-talk and hands-free: getUserMedia → an AudioWorklet that hands
 * over raw frames → 16 kHz mono (the AudioContext runs at 16 kHz where the browser allows, which
 * resamples with its own filter; otherwise we low-pass and resample here) → int16 PCM, with a live
 * level for the meter and end-of-speech detection for hands-free mode.
 */
import { EndpointDetector } from './endpoint';

// The worklet module is a file of our origin (the CSP's script-src is 'self' only: a blob: module is refused).
import workletUrl from './pcm-tap.worklet.js?url';

export const TARGET_RATE = 16_000;
/** Longest recording sent to the kernel (its limit is 60 s). */
export const MAX_SECONDS = 55;

export interface CaptureCallbacks {
  /** RMS level in [0, 1] (already scaled for display), about 16 times a second (every 1,024 frames). */
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

/**
 * A 16 kHz AudioContext when the browser can feed the microphone into one (Chromium resamples);
 * otherwise one at the device rate, and stop() resamples. The worklet is loaded into whichever.
 */
async function openGraph(stream: MediaStream): Promise<{ ctx: AudioContext; source: MediaStreamAudioSourceNode }> {
  let ctx: AudioContext | undefined;
  try {
    ctx = new AudioContext({ sampleRate: TARGET_RATE });
    const source = ctx.createMediaStreamSource(stream);
    await ctx.audioWorklet.addModule(workletUrl);
    return { ctx, source };
  } catch (error) {
    await ctx?.close().catch(() => undefined);
    // A refused module (CSP, missing file) fails the same way at any rate: say so rather than retry.
    if (error instanceof DOMException && error.name === 'AbortError') throw new Error(`The audio module ${workletUrl} could not be loaded (${error.message}).`);
  }
  ctx = new AudioContext();
  const source = ctx.createMediaStreamSource(stream);
  await ctx.audioWorklet.addModule(workletUrl);
  return { ctx, source };
}

export class MicCapture {
  private ctx: AudioContext | undefined;
  private stream: MediaStream | undefined;
  private chunks: Float32Array[] = [];
  private length = 0;
  private detector: EndpointDetector | undefined;
  private tap: AudioWorkletNode | undefined;
  private flushed: (() => void) | undefined;

  constructor(private readonly callbacks: CaptureCallbacks = {}, private readonly handsFree = false) {}

  async start(): Promise<void> {
    if (!navigator.mediaDevices?.getUserMedia) throw new Error('This browser gives no microphone access here (it needs a secure page: localhost or https).');
    this.stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
    const { ctx, source } = await openGraph(this.stream);
    this.ctx = ctx;
    // No outputs: the browser still pulls the node (nothing is played back); channelCount 1 downmixes stereo mics.
    const tap = new AudioWorkletNode(ctx, 'agentos-pcm-tap', { numberOfInputs: 1, numberOfOutputs: 0, channelCount: 1, channelCountMode: 'explicit', channelInterpretation: 'speakers' });
    this.tap = tap;
    const rate = ctx.sampleRate;
    this.detector = this.handsFree ? new EndpointDetector(rate) : undefined;
    tap.port.onmessage = (e: MessageEvent<Float32Array | string>) => {
      const frame = e.data;
      if (typeof frame === 'string') {
        if (frame === 'flushed') this.flushed?.();
        return;
      }
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
    // Pointer-down is the user gesture, but getUserMedia's prompt may outlast it: make sure audio runs.
    if (ctx.state !== 'running') await ctx.resume().catch(() => undefined);
  }

  /** Stops the microphone; returns the recording as 16 kHz mono samples. */
  async stop(): Promise<Float32Array> {
    const rate = this.ctx?.sampleRate ?? TARGET_RATE;
    // The worklet batches frames: ask for the tail (the last word) before closing, but never wait long.
    if (this.tap && this.ctx?.state === 'running') {
      const tap = this.tap;
      await new Promise<void>((resolve) => {
        this.flushed = resolve;
        tap.port.postMessage('flush');
        setTimeout(resolve, 250);
      });
    }
    this.flushed = undefined;
    this.tap?.port.close();
    this.tap = undefined;
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
