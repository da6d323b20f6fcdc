/**
 * From whatever the user recorded to what an engine can hear: decode (WAV or raw 16-bit
 * little-endian PCM at a rate, and channel count, the caller states),
 * mix to mono, resample to 16 kHz, enforce the maximum length, and find the speech (cutting
 * leading and trailing silence). Empty, silent, truncated, corrupt or overlong audio is refused
 * here with a VoiceError, before any engine runs.
 */
import { z } from 'zod';
import { VoiceError } from './errors.js';
import { mixDown, resample, TARGET_RATE } from './resample.js';
import { findSpeech, type SpeechSpan } from './vad.js';
import { decodeWav, pcm16ToFloat } from './wav.js';

export const DEFAULT_MAX_SECONDS = 60;

export interface PreparedAudio {
  /** 16 kHz mono samples around the speech (silence trimmed, 150 ms kept on each side). */
  samples: Float32Array;
  sampleRate: typeof TARGET_RATE;
  /** Length of the whole recording and of the kept part, in seconds. */
  durationSec: number;
  speechSec: number;
  span: SpeechSpan;
  source: { sampleRate: number; channels: number; bitsPerSample: number; format: 'int' | 'float' };
}

export interface PrepareOptions {
  maxSeconds?: number;
}

export type AudioInput = { wav: Buffer } | { pcm16: Buffer; sampleRate: number; channels?: number };

/** What a caller may say about raw PCM: checked here, since nothing in the bytes can confirm it. */
export const rawPcmFormat = z.object({
  sampleRate: z.number().int().min(4000).max(384_000),
  channels: z.number().int().min(1).max(32).default(1),
});

function decodeRaw(pcm: Buffer, format: unknown): { channels: Float32Array[]; sampleRate: number } {
  const parsed = rawPcmFormat.safeParse(format);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new VoiceError('unsupported_audio', `Raw PCM needs a sample rate of 4,000–384,000 Hz and 1–32 channels (${issue.path.join('.') || 'format'}: ${issue.message}).`, 'State the format of the recording, e.g. --raw --rate 16000 --channels 1.');
  }
  const { sampleRate, channels } = parsed.data;
  if (pcm.length === 0) throw new VoiceError('empty_audio', 'No audio arrived (0 bytes).', 'Check that the microphone is connected and allowed, then hold the button while you speak.');
  if (pcm.length % (2 * channels) !== 0) {
    throw new VoiceError('truncated_audio', `The raw PCM is ${pcm.length} bytes, not a whole number of ${channels}-channel 16-bit frames: the last frame is cut or the channel count is wrong.`, 'Send whole 16-bit samples and check --channels.');
  }
  const interleaved = pcm16ToFloat(pcm);
  const frames = interleaved.length / channels;
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  for (let f = 0; f < frames; f++) for (let c = 0; c < channels; c++) out[c]![f] = interleaved[f * channels + c]!;
  return { channels: out, sampleRate };
}

export function prepareAudio(input: AudioInput, options: PrepareOptions = {}): PreparedAudio {
  const maxSeconds = options.maxSeconds ?? DEFAULT_MAX_SECONDS;
  let channels: Float32Array[];
  let source: PreparedAudio['source'];
  if ('wav' in input) {
    const decoded = decodeWav(input.wav);
    channels = decoded.channels;
    source = { sampleRate: decoded.sampleRate, channels: decoded.channels.length, bitsPerSample: decoded.bitsPerSample, format: decoded.format };
  } else {
    const raw = decodeRaw(input.pcm16, { sampleRate: input.sampleRate, channels: input.channels });
    channels = raw.channels;
    source = { sampleRate: raw.sampleRate, channels: channels.length, bitsPerSample: 16, format: 'int' };
  }
  const durationSec = channels[0]!.length / source.sampleRate;
  if (durationSec > maxSeconds) {
    throw new VoiceError('too_long', `The recording is ${durationSec.toFixed(1)} s long; the limit is ${maxSeconds} s.`, 'Speak one request at a time, or cut the file (sox IN.wav OUT.wav trim 0 30).');
  }
  const mono = resample(mixDown(channels), source.sampleRate, TARGET_RATE);
  if (durationSec < 0.1) throw new VoiceError('empty_audio', `The recording is only ${(durationSec * 1000).toFixed(0)} ms long: too short to hold a word.`, 'Hold the button for the whole request.');
  const span = findSpeech(mono, TARGET_RATE);
  if (!span) {
    throw new VoiceError('silent_audio', 'No speech was heard: the recording is silent or too quiet.', 'Check the microphone input level (the meter should move when you speak) and try again closer to it.');
  }
  const samples = mono.slice(span.start, span.end);
  return { samples, sampleRate: TARGET_RATE, durationSec, speechSec: samples.length / TARGET_RATE, span, source };
}
