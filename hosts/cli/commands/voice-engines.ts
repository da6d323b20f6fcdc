/** `agentos voice engines`: each speech engine, whether it is ready, and what it still needs. */
import { voiceService } from '../../../kernel/voice/index.js';
import { parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { withKernel } from '../kernel.js';
import { bold, dim, green, yellow } from '../io.js';

const usage = 'agentos voice engines [--json]';

export const command: CliCommand = {
  name: 'voice engines',
  summary: 'list the speech engines, whether each is ready and what it needs',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, usage);
    if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}".\nUsage: ${usage}`);
    return withKernel(async (kernel) => {
      const engines = await voiceService(kernel).statuses();
      if (values.json) {
        io.out(JSON.stringify({ setting: kernel.settings.get('voice.engine'), engines }));
        return EXIT.ok;
      }
      io.out(dim(`voice.engine = ${kernel.settings.get('voice.engine')} (change: agentos settings set voice.engine NAME)`));
      for (const e of engines) {
        io.out(`${e.ready ? green('● ready    ') : yellow('○ not ready')} ${bold(e.name.padEnd(13))}${e.selected ? green(' ← used') : ''}\n    ${e.detail}${e.missing ? `\n    ${yellow('needs:')} ${e.missing}` : ''}`);
      }
      return EXIT.ok;
    });
  },
};
