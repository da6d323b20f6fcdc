/** Bridge handlers for the activity view: the latest requests with outcome and duration. */
import type { Handlers } from './types.js';

export const handlers: Handlers<'history.list'> = {
  async 'history.list'({ limit }, { kernel }) {
    return kernel.eventLog.history(limit);
  },
};
