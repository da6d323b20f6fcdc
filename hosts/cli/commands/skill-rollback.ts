/** `agentos skill rollback ID`: back to the previous installed version (checked against its digests). */
import { rollbackSkill } from '../../../kernel/packages/index.js';
import { parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { withKernel } from '../kernel.js';
import { green } from '../io.js';

const usage = 'agentos skill rollback ID [--json]';

export const command: CliCommand = {
  name: 'skill rollback',
  summary: 'go back to the previous installed version of a community skill',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, usage);
    const id = positionals[0];
    if (!id || positionals.length > 1) throw new UsageError(`Give exactly one skill id.\nUsage: ${usage}`);
    return withKernel(async (kernel) => {
      const r = await rollbackSkill(kernel, id);
      if (values.json) io.out(JSON.stringify({ id, ...r }));
      else io.out(`${green('✓')} ${id} rolled back from ${r.from} to ${r.to}`);
      return EXIT.ok;
    });
  },
};
