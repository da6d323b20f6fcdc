/** `agentos settings [get|set KEY VALUE]`: every setting with its default and meaning. */
import { SkillSettings } from '../../../kernel/lifecycle/index.js';
import { parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { withKernel } from '../kernel.js';
import { bold, dim } from '../io.js';

const usage = 'agentos settings [list|set KEY VALUE] [--json]';

/** Values typed on the command line: JSON where it parses (numbers, booleans, lists), else the string. */
function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export const command: CliCommand = {
  name: 'settings',
  summary: 'show or change settings (language model, voice, graph backend…, and each skill\'s as skill.ID.KEY)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, usage);
    const [action = 'list', key, ...rest] = positionals;
    return withKernel(async (kernel) => {
      if (action === 'set') {
        if (!key || rest.length === 0) throw new UsageError(`"settings set" needs a key and a value.\nUsage: ${usage}`);
        const value = parseValue(rest.join(' '));
        if (SkillSettings.isSkillKey(key)) kernel.skillSettings.set(key, value);
        else kernel.settings.set(key, value);
        io.out(`${key} = ${JSON.stringify({ ...kernel.settings.all(), ...kernel.skillSettings.values() }[key])}`);
        return EXIT.ok;
      }
      if (action !== 'list') throw new UsageError(`Unknown action "${action}".\nUsage: ${usage}`);
      const all = { ...kernel.settings.all(), ...kernel.skillSettings.values() };
      const schema = { ...kernel.settings.describe(), ...kernel.skillSettings.describe() };
      if (values.json) {
        io.out(JSON.stringify({ profileDir: kernel.profileDir, values: all, schema }));
        return EXIT.ok;
      }
      io.out(dim(`profile: ${kernel.profileDir}`));
      for (const [k, d] of Object.entries(schema)) io.out(`${bold(k)} = ${JSON.stringify(all[k])}\n  ${dim(d.description)}`);
      return EXIT.ok;
    });
  },
};
