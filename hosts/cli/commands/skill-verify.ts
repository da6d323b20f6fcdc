/** `agentos skill verify [ID]`: check installed community skills' files against the lock. */
import path from 'node:path';
import { resolveProfileDir } from '../../../kernel/profile/index.js';
import { checkInstalled, communityDir, readLock } from '../../../kernel/packages/index.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { green, red } from '../io.js';

const usage = 'agentos skill verify [ID] [--json]';

export const command: CliCommand = {
  name: 'skill verify',
  summary: 'check installed community skills against the digests in the lock',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, usage);
    const profile = resolveProfileDir();
    const lock = readLock(profile);
    const ids = positionals.length ? positionals : Object.keys(lock.skills);
    const results = ids.map((id) => ({ id, ...checkInstalled(profile, id, path.join(communityDir(profile), id), lock) }));
    if (values.json) io.out(JSON.stringify({ results: results.map((r) => ({ id: r.id, ok: r.ok, ...(r.ok ? {} : { reason: r.reason }) })) }));
    else if (results.length === 0) io.out('No community skills installed.');
    else for (const r of results) io.out(r.ok ? `${green('✓')} ${r.id} ${r.entry.version}: ${Object.keys(r.entry.files).length} files match` : `${red('✗')} ${r.id}: ${r.reason}`);
    return results.every((r) => r.ok) ? EXIT.ok : EXIT.error;
  },
};
