/**
 * Bridge handlers for the skills panel and for what skills contribute: list installed skills with
 * their permissions and contributions, enable or disable one, render a contributed view or run a
 * contributed command (one generic method for every skill).
 */
import { ContributionNotFound } from '../../kernel/index.js';
import { readLock, type LockFile } from '../../kernel/packages/index.js';
import { BridgeError, type Handlers } from './types.js';

const EMPTY = { commands: [], views: [] };

export const handlers: Handlers<'skills.list' | 'skills.setEnabled' | 'skills.contribution'> = {
  async 'skills.list'(_input, { kernel }) {
    let lock: LockFile['skills'] = {};
    try {
      lock = readLock(kernel.profileDir).skills;
    } catch {
      // A damaged lock refuses the community skills at load; the list then shows them as unsigned.
    }
    return kernel.registry.summaries().map((summary) => {
      const manifest = kernel.registry.get(summary.id)?.manifest;
      const signedBy = summary.builtin ? null : (lock[summary.id]?.publisherKey?.id ?? null);
      return {
        ...summary,
        // A community skill no key vouches for is marked: it could have come from anyone.
        signedBy,
        unsigned: !summary.builtin && !signedBy,
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
