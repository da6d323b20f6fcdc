/** `agentos grants [list|revoke ID|add SKILL KIND …]`: what each skill may do, for how long; revoke any of it. */
import { parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { withKernel } from '../kernel.js';
import { describeResolved, resolveScope } from '../../../kernel/permissions/index.js';
import { bold, dim, green, one, red, yellow } from '../io.js';

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
        // the absolute paths (links followed) the user really granted, beside the declared scope
        const grants = kernel.grants.list({ ...(values.skill ? { skill: values.skill } : {}), all: values.all ?? false }).map((g) => {
          const entries = resolveScope(g.permission.kind, g.permission.scope, kernel.grants.varsFor(g.skill));
          return { ...g, resolved: entries.map((e) => e.resolved), resolvedText: describeResolved(entries) };
        });
        if (values.json) {
          io.out(JSON.stringify({ grants }));
          return EXIT.ok;
        }
        if (grants.length === 0) io.out(values.skill ? `No grants for ${one(values.skill, 80)}.` : 'No grants.');
        for (const g of grants) {
          const state = g.state === 'active' ? green('active ') : g.state === 'revoked' ? red('revoked') : yellow(g.state.padEnd(7));
          const until = g.duration === 'until' ? ` until ${g.expiresAt?.slice(0, 16).replace('T', ' ')}` : ` ${g.duration}`;
          io.out(`${state} ${bold(one(g.skill).padEnd(16))} ${one(g.permission.kind).padEnd(13)} ${one(g.resolvedText) || dim('(no scope)')}${dim(`${until}, used ${g.uses}×  ${g.id}`)}`);
        }
        return EXIT.ok;
      }
      if (action === 'revoke') {
        if (values.skill) {
          const ids = kernel.grants.active(values.skill).map((g) => g.id);
          for (const gid of ids) if (kernel.grants.revoke(gid)) kernel.audit.append('grant.revoke', values.skill, { grant: gid, by: 'user' });
          io.out(`${ids.length} grant(s) of ${one(values.skill, 80)} revoked`);
          return EXIT.ok;
        }
        if (!id) throw new UsageError(`"grants revoke" needs a grant id (see agentos grants) or --skill ID.\nUsage: ${usage}`);
        const grant = kernel.grants.list({ all: true }).find((g) => g.id === id || g.id.startsWith(id));
        if (!grant || !kernel.grants.revoke(grant.id)) {
          io.err(red(`No active grant has the id "${one(id, 80)}". See: agentos grants`));
          return EXIT.error;
        }
        kernel.audit.append('grant.revoke', grant.skill, { grant: grant.id, kind: grant.permission.kind, by: 'user' });
        io.out(`revoked ${one(grant.skill)} ${one(grant.permission.kind)} ${one(grant.permission.scope.join(', '))}`);
        return EXIT.ok;
      }
      throw new UsageError(`Unknown action "${action}".\nUsage: ${usage}`);
    });
  },
};
