/**
 * `agentos voice FILE.wav`: transcribe a recording and run it as a request — the same output and
 * exit codes as a typed request (the transcript goes to stderr, so stdout matches). Raw 16-bit PCM
 * is read with `--raw --rate HZ [--channels N]` (raw bytes carry no header to say their format).
 * A request in doubt that would change something is read back first ("I heard: … — do it?",
 * kernel/voice/read-back.ts): on a terminal the CLI asks yes/no; in a script it prints the read-back,
 * changes nothing and exits 2 like any question; `--yes` runs what was heard without asking.
 * Sub-commands: `agentos voice engines`, `agentos voice download MODEL`.
 */
import { voiceService, speak } from '../../../kernel/voice/index.js';
import { spokenReply } from '../../../kernel/sdk/index.js';
import fs from 'node:fs';
import readline from 'node:readline/promises';
import { z } from 'zod';
import { numberFlag, parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { withKernel } from '../kernel.js';
import { dim, one, red, renderResponse } from '../io.js';
import { exitCodeFor } from './request.js';

const usage = 'agentos voice FILE.wav|FILE.raw [--raw --rate HZ [--channels N]] [--json] [--transcribe-only] [--engine whisper-cpp|transformers|pocketsphinx] [--speak] [--yes] [--session ID] [--max-seconds N]\n       agentos voice engines | agentos voice download MODEL';

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
      { json: { type: 'boolean' }, raw: { type: 'boolean' }, rate: { type: 'string' }, channels: { type: 'string' }, 'transcribe-only': { type: 'boolean' }, engine: { type: 'string' }, speak: { type: 'boolean' }, yes: { type: 'boolean' }, session: { type: 'string' }, 'max-seconds': { type: 'string' } },
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
      const { transcription, response: first, readBack } = await service.handle(
        input,
        { ...(values.engine ? { engine: values.engine } : {}), sessionId: values.session ?? 'cli', run: !values['transcribe-only'], ...(values.yes ? { confirmed: true } : {}), ...(maxSeconds ? { maxSeconds } : {}) },
      );
      const voice = { transcript: transcription.transcript, engine: transcription.engine, vocabulary: transcription.vocabulary, rtf: Number(transcription.rtf.toFixed(3)) };
      // Only transcribing: the words, and in JSON whether running them would be read back first.
      if (!first || values['transcribe-only']) {
        io.out(values.json ? JSON.stringify({ ...voice, ...(readBack ? { readBack: readBack.question } : {}) }) : transcription.transcript);
        return EXIT.ok;
      }
      const sayIt = async (text: string) => {
        if (!values.speak || kernel.settings.get('voice.tts') !== 'espeak') return;
        const spoken = await speak(text, { play: true });
        if (!spoken.played) io.err(dim(spoken.detail));
      };
      let response = first;
      if (!values.json) io.err(dim(`🎤 "${one(transcription.transcript)}" (${transcription.engine})`));
      // On a terminal, the read-back is a yes/no question answered here; in scripts it stays a question.
      const asked = !!readBack && !values.json && !!process.stdin.isTTY && !!process.stdout.isTTY;
      if (readBack && asked) {
        await sayIt(readBack.question);
        const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
        const answer = await rl.question(`${one(readBack.question)} [y/N] `);
        rl.close();
        response = await service.answer(readBack.id, answer);
      }
      if (values.json) io.out(JSON.stringify({ ...response, voice }));
      else {
        io.out(renderResponse(response));
        if (response.status === 'confirm' && readBack) io.out(dim(`Nothing was done. To run what was heard: agentos voice ${file} --yes (or type the request)`));
      }
      // Said aloud: each answer's sentence, not its card (kernel/sdk/spoken-reply.ts).
      await sayIt(spokenReply(response));
      return exitCodeFor(response);
    });
  },
};
