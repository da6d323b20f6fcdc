/**
 * The one speech-recognition interface every engine implements, and the names they go by.
 * Engines take prepared audio (16 kHz mono, silence trimmed) and return the words heard, in
 * spoken form; the voice service turns them into written form and runs the request.
 */
import type { PreparedAudio } from './audio.js';

export const ENGINE_NAMES = ['whisper-cpp', 'transformers', 'pocketsphinx'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export interface EngineReadiness {
  ready: boolean;
  /** What it uses (model, binary), or why it is not ready. */
  detail: string;
  /** What to do to make it ready. */
  missing?: string;
}

export interface TranscribeOptions {
  /** `commands`: biased toward the installed skills (where the engine can); `general`: open vocabulary. */
  vocabulary?: 'commands' | 'general';
}

/** Decoder scores of the best path (log-likelihoods in the decoder's own units; comparable between
 * two decodings of the same audio with the same acoustic model). */
export interface DecodeScore {
  /** Acoustic log-likelihood of the best path. */
  acoustic: number;
  /** Language-model score of the best path (weighted). */
  lm: number;
  /** Frames decoded (10 ms each). */
  frames: number;
}

export interface Decoding {
  /** Distinct hypotheses, best first. */
  hypotheses: string[];
  score?: DecodeScore;
}

export interface AsrEngine {
  readonly name: EngineName;
  /** Whether it can bias toward the skills' commands (and so has a separate general mode). */
  readonly biased: boolean;
  readiness(): Promise<EngineReadiness>;
  transcribe(audio: PreparedAudio, options?: TranscribeOptions): Promise<string>;
  /**
   * Optional: up to `n` distinct hypotheses, best first (the first is what `transcribe` returns).
   * The voice service lets the intent engine choose among them (n-best rescoring).
   */
  alternatives?(audio: PreparedAudio, n: number, options?: TranscribeOptions): Promise<string[]>;
  /** Optional: hypotheses with the best path's scores (PocketSphinx), for the command check. */
  decode?(audio: PreparedAudio, n: number, options?: TranscribeOptions): Promise<Decoding>;
}
