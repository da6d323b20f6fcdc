/** `agentos skill remove ID`: revoke its grants, delete it, and (after asking) its data. */
import { cliInstallIo, removeSkill } from '../../../kernel/packages/index.js';
import { parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { withKernel } from '../kernel.js';
import { green } from '../io.js';

const usage = 'agentos skill remove ID [--yes] [--delete-data|--keep-data] [--json]';

export const command: CliCommand = {
  name: 'skill remove',
  summary: 'remove a community skill and its grants (its data after asking)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { yes: { type: 'boolean', short: 'y' }, 'delete-data': { type: 'boolean' }, 'keep-data': { type: 'boolean' }, json: { type: 'boolean' } }, usage);
    const id = positionals[0];
    if (!id || positionals.length > 1) throw new UsageError(`Give exactly one skill id.\nUsage: ${usage}`);
    if (values['delete-data'] && values['keep-data']) throw new UsageError('--delete-data and --keep-data contradict each other');
    return withKernel(async (kernel) => {
      const r = await removeSkill(kernel, id, cliInstallIo(io), { yes: values.yes ?? false, deleteData: values['delete-data'] ?? false, keepData: values['keep-data'] ?? false });
      if (values.json) io.out(JSON.stringify({ id, ...r }));
      else io.out(`${green('✓')} removed ${id}; ${r.grantsRevoked} grant(s) revoked; data ${r.dataDeleted ? 'deleted' : 'kept'}`);
      return EXIT.ok;
    });
  },
};
