/** `agentos skill sign DIR [--key NAME]`: sign the folder's digest list with an Ed25519 key. */
import path from 'node:path';
import { resolveProfileDir } from '../../../kernel/profile/index.js';
import { loadPrivateKey, signDir } from '../../../kernel/packages/index.js';
import { parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { green } from '../io.js';

const usage = 'agentos skill sign DIR [--key NAME|FILE.key] [--json]';

export const command: CliCommand = {
  name: 'skill sign',
  summary: 'sign a skill folder\'s digest list with your Ed25519 key (agentos keys new)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { key: { type: 'string' }, json: { type: 'boolean' } }, usage);
    const dir = positionals[0];
    if (!dir || positionals.length > 1) throw new UsageError(`Give exactly one skill folder.\nUsage: ${usage}`);
    const { key, info } = loadPrivateKey(resolveProfileDir(), values.key ?? 'default');
    const { digests } = signDir(path.resolve(dir), key, info);
    if (values.json) io.out(JSON.stringify({ dir: path.resolve(dir), keyId: info.id, files: Object.keys(digests).length }));
    else io.out(`${green('✓')} signed ${Object.keys(digests).length} files in ${dir} with ${info.id}`);
    return EXIT.ok;
  },
};
