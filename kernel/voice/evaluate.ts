/**
 * Speech evaluation on a labelled folder (BENCHMARKS.md "voice": 16 kHz mono WAVs + labels.jsonl
 * {file, text, intent}): word error rate, intent accuracy on the transcripts versus on the label
 * texts (what a perfect recogniser would get), and the real-time factor. Recognition only — the
 * skills are not run, so evaluating "add a note …" adds no note. Rows labelled `intent: null` are
 * speech that is not a command: the false-accept rate is the share of them that would have run (the
 * command check accepted it and the intent engine placed it, and it was not read back first). For
 * commands: served right (ran as what was said, or was read back with a transcript that means it,
 * so the user's "yes" runs it), read back, refused, and wrong actions (ran as another intent without
 * a read-back: the figure that must be 0).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { CommandVerdict } from './command-check.js';
import type { VoiceDecision } from './read-back.js';
import { VoiceError } from './errors.js';
import { voiceService, type VoiceHost } from './service.js';
import { toSpoken } from './spoken.js';
import { wordErrorRate } from './wer.js';

const LabelSchema = z.object({ file: z.string().min(1), text: z.string(), intent: z.string().nullable().optional() }).passthrough();

interface VoiceEvalResult {
  utterances: number;
  wer: number;
  intent_accuracy: number;
  text_intent_accuracy: number;
  rtf: number;
  engine: string;
  /** Utterances whose intent is served by an installed skill (the accuracy figures count these). */
  intent_utterances: number;
  /** Share of transcripts that came from PocketSphinx's general model (fallback). */
  general_fallback: number;
  failures: number;
  /** Rows with `intent: null`, and the share of them that would have run. */
  non_command_utterances: number;
  false_accept_rate: number;
  /** Share of intent rows that would have run as another intent without being read back first. */
  wrong_action_rate: number;
  /** Share of intent rows served right: ran as the label's intent, or read back meaning it. */
  served_right_rate: number;
  /** Share of intent rows read back before running. */
  read_back_rate: number;
  /** Share of intent rows refused: not a command (check), or not understood. */
  command_reject_rate: number;
}

export interface VoiceEvalRow {
  file: string;
  text: string;
  transcript: string;
  intent: string | null;
  predicted: string | null;
  textPredicted: string | null;
  errors: number;
  words: number;
  /** The command check's verdict (engines without one: `command` when the intent engine placed it). */
  verdict: CommandVerdict;
  /** What the voice service would do with it. */
  decision: VoiceDecision;
  error?: string;
}

function readLabels(dir: string): z.infer<typeof LabelSchema>[] {
  const file = path.join(dir, 'labels.jsonl');
  if (!fs.existsSync(file)) throw new VoiceError('corrupt_audio', `${dir} has no labels.jsonl.`, 'A voice test set is a folder of WAV files plus labels.jsonl with one {"file","text","intent"} per line (bench/voice/make-set.ts builds one).');
  return fs.readFileSync(file, 'utf8').split('\n').map((l, i) => [l.trim(), i + 1] as const).filter(([l]) => l).map(([l, n]) => {
    let json: unknown;
    try {
      json = JSON.parse(l);
    } catch {
      throw new VoiceError('corrupt_audio', `labels.jsonl line ${n} is not JSON.`, 'Each line must be {"file","text","intent"}.');
    }
    const parsed = LabelSchema.safeParse(json);
    if (!parsed.success) throw new VoiceError('corrupt_audio', `labels.jsonl line ${n}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`, 'Each line must be {"file","text","intent"}.');
    return parsed.data;
  });
}

export async function evaluateVoice(kernel: VoiceHost, dir: string, options: { engine?: string; limit?: number; onRow?: (row: VoiceEvalRow, i: number, n: number) => void } = {}): Promise<{ result: VoiceEvalResult; rows: VoiceEvalRow[] }> {
  const labels = readLabels(dir).slice(0, options.limit ?? Infinity);
  const service = voiceService(kernel);
  const engine = await service.choose(options.engine);
  const known = new Set(kernel.registry.enabled().flatMap((s) => s.manifest.intents.map((i) => i.id)));
  const predict = (text: string): string | null => {
    if (!text.trim()) return null;
    const r = kernel.engine.recognize(text);
    return r.outOfScope ? null : (r.candidates[0]?.intent ?? null);
  };
  const rows: VoiceEvalRow[] = [];
  let errors = 0;
  let words = 0;
  let decodeMs = 0;
  let audioSec = 0;
  let general = 0;
  let failures = 0;
  for (const [i, label] of labels.entries()) {
    const intent = label.intent ?? null;
    let transcript = '';
    let verdict: CommandVerdict = 'not_command';
    let decision: VoiceDecision = 'refuse';
    let error: string | undefined;
    try {
      const t = await service.transcribe({ wav: fs.readFileSync(path.join(dir, label.file)) }, { engine: engine.name });
      transcript = t.transcript;
      verdict = t.check?.verdict ?? 'command';
      decision = verdict === 'not_command' || predict(transcript) === null ? 'refuse' : service.readBackFor(t) ? 'read_back' : 'run';
      decodeMs += t.decodeMs;
      audioSec += t.audio.durationSec;
      if (t.vocabulary === 'general' && engine.biased) general++;
    } catch (e) {
      failures++;
      error = e instanceof VoiceError ? e.message : String((e as Error).message);
    }
    const w = wordErrorRate(toSpoken(label.text), toSpoken(transcript));
    errors += w.errors;
    words += w.words;
    const row: VoiceEvalRow = { file: label.file, text: label.text, transcript, intent, predicted: predict(transcript), textPredicted: predict(label.text), errors: w.errors, words: w.words, verdict, decision, ...(error ? { error } : {}) };
    rows.push(row);
    options.onRow?.(row, i, labels.length);
  }
  const scored = rows.filter((r) => r.intent !== null && known.has(r.intent));
  const acc = (f: (r: VoiceEvalRow) => boolean) => (scored.length ? scored.filter(f).length / scored.length : 0);
  const runs = (r: VoiceEvalRow) => r.decision === 'run';
  const others = rows.filter((r) => r.intent === null);
  const share = (set: VoiceEvalRow[], f: (r: VoiceEvalRow) => boolean) => (set.length ? set.filter(f).length / set.length : 0);
  const round = (x: number, d = 4) => Number(x.toFixed(d));
  return {
    rows,
    result: {
      utterances: rows.length,
      wer: round(words ? errors / words : 0),
      intent_accuracy: round(acc((r) => r.predicted === r.intent)),
      text_intent_accuracy: round(acc((r) => r.textPredicted === r.intent)),
      rtf: round(audioSec ? decodeMs / 1000 / audioSec : 0),
      engine: engine.name,
      intent_utterances: scored.length,
      general_fallback: round(rows.length ? general / rows.length : 0),
      failures,
      non_command_utterances: others.length,
      false_accept_rate: round(share(others, runs)),
      wrong_action_rate: round(share(scored, (r) => runs(r) && r.predicted !== r.intent)),
      served_right_rate: round(share(scored, (r) => r.decision !== 'refuse' && r.predicted === r.intent)),
      read_back_rate: round(share(scored, (r) => r.decision === 'read_back')),
      command_reject_rate: round(share(scored, (r) => r.decision === 'refuse')),
    },
  };
}
