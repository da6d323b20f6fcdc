/**
 * "Was this a command at all?" — decided per utterance before anything runs. The command language
 * model makes every sound look like a command (prose read aloud comes out as "list my notes"), so
 * the transcript alone cannot tell. The evidence, as a speech engineer would gather it:
 *
 * - `acousticGap`: the same audio decoded with the command model and with the general English model
 *   (same acoustic model): how much better, per 10 ms frame, the general decoding fits the sound.
 *   Near 0 for commands; large when the command model had to force foreign speech into its words.
 * - `agreement`: word overlap between the two transcripts (1 − WER of the general one against the
 *   command one, floored at 0). A command heard by both models reads about the same.
 * - `lengthRatio`: words of the command transcript / words of the general one. Long prose is
 *   squeezed into a few command words.
 * - `nbestAgreement`: share of the command model's n-best list whose intent is the chosen one (a
 *   posterior of the intent; the batch decoder gives no per-word posteriors).
 * - `intentConfidence`: the intent engine's confidence on the transcript (0 when out of scope).
 * - `voicedRatio`: speech frames / all frames of the speech span (vad.ts).
 *
 * A logistic model combines them; its weights were fitted on spoken sets built by
 * bench/voice/trust-set.ts (new phrasings of commands vs prose; bench/voice/calibrate.ts) and the
 * thresholds set there. `doubtful` is the band between: accepted today, but the hook for a read-back
 * ("I heard: … — do it?") before a request that changes something.
 */
import { wordErrorRate } from './wer.js';

export interface CommandEvidence {
  acousticGap: number;
  agreement: number;
  lengthRatio: number;
  nbestAgreement: number;
  intentConfidence: number;
  voicedRatio: number;
}

export type CommandVerdict = 'command' | 'doubtful' | 'not_command';

export interface CommandCheck {
  verdict: CommandVerdict;
  /** Probability that the utterance was a command (the logistic model's output). */
  probability: number;
  evidence: CommandEvidence;
}

/** Weights over the features (same order as FEATURES) and the bias; see calibrate.ts. */
export interface CommandModelWeights {
  bias: number;
  weights: Record<keyof CommandEvidence, number>;
  /** At or above: a command. Below `rejectBelow`: not a command. Between: doubtful. */
  acceptAt: number;
  rejectBelow: number;
}

export const FEATURES: (keyof CommandEvidence)[] = ['acousticGap', 'agreement', 'lengthRatio', 'nbestAgreement', 'intentConfidence', 'voicedRatio'];

/**
 * The thresholds (acceptAt, rejectBelow, and read-back.ts's doubt sets) were fitted by
 * bench/voice/calibrate.ts (2026-12-05, `--caution 1`) on the trust set (96 new command phrasings
 * and 88 non-command sentences, each read twice; 4 espeak-ng voices, 150/175 wpm) and the skills'
 * own examples (437 utterances). The weights were refitted with `--model-only` when the command
 * model's smoothing changed to Kneser–Ney (arpa.ts), which shifts the evidence: fitted on the
 * development half alone, the held-out half then had 0 of 90 non-commands run (58 refused, 32 read
 * back) and 0 of 298 commands run as another request; see bench/voice.md.
 */
export const DEFAULT_WEIGHTS: CommandModelWeights = {
  bias: -1.473,
  weights: { acousticGap: -0.146, agreement: 0.927, lengthRatio: -1.703, nbestAgreement: 0.692, intentConfidence: 2.893, voicedRatio: 0.404 },
  acceptAt: 0.741,
  rejectBelow: 0.27,
};

export interface EvidenceInput {
  /** The command model's best transcript and its n-best list (spoken words). */
  command: { hypotheses: string[]; acoustic?: number; frames?: number };
  /** The general model's transcript of the same audio. */
  general: { transcript: string; acoustic?: number; frames?: number };
  /** Intent of each command hypothesis (null when none), same order. */
  intents: (string | null)[];
  /** The chosen transcript's intent and confidence (null / 0 when out of scope). */
  chosenIntent: string | null;
  intentConfidence: number;
  voicedRatio: number;
}

const words = (t: string) => t.trim().split(/\s+/).filter(Boolean);

export function gatherEvidence(input: EvidenceInput): CommandEvidence {
  const cmd = input.command.hypotheses[0] ?? '';
  const { acoustic: ca, frames: cf } = input.command;
  const { acoustic: ga, frames: gf } = input.general;
  // Per frame, in thousands of the decoder's log units (log base 1.0003, so 1 ≈ 0.3 nats).
  const acousticGap = ca !== undefined && ga !== undefined && cf && gf ? (ga / gf - ca / cf) / 1000 : 0;
  const w = wordErrorRate(cmd, input.general.transcript);
  const agreement = w.words ? Math.max(0, 1 - w.errors / w.words) : 0;
  const gw = words(input.general.transcript).length;
  const lengthRatio = gw ? Math.min(2, words(cmd).length / gw) : 1;
  const nbestAgreement = input.intents.length && input.chosenIntent ? input.intents.filter((i) => i === input.chosenIntent).length / input.intents.length : 0;
  return { acousticGap, agreement, lengthRatio, nbestAgreement, intentConfidence: input.intentConfidence, voicedRatio: input.voicedRatio };
}

export function probability(e: CommandEvidence, m: CommandModelWeights = DEFAULT_WEIGHTS): number {
  let z = m.bias;
  for (const f of FEATURES) z += m.weights[f] * e[f];
  return 1 / (1 + Math.exp(-z));
}

export function checkCommand(e: CommandEvidence, m: CommandModelWeights = DEFAULT_WEIGHTS): CommandCheck {
  const p = probability(e, m);
  // Nothing the intent engine can place is never a command, whatever the sound.
  const verdict: CommandVerdict = e.intentConfidence <= 0 || p < m.rejectBelow ? 'not_command' : p >= m.acceptAt ? 'command' : 'doubtful';
  return { verdict, probability: p, evidence: e };
}
