/**
 * Energy-based voice activity detection. `findSpeech` looks at a whole recording (push-to-talk,
 * files) and returns where speech starts and ends; `EndpointDetector` follows a live stream
 * (hands-free) and says when an utterance has begun and when it is over (a pause long enough).
 * The threshold adapts to the recording's own noise floor, so quiet rooms and noisy ones both work.
 */
interface VadOptions {
  /** Frame length in ms. */
  frameMs?: number;
  /** Speech must be this many dB above the noise floor. */
  marginDb?: number;
  /** Frames quieter than this (dBFS) are never speech, whatever the floor. */
  minLevelDb?: number;
  /** Silence that ends an utterance, in ms. */
  hangoverMs?: number;
  /** Shortest stretch counted as speech, in ms (clicks are shorter). */
  minSpeechMs?: number;
}

const defaults: Required<VadOptions> = { frameMs: 20, marginDb: 12, minLevelDb: -50, hangoverMs: 300, minSpeechMs: 80 };

export function frameLevelsDb(samples: Float32Array, sampleRate: number, frameMs = defaults.frameMs): Float32Array {
  const size = Math.max(1, Math.round((sampleRate * frameMs) / 1000));
  const frames = Math.floor(samples.length / size);
  const out = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let i = f * size; i < (f + 1) * size; i++) sum += samples[i]! * samples[i]!;
    out[f] = 10 * Math.log10(sum / size + 1e-12);
  }
  return out;
}

export interface SpeechSpan {
  /** Start and end in samples. */
  start: number;
  end: number;
  /** Speech frames / all frames inside the span. */
  voicedRatio: number;
  peakDb: number;
  noiseFloorDb: number;
}

/** The span from the first to the last speech frame (with a little margin), or null when none. */
export function findSpeech(samples: Float32Array, sampleRate: number, options: VadOptions = {}): SpeechSpan | null {
  const o = { ...defaults, ...options };
  const levels = frameLevelsDb(samples, sampleRate, o.frameMs);
  if (levels.length === 0) return null;
  const sorted = Array.from(levels).sort((a, b) => a - b);
  const noiseFloorDb = sorted[Math.floor(sorted.length * 0.1)]!;
  const peakDb = sorted[sorted.length - 1]!;
  const threshold = Math.max(noiseFloorDb + o.marginDb, o.minLevelDb);
  const minFrames = Math.max(1, Math.round(o.minSpeechMs / o.frameMs));
  const voiced = Array.from(levels, (l) => l >= threshold);
  // Drop voiced runs shorter than minSpeechMs (clicks, pops).
  for (let i = 0; i < voiced.length; ) {
    if (!voiced[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < voiced.length && voiced[j]) j++;
    if (j - i < minFrames) for (let k = i; k < j; k++) voiced[k] = false;
    i = j;
  }
  const first = voiced.indexOf(true);
  if (first < 0) return null;
  const last = voiced.lastIndexOf(true);
  const frame = Math.round((sampleRate * o.frameMs) / 1000);
  const pad = Math.round((sampleRate * 150) / 1000);
  const count = voiced.slice(first, last + 1).filter(Boolean).length;
  return {
    start: Math.max(0, first * frame - pad),
    end: Math.min(samples.length, (last + 1) * frame + pad),
    voicedRatio: count / (last - first + 1),
    peakDb,
    noiseFloorDb,
  };
}

export type EndpointEvent = { type: 'start'; atMs: number } | { type: 'end'; atMs: number; speechMs: number };

/**
 * Streaming end-of-speech detection: feed audio as it arrives; it reports `start` when speech
 * begins and `end` after `hangoverMs` of silence following at least `minSpeechMs` of speech.
 * The noise floor follows the quietest recent frames, rising slowly so speech does not raise it.
 */
export class EndpointDetector {
  private readonly o: Required<VadOptions>;
  private readonly frameSize: number;
  private pending: number[] = [];
  private floor = -90;
  private frames = 0;
  private speaking = false;
  private speechFrames = 0;
  private silentFrames = 0;
  private startFrame = 0;

  constructor(private readonly sampleRate: number, options: VadOptions = {}) {
    this.o = { ...defaults, hangoverMs: 700, ...options };
    this.frameSize = Math.max(1, Math.round((sampleRate * this.o.frameMs) / 1000));
  }

  get inSpeech(): boolean {
    return this.speaking;
  }

  push(samples: Float32Array): EndpointEvent[] {
    const events: EndpointEvent[] = [];
    for (const s of samples) {
      this.pending.push(s);
      if (this.pending.length < this.frameSize) continue;
      let sum = 0;
      for (const v of this.pending) sum += v * v;
      this.pending = [];
      const level = 10 * Math.log10(sum / this.frameSize + 1e-12);
      const ev = this.frame(level);
      if (ev) events.push(ev);
    }
    return events;
  }

  private frame(level: number): EndpointEvent | undefined {
    this.frames++;
    // Floor: drop at once to quieter frames, rise slowly (0.05 dB per frame) otherwise.
    if (this.frames === 1 || level < this.floor) this.floor = level;
    else this.floor += 0.05;
    const voiced = level >= Math.max(this.floor + this.o.marginDb, this.o.minLevelDb);
    const ms = (f: number) => (f * this.o.frameMs);
    if (!this.speaking) {
      this.speechFrames = voiced ? this.speechFrames + 1 : 0;
      if (ms(this.speechFrames) >= this.o.minSpeechMs) {
        this.speaking = true;
        this.silentFrames = 0;
        this.startFrame = this.frames - this.speechFrames;
        return { type: 'start', atMs: ms(this.startFrame) };
      }
      return undefined;
    }
    this.silentFrames = voiced ? 0 : this.silentFrames + 1;
    if (ms(this.silentFrames) >= this.o.hangoverMs) {
      this.speaking = false;
      const speechMs = ms(this.frames - this.silentFrames - this.startFrame);
      this.speechFrames = 0;
      return { type: 'end', atMs: ms(this.frames - this.silentFrames), speechMs };
    }
    return undefined;
  }
}
