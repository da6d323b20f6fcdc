/**
 * whisper.cpp, two ways: in process through `@fugood/whisper.node` (an optional dependency that
 * ships prebuilt N-API binaries — nothing is compiled at install or import), or a `whisper-cli`
 * (`whisper-cpp`) program on PATH. The ggml model is the file named by `voice.whisperModel`
 * (`agentos voice download MODEL` puts it in the profile's voice/models folder and sets it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { PreparedAudio } from './audio.js';
import { GGML_MAGIC } from './download.js';
import type { AsrEngine, EngineReadiness } from './engine.js';
import { VoiceError } from './errors.js';
import { runProgram, which } from './process.js';
import { encodeWav16 } from './wav.js';

export const BINDING_PACKAGE = '@fugood/whisper.node';
const INSTALL_BINDING = `npm install --save-optional ${BINDING_PACKAGE}`;
const GET_MODEL = 'agentos voice download base.en (saves it in the profile\'s voice/models folder and sets voice.whisperModel), or copy a ggml-*.bin there and run: agentos settings set voice.whisperModel /path/to/ggml-base.en.bin';

/** The part of the binding's API we use, checked when it loads (a changed API is named, not crashed on). */
const fn = <F>() => z.custom<F>((v) => typeof v === 'function');
type InitWhisper = (options: { filePath: string; useGpu?: boolean }) => Promise<unknown>;
const bindingApi = z.object({
  initWhisper: fn<InitWhisper>(),
  toggleNativeLog: fn<(enable: boolean) => Promise<void>>().optional(),
  addNativeLogListener: fn<(listener: (level: string, text: string) => void) => unknown>().optional(),
});
const contextApi = z.object({
  transcribeData: fn<(pcm: ArrayBuffer, options: Record<string, unknown>) => { promise: Promise<unknown>; stop?: () => Promise<void> }>(),
  release: fn<() => Promise<void>>(),
});
const transcribeResult = z.object({ result: z.string(), isAborted: z.boolean().optional() });

export type BindingStatus = { loaded: true; initWhisper: InitWhisper; quiet: Quiet } | { loaded: false; reason: string };
type Quiet = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * whisper.cpp logs every model load to stderr, which would mix into the CLI's output: while it
 * works, its log is routed to us (errors kept to explain a failure). Routing stays on only while
 * it works: the binding's log callback keeps Node's event loop alive.
 */
const nativeErrors: string[] = [];
let nativeErrorCount = 0;
/**
 * The binding's error lines logged after `mark`, in order: the first says why (an unknown tensor,
 * a short file), the rest how whisper.cpp gave up. Its log arrives a few event-loop turns late.
 */
async function nativeErrorsSince(mark: number): Promise<string> {
  let seen = nativeErrorCount;
  for (let turn = 0; turn < 10; turn++) {
    await new Promise((r) => setImmediate(r));
    if (nativeErrorCount > mark && nativeErrorCount === seen) break;
    seen = nativeErrorCount;
  }
  if (nativeErrorCount === mark) return '';
  const lines = nativeErrors.slice(-Math.min(nativeErrorCount - mark, nativeErrors.length)).map((line) => line.trim());
  return [...new Set(lines.filter(Boolean))].join('; ');
}
function quietly(api: z.infer<typeof bindingApi>): Quiet {
  const { toggleNativeLog, addNativeLogListener } = api;
  if (!toggleNativeLog || !addNativeLogListener) return (work) => work();
  addNativeLogListener((level, text) => {
    if (level !== 'error') return;
    nativeErrors.push(text);
    nativeErrorCount++;
    if (nativeErrors.length > 10) nativeErrors.shift();
  });
  let active = 0;
  return async (work) => {
    if (active++ === 0) await toggleNativeLog(true);
    try {
      return await work();
    } finally {
      // Let queued log lines arrive before the callback is released.
      await new Promise((r) => setImmediate(r));
      if (--active === 0) await toggleNativeLog(false);
    }
  };
}

type BindingLoader = () => Promise<unknown>;

// A variable specifier keeps TypeScript and bundlers from requiring the optional package.
const importBinding: BindingLoader = () => import(/* @vite-ignore */ BINDING_PACKAGE as string);

/** Load the binding once per loader; absent or broken is a reason, never a throw. */
const loaded = new WeakMap<BindingLoader, Promise<BindingStatus>>();
export function loadWhisperBinding(loader: BindingLoader = importBinding): Promise<BindingStatus> {
  let status = loaded.get(loader);
  if (!status) {
    status = loader().then(
      (mod) => {
        const api = bindingApi.safeParse(mod);
        if (!api.success) return { loaded: false as const, reason: `${BINDING_PACKAGE} loaded but has no initWhisper(): its API changed; install the version in package.json (${INSTALL_BINDING})` };
        return { loaded: true as const, initWhisper: api.data.initWhisper, quiet: quietly(api.data) };
      },
      (error: unknown) => {
        const code = (error as { code?: string }).code;
        if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return { loaded: false as const, reason: `the whisper.cpp binding ${BINDING_PACKAGE} is not installed (${INSTALL_BINDING})` };
        return { loaded: false as const, reason: `the whisper.cpp binding ${BINDING_PACKAGE} failed to load: ${(error as Error).message.split('\n')[0]} (reinstall it: ${INSTALL_BINDING})` };
      },
    );
    loaded.set(loader, status);
  }
  return status;
}

