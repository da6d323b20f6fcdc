/** `agentos history [--limit N] [--json]`: recent requests with outcome and duration. */
import { numberFlag, parseCommandArgs } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { withKernel } from '../kernel.js';
import { dim, green, one, red, yellow } from '../io.js';

const usage = 'agentos history [--limit N] [--json]';

export const command: CliCommand = {
  name: 'history',
  summary: 'recent requests with outcome, skill and duration',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { json: { type: 'boolean' }, limit: { type: 'string' } }, usage);
    const limit = numberFlag(values.limit, 'limit', { min: 1, max: 10_000, integer: true }) ?? 20;
    return withKernel(async (kernel) => {
      const entries = kernel.eventLog.history(limit);
      if (values.json) io.out(JSON.stringify(entries));
      else if (entries.length === 0) io.out('No requests yet. Try: agentos "what can you do"');
      else
        for (const e of entries.reverse()) {
          const mark = e.status === 'served' ? green('✓') : e.status === 'not_understood' ? yellow('?') : red('✗');
          io.out(`${dim(one(e.at).slice(0, 19).replace('T', ' '))} ${mark} ${one(e.text, 300)}${e.skill ? dim(`  → ${one(e.skill)}/${one(e.intent)}`) : ''} ${dim(`${e.durationMs.toFixed(1)} ms`)}`);
        }
      return EXIT.ok;
    });
  },
};
