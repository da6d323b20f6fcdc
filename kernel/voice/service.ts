/**
 * The voice service of one kernel: which engines exist and which is used (setting `voice.engine`,
 * `auto` = the first ready of whisper.cpp, transformers.js, PocketSphinx), and the path from audio
 * to a served request: prepare the audio → transcribe → written form → kernel.handle (source
 * `voice`). PocketSphinx first listens for the skills' commands; when that transcript is not
 * understood, it listens again with the general English model (free text, anything else).
 * Every utterance also passes the command check (command-check.ts) before it may run, and a
 * request in doubt that would change something is read back first (read-back.ts).
 */
import type { IntentEngine, RequestInput, Response, SkillManifest, VoiceEngineStatus } from '../contracts/index.js';
import type { Settings } from '../settings/index.js';
import { prepareAudio, type AudioInput, type PreparedAudio, type PrepareOptions } from './audio.js';
import { randomUUID } from 'node:crypto';
import { checkCommand, DEFAULT_WEIGHTS, gatherEvidence, type CommandCheck, type CommandModelWeights } from './command-check.js';
import { ENGINE_NAMES, type AsrEngine, type Decoding, type EngineName } from './engine.js';
import { VoiceError } from './errors.js';
import { PocketSphinxEngine } from './pocketsphinx.js';
import { changesSomething, decide, declined, isYes, plannedIntents, readBackFor, readBackResponse, type ReadBack } from './read-back.js';
import { SkillCommandModel } from './skill-lm.js';
import type { SlotExtractor } from './skill-corpus.js';
import { toWritten } from './spoken.js';
import { TransformersWhisperEngine } from './transformers-asr.js';
import { WhisperCppEngine } from './whisper-cpp.js';

export interface Transcription {
  /** Written form, as sent to the kernel. */
  transcript: string;
  /** The engine's own words. */
  raw: string;
  engine: EngineName;
  /** Which vocabulary produced it (PocketSphinx: the skills' commands or general English). */
  vocabulary: 'commands' | 'general';
  audio: PreparedAudio;
  decodeMs: number;
  /** Decoding time / audio length. */
  rtf: number;
  /** Whether it was a command at all (engines that decode with and without the command model). */
  check?: CommandCheck;
}

export function isEngineName(name: string): name is EngineName {
  return (ENGINE_NAMES as readonly string[]).includes(name);
}

/** Decoding choices, measured on the development half of the synthetic set (bench/voice.md). */
export interface VoiceTuning {
  /** Hypotheses the intent engine may choose among (1 = the decoder's best only). */
  nbest: number;
  rescore: 'first-understood' | 'confidence';
  /** Confidence taken off per rank down the n-best list (`confidence` rescoring). */
  rankPenalty: number;
}

/** What the voice service uses of a kernel. */
export interface VoiceHost {
  readonly profileDir: string;
  readonly engine: Pick<IntentEngine, 'recognize'>;
  readonly registry: { enabled(): { manifest: SkillManifest }[] };
  readonly settings: Pick<Settings, 'get'>;
  /** Past requests, newest first (the command model learns the user's wording from the served ones). */
  readonly eventLog?: { history(limit: number): { text: string; status: string }[] };
  handle(input: RequestInput): Promise<Response>;
}

export class VoiceService {
  readonly commandModel: SkillCommandModel;
  readonly tuning: VoiceTuning = { nbest: 10, rescore: 'first-understood', rankPenalty: 0.05 };
  /** The command check's model (bench/voice/calibrate.ts swaps in candidates while fitting). */
  commandWeights: CommandModelWeights = DEFAULT_WEIGHTS;
  private readonly list: AsrEngine[];
  /** Read-backs waiting for an answer, by id (a few at most: one per spoken request in doubt). */
  private readonly pending = new Map<string, { readBack: ReadBack; sessionId: string }>();

