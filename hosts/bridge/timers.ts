/** Bridge handlers for reminders and timers: list them (for live countdowns), set one from the portal, cancel one. */
import { BridgeError, type Handlers } from './types.js';

/** The owner recorded for timers set from the portal rather than by a skill. */
const PORTAL_OWNER = 'portal';

export const handlers: Handlers<'timers.list' | 'timers.cancel' | 'timers.schedule'> = {
  async 'timers.list'({ includeDone }, { kernel }) {
    return kernel.scheduler.list({ includeDone });
  },
  async 'timers.schedule'({ kind, title, dueAt }, { kernel }) {
    if (new Date(dueAt).getTime() < Date.now() - 1000) throw new BridgeError('bad_input', `${dueAt} is in the past`, 'Pick a time from now on.');
    return kernel.scheduler.schedule(PORTAL_OWNER, { kind, title, dueAt });
  },
  async 'timers.cancel'({ id }, { kernel }) {
    return { ok: kernel.scheduler.cancel(id) !== undefined };
  },
};
