/**
 * PocketSphinx (Debian's `pocketsphinx` + `pocketsphinx-en-us`): fully offline, no download.
 * In command mode it decodes with a trigram model trained on the installed skills' commands
 * (see skill-lm.ts), so it hears the commands that exist; in general mode it uses the en-us
 * model that ships with the package (free text, anything else). Supports the 0.8/5-prealpha CLI
 * (`pocketsphinx_continuous`, Debian 12) and the v5 CLI (`pocketsphinx single`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PreparedAudio } from './audio.js';
import type { AsrEngine, DecodeScore, Decoding, EngineReadiness, TranscribeOptions } from './engine.js';
import { VoiceError } from './errors.js';
import { runProgram, which } from './process.js';
import { encodeWav16 } from './wav.js';

const MODEL_DIRS = ['/usr/share/pocketsphinx/model/en-us', '/usr/local/share/pocketsphinx/model/en-us'];

export interface SphinxModel {
  /** Acoustic model folder. */
  hmm: string;
  /** General language model and dictionary. */
  lm: string;
  dict: string;
}

export function findSphinxModel(env: NodeJS.ProcessEnv = process.env): SphinxModel | undefined {
  const dirs = env.AGENTOS_SPHINX_MODEL_DIR ? [env.AGENTOS_SPHINX_MODEL_DIR] : MODEL_DIRS;
  for (const dir of dirs) {
    const m = { hmm: path.join(dir, 'en-us'), lm: path.join(dir, 'en-us.lm.bin'), dict: path.join(dir, 'cmudict-en-us.dict') };
    if (fs.existsSync(path.join(m.hmm, 'mdef')) && fs.existsSync(m.lm) && fs.existsSync(m.dict)) return m;
  }
  return undefined;
}

type SphinxCli = { kind: 'batch'; file: string } | { kind: 'continuous'; file: string } | { kind: 'v5'; file: string };

/**
 * Preferred: `pocketsphinx_batch` decodes the whole recording as one utterance (the continuous
 * program's own silence detector cut short commands in two and lost the trigram context: "what is
 * twelve times eleven" came out as "what is what was eleven") and writes an n-best list.
 */
export function findSphinxCli(): SphinxCli | undefined {
  const batch = which('pocketsphinx_batch');
  if (batch) return { kind: 'batch', file: batch };
  const cont = which('pocketsphinx_continuous');
  if (cont) return { kind: 'continuous', file: cont };
  const v5 = which('pocketsphinx');
  return v5 ? { kind: 'v5', file: v5 } : undefined;
}

const SPHINX_INSTALL_HINT = 'Install it: sudo apt-get install pocketsphinx pocketsphinx-en-us';

/** The skills' command model, built on demand (and rebuilt when the skills change). */
export interface CommandModelSource {
  commandModel(model: SphinxModel): Promise<{ lm: string; dict: string }>;
}

/**
 * Search beams for the command model: wider than PocketSphinx's defaults (which are set for large
 * vocabularies, where the search space must be cut hard) and without the cap on active HMMs. A
 * command model has a few thousand words, so the wider search costs about a tenth more decoding
 * time and keeps paths the default beams prune early in short commands ("disk space", "help").
 * Compared on the development half of the skill set with bench/voice/tune.ts.
 */
export const WIDE_SEARCH = ['-maxhmmpf', '-1', '-beam', '1e-80', '-wbeam', '1e-60', '-pbeam', '1e-80', '-lpbeam', '1e-60', '-fwdflatbeam', '1e-80', '-fwdflatwbeam', '1e-40'];

export interface SphinxTuning {
  /** Language-model weight of the first pass (command model). */
  lw?: number;
  /** Amplitude of the noise floor added to the audio (addNoiseFloor). */
  noise?: number;
  /** Search the command model with WIDE_SEARCH (default) or PocketSphinx's default beams. */
  wide?: boolean;
}

export class PocketSphinxEngine implements AsrEngine {
  readonly name = 'pocketsphinx' as const;
  readonly biased = true;
  constructor(private readonly commands: CommandModelSource | undefined, readonly tuning: SphinxTuning = {}) {}

  async readiness(): Promise<EngineReadiness> {
    const cli = findSphinxCli();
    const model = findSphinxModel();
    if (!cli && !model) return { ready: false, detail: 'PocketSphinx is not installed.', missing: SPHINX_INSTALL_HINT };
    if (!cli) return { ready: false, detail: 'The PocketSphinx program (pocketsphinx_batch, pocketsphinx_continuous or pocketsphinx) is not on PATH.', missing: 'Install it: sudo apt-get install pocketsphinx' };
    if (!model) return { ready: false, detail: 'The PocketSphinx US-English model is missing (/usr/share/pocketsphinx/model/en-us).', missing: 'Install it: sudo apt-get install pocketsphinx-en-us' };
    return { ready: true, detail: `${path.basename(cli.file)} with ${path.dirname(model.hmm)}; language model generated from the installed skills${this.commands ? '' : ' (not available here: general model only)'}` };
  }

  async transcribe(audio: PreparedAudio, options: TranscribeOptions = {}): Promise<string> {
    return (await this.alternatives(audio, 1, options))[0] ?? '';
  }

  async alternatives(audio: PreparedAudio, n: number, options: TranscribeOptions = {}): Promise<string[]> {
    return (await this.decode(audio, n, options)).hypotheses;
  }

