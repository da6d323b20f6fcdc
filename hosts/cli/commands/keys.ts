/** `agentos keys [list]`: the publisher keys in this profile. */
import { resolveProfileDir } from '../../../kernel/profile/index.js';
import { listKeys } from '../../../kernel/packages/index.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { bold, dim } from '../io.js';

const usage = 'agentos keys [list] [--json] | agentos keys new [--name NAME]';

export const command: CliCommand = {
  name: 'keys',
  summary: 'list your Ed25519 publisher keys (agentos keys new makes one)',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } }, usage);
    const keys = listKeys(resolveProfileDir());
    if (values.json) io.out(JSON.stringify({ keys }));
    else if (keys.length === 0) io.out('No keys yet. Create one with: agentos keys new');
    else for (const k of keys) io.out(`${bold(k.name.padEnd(16))} ${k.id}  ${dim(k.publicKey)}`);
    return EXIT.ok;
  },
};