/** Why a model path cannot be used, or undefined when it is a ggml file. */
export function modelProblem(model: string): string | undefined {
  if (!model) return `a model: ${GET_MODEL}`;
  if (!fs.existsSync(model)) return `the model file ${model} (voice.whisperModel), which does not exist: ${GET_MODEL}`;
  const head = Buffer.alloc(4);
  const fd = fs.openSync(model, 'r');
  try {
    if (fs.readSync(fd, head, 0, 4, 0) < 4 || head.readUInt32LE(0) !== GGML_MAGIC) return `a whisper.cpp ggml model: ${model} (voice.whisperModel) is not one: ${GET_MODEL}`;
    if (endsBeforeWeights(fd)) return `a whole whisper.cpp ggml model: ${model} (voice.whisperModel) ends before its weights (an incomplete download?): ${GET_MODEL}`;
  } finally {
    fs.closeSync(fd);
  }
  return undefined;
}

/** Enough of a ggml model's start to hold its hparams, mel filters and vocabulary (about 0.6 MB in real ones). */
const HEAD_LIMIT = 4 << 20;
/**
 * Whether the file ends before its first tensor. whisper.cpp takes such a file for an empty test
 * model: it loads, and every transcription is silently empty. (A file cut inside its tensors is
 * refused by whisper.cpp itself.)
 */
function endsBeforeWeights(fd: number): boolean {
  const size = fs.fstatSync(fd).size;
  const head = Buffer.alloc(Math.min(size, HEAD_LIMIT));
  fs.readSync(fd, head, 0, head.length, 0);
  const int = (at: number) => (at >= 0 && at + 4 <= head.length ? head.readInt32LE(at) : undefined);
  let at = 4 + 11 * 4; // magic, then 11 hparams
  const mels = int(at);
  const bins = int(at + 4);
  if (mels === undefined || bins === undefined) return true;
  at += 8 + 4 * mels * bins;
  const tokens = int(at);
  if (tokens === undefined) return true;
  at += 4;
  for (let i = 0; i < tokens; i++) {
    const length = int(at);
    if (length === undefined) return head.length === size; // past a 4 MB head: not a truncation we can see
    at += 4 + (length >>> 0); // whisper.cpp reads token lengths unsigned
  }
  return at + 12 > size; // a tensor starts with n_dims, name length and type
}

const findCli = () => which('whisper-cli') ?? which('whisper-cpp');

export interface WhisperCppOptions {
  /** How to import the binding (tests pass one that fails or returns something else). */
  loadBinding?: BindingLoader;
  /** Whether to look for a whisper-cli program on PATH (tests turn it off). */
  useCli?: boolean;
  /** How long one transcription may take before it is given up (a hang guard; tests shorten it). */
  timeoutMs?: number;
}

/** A hang guard, not a deadline: 60 s of audio (the longest accepted) takes seconds with base.en; whisper-cli runs under the same limit. */
const TRANSCRIBE_TIMEOUT_MS = 300_000;

type Route = { kind: 'binding'; binding: Extract<BindingStatus, { loaded: true }> } | { kind: 'cli'; program: string };

export class WhisperCppEngine implements AsrEngine {
  readonly name = 'whisper-cpp' as const;
  readonly biased = false;
  private context: { model: string; ctx: Promise<z.infer<typeof contextApi>> } | undefined;
  constructor(
    private readonly modelPath: () => string,
    private readonly options: WhisperCppOptions = {},
  ) {}

  private async route(): Promise<{ route?: Route; bindingReason?: string }> {
    const binding = await loadWhisperBinding(this.options.loadBinding);
    if (binding.loaded) return { route: { kind: 'binding', binding } };
    const program = this.options.useCli === false ? undefined : findCli();
    return program ? { route: { kind: 'cli', program }, bindingReason: binding.reason } : { bindingReason: binding.reason };
  }

  async readiness(): Promise<EngineReadiness> {
    const model = this.modelPath();
    const { route, bindingReason } = await this.route();
    const missing: string[] = [];
    if (!route) missing.push(`${bindingReason}, or a whisper-cli program on PATH`);
    const problem = modelProblem(model);
    if (problem) missing.push(problem);
    if (missing.length) return { ready: false, detail: `whisper.cpp needs ${[!route && 'its binding or program', problem && 'a model file'].filter(Boolean).join(' and ')}.`, missing: missing.join('; ') };
    return { ready: true, detail: `${route!.kind === 'binding' ? BINDING_PACKAGE : route!.program} with ${model}` };
  }

