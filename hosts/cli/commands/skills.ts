/** `agentos skills list|info ID|enable ID|disable ID`. */
import { parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { withKernel } from '../kernel.js';
import { bold, dim, green, red, yellow } from '../io.js';

const usage = 'agentos skills [list|info ID|enable ID|disable ID] [--json]';

export const command: CliCommand = {
  name: 'skills',
  summary: 'list installed skills, show one, enable or disable it',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, usage);
    const [action = 'list', id] = positionals;
    return withKernel(async (kernel) => {
      if (action === 'list') {
        const skills = kernel.registry.summaries();
        if (values.json) io.out(JSON.stringify({ skills, problems: kernel.problems }));
        else {
          for (const s of skills) io.out(`${s.enabled ? green('●') : dim('○')} ${bold(s.id.padEnd(18))} ${s.description}${s.builtin ? '' : dim(' (community)')}`);
          for (const p of kernel.problems) io.out(`${red('✗')} ${bold(p.skill.padEnd(18))} ${red('not loaded:')} ${p.errors.join('; ')} ${dim(p.dir)}`);
        }
        return EXIT.ok;
      }
      if (!id) throw new UsageError(`"skills ${action}" needs a skill id.\nUsage: ${usage}`);
      const skill = kernel.registry.get(id);
      if (!skill) {
        io.err(red(`No installed skill has the id "${id}". See: agentos skills list`));
        return EXIT.error;
      }
      if (action === 'enable' || action === 'disable') {
        kernel.setSkillEnabled(id, action === 'enable');
        io.out(`${id} ${action}d`);
        return EXIT.ok;
      }
      if (action !== 'info') throw new UsageError(`Unknown action "${action}".\nUsage: ${usage}`);
      const m = skill.manifest;
      const grants = kernel.grants.active(id);
      if (values.json) {
        io.out(JSON.stringify({ manifest: m, builtin: skill.builtin, enabled: kernel.registry.isEnabled(id), grants }));
        return EXIT.ok;
      }
      io.out(`${bold(m.name)} ${dim(`${m.id} ${m.version} by ${m.publisher}`)}\n${m.description}\n`);
      io.out(bold('Intents'));
      for (const i of m.intents) io.out(`  ${i.id}: ${i.description}${i.examples[0] ? dim(`  e.g. "${i.examples[0]}"`) : ''}`);
      io.out(bold('\nPermissions'));
      if (m.permissions.length === 0) io.out('  none');
      for (const p of m.permissions) {
        const granted = grants.some((g) => g.permission.kind === p.kind);
        io.out(`  ${granted ? green('granted') : yellow('not granted')}  ${p.kind}${p.scope.length ? ` ${p.scope.join(', ')}` : ''}${p.reason ? dim(` — ${p.reason}`) : ''}`);
      }
      return EXIT.ok;
    });
  },
};