  /** `engines`: replaces the three real engines (tests). */
  constructor(private readonly kernel: VoiceHost, engines?: AsrEngine[]) {
    const extract: SlotExtractor = (text) => {
      const top = kernel.engine.recognize(text).candidates[0];
      return top ? { skill: top.skill, intent: top.intent, slots: top.slots.map((s) => ({ name: s.name, raw: s.raw })) } : undefined;
    };
    const served = () => (kernel.eventLog?.history(2000) ?? []).filter((h) => h.status === 'served').map((h) => h.text);
    this.commandModel = new SkillCommandModel(kernel.profileDir, () => kernel.registry.enabled().map((s) => s.manifest), extract, true, served);
    this.list = engines ?? [
      new WhisperCppEngine(() => kernel.settings.get('voice.whisperModel')),
      new TransformersWhisperEngine(() => kernel.settings.get('voice.transformersModelDir')),
      new PocketSphinxEngine(this.commandModel, { lw: 10 }),
    ];
  }

  engine(name: EngineName): AsrEngine {
    return this.list.find((e) => e.name === name)!;
  }

  async statuses(): Promise<VoiceEngineStatus[]> {
    const chosen = await this.choose().catch(() => undefined);
    return Promise.all(
      this.list.map(async (e) => {
        const r = await e.readiness();
        return { name: e.name, ready: r.ready, selected: chosen?.name === e.name, detail: r.detail, ...(r.missing ? { missing: r.missing } : {}) };
      }),
    );
  }

  /** The engine to use: the one asked for, the setting, or the first ready one. */
  async choose(requested?: string): Promise<AsrEngine> {
    const wanted = requested ?? this.kernel.settings.get('voice.engine');
    if (wanted !== 'auto') {
      if (!isEngineName(wanted)) throw new VoiceError('engine_unavailable', `There is no speech engine called "${wanted}".`, `Use one of: ${ENGINE_NAMES.join(', ')} (or auto).`);
      const engine = this.engine(wanted);
      const r = await engine.readiness();
      if (!r.ready) throw new VoiceError('engine_unavailable', `The speech engine ${wanted} is not ready: ${r.detail}`, r.missing ?? 'See: agentos voice engines');
      return engine;
    }
    for (const engine of this.list) if ((await engine.readiness()).ready) return engine;
    throw new VoiceError('engine_unavailable', 'No speech engine is ready.', 'The quickest offline one: sudo apt-get install pocketsphinx pocketsphinx-en-us. See: agentos voice engines');
  }

  private understood(text: string): boolean {
    if (!text.trim()) return false;
    const r = this.kernel.engine.recognize(text);
    return r.candidates.length > 0 && !r.outOfScope;
  }

  /**
   * The hypothesis to keep. `first-understood`: the decoder's order, skipping what the intent engine
   * cannot place. `confidence`: the highest intent confidence, less `rankPenalty` per place down.
   */
  private rescore(hypotheses: string[]): string | undefined {
    if (this.tuning.rescore === 'first-understood') return hypotheses.find((h) => this.understood(written(h)));
    let best: { h: string; score: number } | undefined;
    hypotheses.forEach((h, rank) => {
      const text = written(h);
      if (!text.trim()) return;
      const r = this.kernel.engine.recognize(text);
      if (r.outOfScope || !r.candidates[0]) return;
      const score = r.candidates[0].confidence - rank * this.tuning.rankPenalty;
      if (!best || score > best.score) best = { h, score };
    });
    return best?.h;
  }

