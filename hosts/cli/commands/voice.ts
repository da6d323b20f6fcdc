/**
 * `agentos voice FILE.wav`: transcribe a recording and run it as a request — the same output and
 * exit codes as a typed request (the transcript goes to stderr, so stdout matches). Sub-commands:
 * `agentos voice engines`, `agentos voice download MODEL`.
 */
import { voiceService, speak } from '../../../kernel/voice/index.js';
import fs from 'node:fs';
import { numberFlag, parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { withKernel } from '../kernel.js';
import { dim, red, renderResponse } from '../io.js';
import { exitCodeFor } from './request.js';

const usage = 'agentos voice FILE.wav [--json] [--transcribe-only] [--engine whisper-cpp|transformers|pocketsphinx] [--speak] [--session ID] [--max-seconds N]\n       agentos voice engines | agentos voice download MODEL';

export const command: CliCommand = {
  name: 'voice',
  summary: 'run a spoken request from a WAV file (voice engines, voice download MODEL)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { json: { type: 'boolean' }, 'transcribe-only': { type: 'boolean' }, engine: { type: 'string' }, speak: { type: 'boolean' }, session: { type: 'string' }, 'max-seconds': { type: 'string' } },
      usage,
    );
    const [file, extra] = positionals;
    if (!file) throw new UsageError(`Which recording? Give a WAV file.\nUsage: ${usage}`);
    if (extra) throw new UsageError(`One recording at a time (got "${extra}" too).\nUsage: ${usage}`);
    if (!fs.existsSync(file)) {
      io.err(red(`No such file: ${file}`));
      return EXIT.error;
    }
    const maxSeconds = numberFlag(values['max-seconds'], 'max-seconds', { min: 1, max: 600 });
    return withKernel(async (kernel) => {
      const service = voiceService(kernel);
      const { transcription, response } = await service.handle(
        { wav: fs.readFileSync(file) },
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
