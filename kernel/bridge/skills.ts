/** Bridge handlers for the skills panel: list installed skills with their permissions, enable or disable one. */
import { BridgeError, type Handlers } from './types.js';

export const handlers: Handlers<'skills.list' | 'skills.setEnabled'> = {
  async 'skills.list'(_input, { kernel }) {
    return kernel.registry.summaries().map((summary) => {
      const manifest = kernel.registry.get(summary.id)?.manifest;
      return { ...summary, version: manifest?.version ?? '0.0.0', publisher: manifest?.publisher ?? 'unknown', permissions: manifest?.permissions ?? [] };
    });
  },
  async 'skills.setEnabled'({ id, enabled }, { kernel }) {
    if (!kernel.registry.get(id)) throw new BridgeError('not_found', `No installed skill has the id "${id}"`, 'Refresh the skills panel: the skill may have been removed.');
    kernel.setSkillEnabled(id, enabled);
    return { ok: true };
  },
};
