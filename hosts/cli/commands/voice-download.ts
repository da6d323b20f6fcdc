/** `agentos voice download MODEL`: fetch a whisper.cpp ggml model with a progress bar and select it. */
import { downloadWhisperModel, WHISPER_MODELS } from '../../../kernel/voice/index.js';
import cliProgress from 'cli-progress';
import { parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { withKernel } from '../kernel.js';
import { formatBytes, green } from '../io.js';

const usage = `agentos voice download MODEL [--url BASE_URL]   (MODEL: ${WHISPER_MODELS.join(', ')})`;

export const command: CliCommand = {
  name: 'voice download',
  summary: 'download a whisper.cpp model (needs the internet) and use it',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { url: { type: 'string' } }, usage);
    const [model, extra] = positionals;
    if (!model || extra) throw new UsageError(`Name one model.\nUsage: ${usage}`);
    const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ format: `${model} [{bar}] {percentage}% {done}/{size}`, hideCursor: true }, cliProgress.Presets.shades_classic) : undefined;
    let started = false;
    let lastLogged = 0;
    return withKernel(async (kernel) => {
      const file = await downloadWhisperModel(model, kernel.profileDir, {
        ...(values.url ? { baseUrl: values.url } : {}),
        onProgress: ({ received, total }) => {
          if (bar) {
            if (!started) bar.start(total ?? received, 0, { done: formatBytes(0), size: total ? formatBytes(total) : '?' });
            started = true;
            if (!total) bar.setTotal(received);
            bar.update(received, { done: formatBytes(received), size: total ? formatBytes(total) : '?' });
          } else if (received - lastLogged >= 16 * 1024 * 1024 || received === total) {
            lastLogged = received;
            io.err(`${model}: ${formatBytes(received)}${total ? ` of ${formatBytes(total)} (${Math.round((received / total) * 100)}%)` : ''}`);
          }
        },
      });
      if (started) bar?.stop();
      started = false;
      kernel.settings.set('voice.whisperModel', file);
      io.out(`${green('✓')} ${file}\nvoice.whisperModel is set; whisper.cpp is used when voice.engine is auto or whisper-cpp (see: agentos voice engines).`);
      return EXIT.ok;
    }).finally(() => {
      if (started) bar?.stop();
    });
  },
};