  async decode(audio: PreparedAudio, n: number, options: TranscribeOptions = {}): Promise<Decoding> {
    const cli = findSphinxCli();
    const model = findSphinxModel();
    if (!cli || !model) throw new VoiceError('engine_unavailable', 'PocketSphinx is not installed.', SPHINX_INSTALL_HINT);
    const useCommands = (options.vocabulary ?? 'commands') === 'commands' && this.commands;
    const lm = useCommands ? await this.commands!.commandModel(model) : { lm: model.lm, dict: model.dict };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-sphinx-'));
    const wav = path.join(dir, 'utterance.wav');
    try {
      // Half a second of silence around the speech lets the decoder's own endpointer settle.
      const pad = 8000;
      const padded = new Float32Array(pad * 2 + audio.samples.length);
      padded.set(audio.samples, pad);
      addNoiseFloor(padded, this.tuning.noise ?? 0.004);
      fs.writeFileSync(wav, encodeWav16(padded, 16_000));
      const common = ['-hmm', model.hmm, '-lm', lm.lm, '-dict', lm.dict, '-samprate', '16000'];
      if (useCommands && this.tuning.lw) common.push('-lw', String(this.tuning.lw));
      if (useCommands && this.tuning.wide !== false) common.push(...WIDE_SEARCH);
      let args: string[];
      if (cli.kind === 'batch') {
        fs.writeFileSync(path.join(dir, 'ctl'), 'utterance\n');
        // encodeWav16 writes a 44-byte header, which -adchdr skips.
        args = ['-ctl', path.join(dir, 'ctl'), '-cepdir', dir, '-cepext', '.wav', '-adcin', 'yes', '-adchdr', '44', ...common, '-hyp', path.join(dir, 'hyp'), '-hypseg', path.join(dir, 'hypseg'), '-logfn', '/dev/null'];
        if (n > 1) args.push('-nbest', String(n * 3), '-nbestdir', dir, '-nbestext', '.nbest');
      } else args = cli.kind === 'continuous' ? ['-infile', wav, ...common, '-logfn', '/dev/null'] : [...common, '-loglevel', 'FATAL', 'single', wav];
      const result = await runProgram(cli.file, args, { timeoutMs: 120_000 });
      if (result.timedOut) throw new VoiceError('engine_failed', 'PocketSphinx took longer than 2 minutes and was stopped.', 'Try a shorter recording.');
      if (result.code !== 0) throw new VoiceError('engine_failed', `PocketSphinx failed (exit ${result.code}): ${result.stderr.trim().split('\n').slice(-3).join(' ') || 'no message'}`, `Check the installation: ${path.basename(cli.file)} -h`);
      if (cli.kind !== 'batch') return { hypotheses: [parseOutput(cli.kind, result.stdout)] };
      const best = parseBatchLine(readIfExists(path.join(dir, 'hyp')).split('\n')[0] ?? '');
      const list = [best];
      // N-best lines are "words score"; the list repeats a wording once per segmentation.
      for (const line of readIfExists(path.join(dir, 'utterance.nbest')).split('\n')) {
        const words = clean(line.replace(/\s+-?\d+\s*$/, ''));
        if (words && !list.includes(words)) list.push(words);
        if (list.length >= n) break;
      }
      const score = parseHypseg(readIfExists(path.join(dir, 'hypseg')).split('\n')[0] ?? '');
      return { hypotheses: list.slice(0, Math.max(1, n)), ...(score ? { score } : {}) };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

function readIfExists(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

/** A `-hyp` line: "words (utterance score)". */
function parseBatchLine(line: string): string {
  return clean(line.replace(/\s*\([^()]*\)\s*$/, ''));
}

/**
 * A `-hypseg` line: "utt S scale T total A acoustic L lm" then (start frame, acoustic, lm, word)
 * per word and the end frame last.
 */
export function parseHypseg(line: string): DecodeScore | undefined {
  const m = /\bS\s+-?\d+\s+T\s+(-?\d+)\s+A\s+(-?\d+)\s+L\s+(-?\d+)\s+(.*)$/.exec(line.trim());
  if (!m) return undefined;
  const rest = m[4]!.trim().split(/\s+/);
  const frames = Number(rest[rest.length - 1]);
  if (!Number.isFinite(frames) || frames <= 0) return undefined;
  return { acoustic: Number(m[2]), lm: Number(m[3]), frames };
}

function clean(words: string): string {
  return words.replace(/\(\d+\)/g, '').replace(/<\/?s>|<sil>|\[\w+\]|\+\+\w+\+\+/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Adds a faint white-noise floor (seeded, about -53 dBFS RMS). Synthetic or gated audio has stretches
 * of exact digital silence, which throws off PocketSphinx's noise estimate and cepstral mean
 * normalisation (whole words get taken for silence); a real microphone never records zeros.
 */
function addNoiseFloor(samples: Float32Array, amplitude: number): void {
  if (amplitude <= 0) return;
  let seed = 0x2545f491;
  for (let i = 0; i < samples.length; i++) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    samples[i]! += ((seed >>> 0) / 4294967296 - 0.5) * 2 * amplitude;
  }
}

function parseOutput(kind: 'continuous' | 'v5', stdout: string): string {
  const lines = stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  const words = kind === 'continuous'
    ? lines
    : lines.map((l) => {
        try {
          return String((JSON.parse(l) as { t?: string }).t ?? '');
        } catch {
          return '';
        }
      });
  return clean(words.join(' '));
}
