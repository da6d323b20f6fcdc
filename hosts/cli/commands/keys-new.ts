/** `agentos keys new [--name NAME]`: a new Ed25519 signing key in the profile. */
import { newKey } from '../../../kernel/packages/index.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { withKernel } from '../kernel.js';
import { green } from '../io.js';

const usage = 'agentos keys new [--name NAME] [--force] [--json]';

export const command: CliCommand = {
  name: 'keys new',
  summary: 'create an Ed25519 key for signing skill packages',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { name: { type: 'string' }, force: { type: 'boolean' }, json: { type: 'boolean' } }, usage);
    return withKernel(async (kernel) => {
      const key = newKey(kernel.profileDir, values.name ?? 'default', values.force ?? false);
      kernel.audit.append('keys.new', null, { name: key.name, keyId: key.id });
      if (values.json) io.out(JSON.stringify(key));
      else io.out(`${green('✓')} key "${key.name}" ${key.id}\n  private key: ${key.file} (keep it secret)\n  public key:  ${key.publicKey}`);
      return EXIT.ok;
    });
  },
};
