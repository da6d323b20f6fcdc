/**
 * Bridge handlers for permission grants: the app's grants view lists what each skill may do and
 * revokes it. Every revocation is written to the audit log. Each grant carries `resolved`: the
 * absolute paths (links followed) or programs the user really granted, beside the declared scope.
 */
import { describeResolved, resolveScope } from '../../kernel/permissions/index.js';
import type { Handlers } from './types.js';

export const handlers: Handlers<'grants.list' | 'grants.revoke'> = {
  async 'grants.list'(_input, { kernel }) {
    return kernel.grants.active().map((g) => {
      const entries = resolveScope(g.permission.kind, g.permission.scope, kernel.grants.varsFor(g.skill));
      return { ...g, resolved: entries.map((e) => e.resolved), resolvedText: describeResolved(entries) };
    });
  },
  async 'grants.revoke'({ id }, { kernel }) {
    const grant = kernel.grants.active().find((g) => g.id === id);
    const ok = kernel.grants.revoke(id);
    if (ok) kernel.audit.append('grant.revoke', grant?.skill ?? null, { grant: id, ...(grant ? { kind: grant.permission.kind } : {}), by: 'user (app)' });
    return { ok };
  },
};

/** The same map under the name the security brief uses. */
export const grantsHandlers = handlers;
