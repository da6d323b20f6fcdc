/**
 * Bridge handlers for the skills panel and for what skills contribute: list installed skills with
 * their permissions and contributions, enable or disable one, render a contributed view or run a
 * contributed command (one generic method for every skill).
 */
import { ContributionNotFound } from '../../kernel/index.js';
import { BridgeError, type Handlers } from './types.js';

const EMPTY = { commands: [], views: [] };

export const handlers: Handlers<'skills.list' | 'skills.setEnabled' | 'skills.contribution'> = {
  async 'skills.list'(_input, { kernel }) {
    return kernel.registry.summaries().map((summary) => {
      const manifest = kernel.registry.get(summary.id)?.manifest;
      return {
        ...summary,
        version: manifest?.version ?? '0.0.0',
        publisher: manifest?.publisher ?? 'unknown',
        permissions: manifest?.permissions ?? [],
        contributes: manifest?.contributes ?? EMPTY,
      };
    });
  },
  async 'skills.setEnabled'({ id, enabled }, { kernel }) {
    if (!kernel.registry.get(id)) throw new BridgeError('not_found', `No installed skill has the id "${id}"`, 'Refresh the skills panel: the skill may have been removed.');
    kernel.setSkillEnabled(id, enabled);
    return { ok: true };
  },
  async 'skills.contribution'({ skill, kind, name, args }, { kernel }) {
    try {
      return await kernel.contribution({ skill, kind, name, args });
    } catch (error) {
      if (error instanceof ContributionNotFound) throw new BridgeError('not_found', error.message, 'Refresh the portal: the skill may have been disabled or removed.');
      throw error;
    }
  },
};
