/**
 * `agentos skill install SRC [--yes]`: install or update a community skill, showing what it asks
 * for. `--yes` answers the install question only: a change of publisher needs `--accept-publisher
 * KEY-ID` (the new identity, exactly) and phrases other skills already handle need `--allow-overlap`.
 */
import { cliInstallIo, installSkill, PackageError } from '../../../kernel/packages/index.js';
import { parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { withKernel } from '../kernel.js';
import { green, red, yellow } from '../io.js';

const usage = 'agentos skill install SRC [--yes] [--ignore-scan] [--until YYYY-MM-DD] [--accept-publisher KEY-ID|NAME] [--allow-overlap] [--json]   (SRC: folder, .tgz, https URL or git URL)';

export const command: CliCommand = {
  name: 'skill install',
  summary: 'install or update a community skill from a folder, .tgz, https URL or git URL',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { yes: { type: 'boolean', short: 'y' }, 'ignore-scan': { type: 'boolean' }, until: { type: 'string' }, 'accept-publisher': { type: 'string' }, 'allow-overlap': { type: 'boolean' }, json: { type: 'boolean' } }, usage);
    const source = positionals[0];
    if (!source || positionals.length > 1) throw new UsageError(`Give exactly one source.\nUsage: ${usage}`);
    let until: Date | undefined;
    if (values.until) {
      until = new Date(values.until);
      if (Number.isNaN(until.getTime()) || until <= new Date()) throw new UsageError(`--until must be a future date such as 2030-01-31, not "${values.until}"`);
    }
    const quiet = { out: () => undefined, err: io.err };
    return withKernel(async (kernel) => {
      try {
        const result = await installSkill(kernel, { source, yes: values.yes ?? false, ignoreScan: values['ignore-scan'] ?? false, allowOverlap: values['allow-overlap'] ?? false, ...(values['accept-publisher'] !== undefined ? { acceptPublisher: values['accept-publisher'] } : {}), ...(until ? { until } : {}) }, cliInstallIo(values.json ? quiet : io));
        if (values.json) io.out(JSON.stringify(result));
        else if (result.action !== 'unchanged') {
          const signature = result.signedBy ? `signed by ${result.signedBy}` : yellow('UNSIGNED');
          io.out(`${green('✓')} ${result.action} ${result.id} ${result.version} (${signature})${result.granted.length ? ` — granted: ${result.granted.map((p) => p.kind).join(', ')}` : ''}`);
        }
        return EXIT.ok;
      } catch (error) {
        if (error instanceof PackageError || (error as Error).name === 'AgentSkillError') {
          if (values.json) io.out(JSON.stringify({ error: (error as Error).message }));
          io.err(red((error as Error).message));
          return EXIT.error;
        }
        throw error;
      }
    });
  },
};
