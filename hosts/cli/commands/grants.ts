/** `agentos grants [list|revoke ID|add SKILL KIND …]`: what each skill may do, for how long; revoke any of it. */
import { parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { withKernel } from '../kernel.js';
import { bold, dim, green, red, yellow } from '../io.js';

const usage = 'agentos grants [list] [--skill ID] [--all] [--json] | agentos grants revoke ID|--skill ID';

export const command: CliCommand = {
  name: 'grants',
  summary: 'list the permissions granted to skills (with scope, duration, uses) and revoke them',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { skill: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' } }, usage);
    const [action = 'list', id] = positionals;
    return withKernel(async (kernel) => {
      if (action === 'list') {
        const grants = kernel.grants.list({ ...(values.skill ? { skill: values.skill } : {}), all: values.all ?? false });
        if (values.json) {
          io.out(JSON.stringify({ grants }));
          return EXIT.ok;
        }
        if (grants.length === 0) io.out(values.skill ? `No grants for ${values.skill}.` : 'No grants.');
        for (const g of grants) {
          const state = g.state === 'active' ? green('active ') : g.state === 'revoked' ? red('revoked') : yellow(g.state.padEnd(7));
          const until = g.duration === 'until' ? ` until ${g.expiresAt?.slice(0, 16).replace('T', ' ')}` : ` ${g.duration}`;
          io.out(`${state} ${bold(g.skill.padEnd(16))} ${g.permission.kind.padEnd(13)} ${g.permission.scope.join(', ') || dim('(no scope)')}${dim(`${until}, used ${g.uses}×  ${g.id}`)}`);
        }
        return EXIT.ok;
      }
      if (action === 'revoke') {
        if (values.skill) {
          const ids = kernel.grants.active(values.skill).map((g) => g.id);
          for (const gid of ids) if (kernel.grants.revoke(gid)) kernel.audit.append('grant.revoke', values.skill, { grant: gid, by: 'user' });
          io.out(`${ids.length} grant(s) of ${values.skill} revoked`);
          return EXIT.ok;
        }
        if (!id) throw new UsageError(`"grants revoke" needs a grant id (see agentos grants) or --skill ID.\nUsage: ${usage}`);
        const grant = kernel.grants.list({ all: true }).find((g) => g.id === id || g.id.startsWith(id));
        if (!grant || !kernel.grants.revoke(grant.id)) {
          io.err(red(`No active grant has the id "${id}". See: agentos grants`));
          return EXIT.error;
        }
        kernel.audit.append('grant.revoke', grant.skill, { grant: grant.id, kind: grant.permission.kind, by: 'user' });
        io.out(`revoked ${grant.skill} ${grant.permission.kind} ${grant.permission.scope.join(', ')}`);
        return EXIT.ok;
      }
      throw new UsageError(`Unknown action "${action}".\nUsage: ${usage}`);
    });
  },
};