  async transcribe(input: AudioInput | PreparedAudio, options: { engine?: string } & PrepareOptions = {}): Promise<Transcription> {
    const audio = 'samples' in input ? input : prepareAudio(input, options);
    const engine = await this.choose(options.engine);
    const started = performance.now();
    // The command check needs the general model's reading of every utterance: both decodings run
    // at once (one process each, so two cores serve them in the time of one).
    const checked = engine.biased && engine.decode !== undefined;
    const [decoded, generalDecoded] = await Promise.all([
      engine.decode ? engine.decode(audio, Math.max(1, this.tuning.nbest), { vocabulary: 'commands' }) : engine.alternatives && this.tuning.nbest > 1 ? engine.alternatives(audio, this.tuning.nbest, { vocabulary: 'commands' }).then((hypotheses) => ({ hypotheses })) : engine.transcribe(audio, { vocabulary: 'commands' }).then((h) => ({ hypotheses: [h] })),
      checked ? engine.decode!(audio, 1, { vocabulary: 'general' }) : undefined,
    ]);
    const hypotheses = decoded.hypotheses;
    // N-best rescoring by the intent engine: the decoder's best wording unless the intent engine
    // cannot place it, then the first of the next best that it understands.
    let raw = hypotheses[0] ?? '';
    let vocabulary: Transcription['vocabulary'] = engine.biased ? 'commands' : 'general';
    let transcript = written(raw);
    const better = this.rescore(hypotheses);
    if (better !== undefined && better !== raw) {
      raw = better;
      transcript = written(better);
    }
    if (engine.biased && !this.understood(transcript)) {
      // Free text or a request no skill serves: listen again with the open vocabulary, and keep
      // that reading when it is understood (a near-miss of a command is closer than noise).
      const general = generalDecoded?.hypotheses[0] ?? (await engine.transcribe(audio, { vocabulary: 'general' }));
      if (general.trim() && (this.understood(written(general)) || !transcript)) {
        raw = general;
        transcript = written(general);
        vocabulary = 'general';
      }
    }
    const check = this.check(audio, transcript, decoded, generalDecoded);
    const decodeMs = performance.now() - started;
    return { transcript, raw, engine: engine.name, vocabulary, audio, decodeMs, rtf: decodeMs / 1000 / audio.durationSec, ...(check ? { check } : {}) };
  }

  /** The command check (command-check.ts); undefined when the engine gives no scores to compare. */
  private check(audio: PreparedAudio, transcript: string, command: Decoding, general: Decoding | undefined): CommandCheck | undefined {
    if (!general) return undefined;
    const intentOf = (text: string) => {
      const r = text.trim() ? this.kernel.engine.recognize(text) : undefined;
      return r && !r.outOfScope && r.candidates[0] ? r.candidates[0] : undefined;
    };
    const chosen = intentOf(transcript);
    const evidence = gatherEvidence({
      command: { hypotheses: command.hypotheses, ...(command.score ? { acoustic: command.score.acoustic, frames: command.score.frames } : {}) },
      general: { transcript: general.hypotheses[0] ?? '', ...(general.score ? { acoustic: general.score.acoustic, frames: general.score.frames } : {}) },
      intents: command.hypotheses.map((h) => intentOf(written(h))?.intent ?? null),
      chosenIntent: chosen?.intent ?? null,
      intentConfidence: chosen?.confidence ?? 0,
      voicedRatio: audio.span.voicedRatio,
    });
    return checkCommand(evidence, this.commandWeights);
  }

