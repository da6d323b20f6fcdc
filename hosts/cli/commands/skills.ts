/** `agentos skills list|info ID|enable ID|disable ID`. */
import { readLock } from '../../../kernel/packages/index.js';
import { parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { withKernel } from '../kernel.js';
import { block, bold, dim, green, one, red, yellow } from '../io.js';

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
        // Community skills say whether a key vouches for them: an unsigned one could have come from anyone.
        const lock = (() => {
          try {
            return readLock(kernel.profileDir).skills;
          } catch {
            return {};
          }
        })();
        const signedBy = (id: string) => lock[id]?.publisherKey?.id ?? null;
        const skills = kernel.registry.summaries().map((s) => (s.builtin ? s : { ...s, signedBy: signedBy(s.id) }));
        if (values.json) io.out(JSON.stringify({ skills, problems: kernel.problems }));
        else {
          const origin = (id: string, builtin: boolean) => (builtin ? '' : signedBy(id) ? dim(` (community, signed by ${signedBy(id)})`) : ` ${dim('(community,')} ${yellow('UNSIGNED')}${dim(')')}`);
          for (const s of skills) io.out(`${s.enabled ? green('●') : dim('○')} ${bold(one(s.id).padEnd(18))} ${one(s.description, 200)}${origin(s.id, s.builtin)}`);
          for (const p of kernel.problems) io.out(`${red('✗')} ${bold(one(p.skill).padEnd(18))} ${red('not loaded:')} ${one(p.errors.join('; '), 1000)} ${dim(one(p.dir))}`);
        }
        return EXIT.ok;
      }
      if (!id) throw new UsageError(`"skills ${action}" needs a skill id.\nUsage: ${usage}`);
      const skill = kernel.registry.get(id);
      if (!skill) {
        io.err(red(`No installed skill has the id "${one(id, 80)}". See: agentos skills list`));
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
      io.out(`${bold(one(m.name))} ${dim(one(`${m.id} ${m.version} by ${m.publisher}`))}\n${block(m.description)}\n`);
      io.out(bold('Intents'));
      for (const i of m.intents) io.out(`  ${one(i.id)}: ${one(i.description)}${i.examples[0] ? dim(`  e.g. "${one(i.examples[0])}"`) : ''}`);
      io.out(bold('\nPermissions'));
      if (m.permissions.length === 0) io.out('  none');
      for (const p of m.permissions) {
        const granted = grants.some((g) => g.permission.kind === p.kind);
        io.out(`  ${granted ? green('granted') : yellow('not granted')}  ${one(p.kind)}${p.scope.length ? ` ${one(p.scope.join(', '))}` : ''}${p.reason ? dim(` — ${one(p.reason)}`) : ''}`);
      }
      return EXIT.ok;
    });
  },
};
