/**
 * `agentos voice FILE.wav`: transcribe a recording and run it as a request — the same output and
 * exit codes as a typed request (the transcript goes to stderr, so stdout matches). Raw 16-bit PCM
 * is read with `--raw --rate HZ [--channels N]` (raw bytes carry no header to say their format).
 * Sub-commands: `agentos voice engines`, `agentos voice download MODEL`.
 */
import { voiceService, speak } from '../../../kernel/voice/index.js';
import fs from 'node:fs';
import { z } from 'zod';
import { numberFlag, parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { withKernel } from '../kernel.js';
import { dim, red, renderResponse } from '../io.js';
import { exitCodeFor } from './request.js';

const usage = 'agentos voice FILE.wav|FILE.raw [--raw --rate HZ [--channels N]] [--json] [--transcribe-only] [--engine whisper-cpp|transformers|pocketsphinx] [--speak] [--session ID] [--max-seconds N]\n       agentos voice engines | agentos voice download MODEL';

/** The raw-PCM flags as typed: integers in range, and --rate/--channels only with --raw. */
const rawFlags = z
  .object({
    raw: z.boolean().optional(),
    rate: z.string().regex(/^\d+$/, 'must be a whole number of Hz').transform(Number).pipe(z.number().int().min(4000, 'must be at least 4000 Hz').max(384_000, 'must be at most 384000 Hz')).optional(),
    channels: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(1).max(32)).optional(),
  })
  .refine((v) => !v.raw || v.rate !== undefined, { message: '--raw needs --rate HZ: raw PCM has no header that says its sample rate (e.g. --raw --rate 16000)', path: ['rate'] })
  .refine((v) => v.raw || (v.rate === undefined && v.channels === undefined), { message: '--rate and --channels describe raw PCM: add --raw (a WAV file says its own rate)', path: ['raw'] });

function audioInput(file: string, flags: unknown) {
  const parsed = rawFlags.safeParse(flags);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = issue.path.length ? `--${issue.path.join('.')}` : '';
    throw new UsageError(`${issue.message.startsWith('--') ? '' : `${name} `}${issue.message}.\nUsage: ${usage}`);
  }
  const bytes = fs.readFileSync(file);
  const { raw, rate, channels } = parsed.data;
  return raw ? { pcm16: bytes, sampleRate: rate!, channels: channels ?? 1 } : { wav: bytes };
}

export const command: CliCommand = {
  name: 'voice',
  summary: 'run a spoken request from a WAV file (voice engines, voice download MODEL)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { json: { type: 'boolean' }, raw: { type: 'boolean' }, rate: { type: 'string' }, channels: { type: 'string' }, 'transcribe-only': { type: 'boolean' }, engine: { type: 'string' }, speak: { type: 'boolean' }, session: { type: 'string' }, 'max-seconds': { type: 'string' } },
      usage,
    );
    const [file, extra] = positionals;
    if (!file) throw new UsageError(`Which recording? Give a WAV file (or raw PCM with --raw --rate HZ).\nUsage: ${usage}`);
    if (extra) throw new UsageError(`One recording at a time (got "${extra}" too).\nUsage: ${usage}`);
    if (!fs.existsSync(file)) {
      io.err(red(`No such file: ${file}`));
      return EXIT.error;
    }
    const maxSeconds = numberFlag(values['max-seconds'], 'max-seconds', { min: 1, max: 600 });
    const input = audioInput(file, { raw: values.raw, rate: values.rate, channels: values.channels });
    return withKernel(async (kernel) => {
      const service = voiceService(kernel);
      const { transcription, response } = await service.handle(
        input,
        { ...(values.engine ? { engine: values.engine } : {}), sessionId: values.session ?? 'cli', run: !values['transcribe-only'], ...(maxSeconds ? { maxSeconds } : {}) },
      );
      const voice = { transcript: transcription.transcript, engine: transcription.engine, vocabulary: transcription.vocabulary, rtf: Number(transcription.rtf.toFixed(3)) };
      if (!response) {
        io.out(values.json ? JSON.stringify(voice) : transcription.transcript);
        return EXIT.ok;
      }
      if (values.json) io.out(JSON.stringify({ ...response, voice }));
      else {
        io.err(dim(`🎤 "${transcription.transcript}" (${transcription.engine})`));
        io.out(renderResponse(response));
      }
      if (values.speak && kernel.settings.get('voice.tts') === 'espeak') {
        const spoken = await speak(response.text, { play: true });
        if (!spoken.played) io.err(dim(spoken.detail));
      }
      return exitCodeFor(response);
    });
  },
};