  /**
   * Transcribe, then run the transcript as a request (unless it is empty). Speech that the command
   * check finds was not a command is answered "I didn't catch a command" and nothing runs. A
   * request in doubt that would change something (read-back.ts) does not run either: the response
   * asks "I heard: … — do it?" (status `confirm`, `readBack` set) and `answer` runs it on a yes.
   * `run: false` only transcribes, but still says whether the transcript would be read back: then
   * the response is the read-back (nothing ran; the portal asks before sending the transcript). `confirmed`: the user already agreed to what was heard.
   */
  async handle(
    input: AudioInput,
    options: { engine?: string; sessionId?: string; run?: boolean; confirmed?: boolean } & PrepareOptions = {},
  ): Promise<{ transcription: Transcription; response?: Response; readBack?: ReadBack }> {
    const transcription = await this.transcribe(input, options);
    if (!transcription.transcript) {
      throw new VoiceError('silent_audio', 'Speech was heard but no words were recognised.', 'Speak a little slower and closer to the microphone, or type the request.');
    }
    const sessionId = options.sessionId ?? 'voice';
    const notCommand = transcription.check?.verdict === 'not_command';
    const readBack = notCommand || options.confirmed ? undefined : this.readBackFor(transcription);
    // Remembered before the portal's transcribe-only call returns: its Yes answers this id.
    if (readBack) this.remember(readBack, sessionId);
    if (options.run === false) return { transcription, ...(readBack ? { readBack, response: readBackResponse(readBack, sessionId) } : {}) };
    if (notCommand) return { transcription, response: notACommand(sessionId) };
    if (readBack) return { transcription, response: readBackResponse(readBack, sessionId), readBack };
    const response = await this.kernel.handle({ text: transcription.transcript, source: 'voice', sessionId });
    return { transcription, response };
  }

  /** The read-back this transcription needs, or undefined when it may run as it is. */
  readBackFor(transcription: Pick<Transcription, 'transcript' | 'check'>): ReadBack | undefined {
    const r = this.kernel.engine.recognize(transcription.transcript);
    const top = r.outOfScope ? undefined : r.candidates[0];
    // Nothing the intent engine places would run a skill's step: the kernel answers "not understood".
    if (!top) return undefined;
    const manifests = this.kernel.registry.enabled().map((s) => s.manifest);
    const changing = plannedIntents(transcription.transcript, (t) => this.kernel.engine.recognize(t)).some((i) => changesSomething(i.skill, i.intent, manifests));
    const { decision, reasons } = decide(transcription.check, top.confidence, changing);
    return decision === 'read_back' ? readBackFor(transcription.transcript, reasons) : undefined;
  }

  private remember(readBack: ReadBack, sessionId: string): void {
    this.pending.set(readBack.id, { readBack, sessionId });
    // Unanswered read-backs are dropped oldest first (a Map keeps insertion order).
    for (const id of this.pending.keys()) if (this.pending.size > 20) this.pending.delete(id);
  }

  /**
   * The user's answer to a read-back: yes runs exactly the transcript that was read back (or
   * `edited`, when the user corrected it before saying yes); anything else changes nothing.
   * Unknown or already answered ids are refused, so one yes runs one request.
   */
  async answer(id: string, answer: string, options: { edited?: string; sessionId?: string } = {}): Promise<Response> {
    const entry = this.pending.get(id);
    if (!entry) return { ...declined(options.sessionId ?? 'voice'), status: 'not_understood', text: 'That spoken request was already answered or is no longer waiting. Nothing was done — say it again, or type it.' };
    this.pending.delete(id);
    if (!isYes(answer)) return declined(entry.sessionId);
    const text = options.edited?.trim() || entry.readBack.transcript;
    return this.kernel.handle({ text, source: 'voice', sessionId: entry.sessionId });
  }
}

/** The answer to speech that was not a command: nothing ran (the CLI exits 2, as for any not-understood request). */
export function notACommand(sessionId: string): Response {
  return {
    requestId: `voice-${randomUUID()}`,
    sessionId,
    status: 'not_understood',
    text: "I didn't catch a command. Nothing was done — say it again, or type it.",
    steps: [],
    suggestions: [],
    durationMs: 0,
    kernelMs: 0,
  };
}

function written(raw: string): string {
  return toWritten(raw.toLowerCase().replace(/[.,!?;:"]+/g, ' ').replace(/\s+/g, ' ').trim());
}

const services = new WeakMap<VoiceHost, VoiceService>();

/** One service per kernel (it caches the command model). */
export function voiceService(kernel: VoiceHost): VoiceService {
  let s = services.get(kernel);
  if (!s) services.set(kernel, (s = new VoiceService(kernel)));
  return s;
}