  async transcribe(audio: PreparedAudio): Promise<string> {
    const ready = await this.readiness();
    if (!ready.ready) throw new VoiceError('engine_unavailable', `whisper.cpp is not ready: ${ready.detail}`, ready.missing);
    const { route } = await this.route();
    const model = this.modelPath();
    return route!.kind === 'binding' ? route!.binding.quiet(() => this.viaBinding(route!.binding.initWhisper, model, audio)) : this.viaCli(route!.program, model, audio);
  }

  /** Release the loaded model (the next transcription loads it again). */
  async close(): Promise<void> {
    const current = this.context;
    this.context = undefined;
    if (current) await current.ctx.then((c) => c.release(), () => undefined);
  }

  private async viaBinding(initWhisper: InitWhisper, model: string, audio: PreparedAudio): Promise<string> {
    const mark = nativeErrorCount;
    if (this.context?.model !== model) {
      await this.close();
      const ctx = initWhisper({ filePath: model, useGpu: false }).then((c) => {
        // Checked, but the native object itself is kept: its methods need it as `this`.
        if (!contextApi.safeParse(c).success) throw new Error(`${BINDING_PACKAGE} returned a context without transcribeData()/release()`);
        return c as z.infer<typeof contextApi>;
      });
      this.context = { model, ctx };
    }
    let ctx: z.infer<typeof contextApi>;
    try {
      ctx = await this.context.ctx;
    } catch (error) {
      this.context = undefined;
      const detail = [(error as Error).message.split('\n')[0], await nativeErrorsSince(mark)].filter(Boolean).join(': ');
      throw new VoiceError('engine_failed', `whisper.cpp could not load the model ${model} (${detail}).`, `Check that it is a whole whisper.cpp ggml model (download it again: ${GET_MODEL}).`);
    }
    const pcm = Buffer.from(encodeWav16(audio.samples, 16_000).subarray(44));
    const pcmBuffer = pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.byteLength) as ArrayBuffer;
    let raw: unknown;
    const timeoutMs = this.options.timeoutMs ?? TRANSCRIBE_TIMEOUT_MS;
    try {
      const job = ctx.transcribeData(pcmBuffer, { language: 'en', maxThreads: threads(), temperature: 0 });
      // The binding never settles this promise when whisper.cpp fails inside a transcription (its
      // worker reports errors with one callback argument, its completion handler wants two), so a
      // guard turns that hang into an error.
      raw = await settleWithin(job.promise, timeoutMs, () => {
        void job.stop?.().catch(() => undefined);
        return new VoiceError('engine_failed', `whisper.cpp gave no result within ${Math.round(timeoutMs / 1000)} s with the model ${model}: it failed inside ${BINDING_PACKAGE}, which does not report such failures (a model whose vocabulary is not whisper's does this), or the model is too slow for this machine.`, `Use a whole, smaller whisper.cpp model (${GET_MODEL}), or another engine: agentos voice FILE --engine pocketsphinx`);
      });
    } catch (error) {
      if (error instanceof VoiceError) throw error;
      throw new VoiceError('engine_failed', `whisper.cpp failed: ${(error as Error).message.split('\n')[0]}.`, 'Try again; if it keeps failing, use another engine: agentos voice FILE --engine pocketsphinx');
    }
    const result = transcribeResult.safeParse(raw);
    if (!result.success) throw new VoiceError('engine_failed', `${BINDING_PACKAGE} returned an unexpected result (no "result" text).`, `Install the version in package.json: ${INSTALL_BINDING}`);
    return result.data.result.replace(/\s+/g, ' ').trim();
  }

  private async viaCli(program: string, model: string, audio: PreparedAudio): Promise<string> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-whisper-'));
    try {
      const wav = path.join(dir, 'utterance.wav');
      fs.writeFileSync(wav, encodeWav16(audio.samples, 16_000));
      const result = await runProgram(program, ['-m', model, '-f', wav, '-nt', '-l', 'en', '-t', String(threads())], { timeoutMs: this.options.timeoutMs ?? TRANSCRIBE_TIMEOUT_MS });
      if (result.code !== 0) throw new VoiceError('engine_failed', `whisper.cpp failed (exit ${result.code}): ${result.stderr.trim().split('\n').slice(-2).join(' ')}`, 'Check that the model file is a whisper.cpp ggml model.');
      return result.stdout.split('\n').map((l) => l.replace(/^\[[^\]]*\]\s*/, '').trim()).filter(Boolean).join(' ');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

const threads = () => Math.max(1, Math.min(4, os.cpus().length));

/** `promise`, or the error `onTimeout` makes if it has not settled within `ms` (the timer never outlives it). */
function settleWithin<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}
