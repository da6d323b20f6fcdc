/**
 * Bridge handler for workflow suggestions: what the user usually does next, from the pattern
 * miner over this profile's event log ("after 'open the weekly report' you usually 'email it to
 * Alice' — do it now?"). The portal sends `request` back as a new request when the user accepts.
 */
import { patternServiceFor } from '../../kernel/patterns/index.js';
import type { Handlers } from './types.js';

export const handlers: Handlers<'patterns.suggest'> = {
  async 'patterns.suggest'(input, { kernel }) {
    return patternServiceFor(kernel)
      .suggest(input.limit)
      .map((s) => ({ request: s.request, reason: s.reason, support: s.support }));
  },
};

/** The same handlers under the name the brief's wiring expects. */
export const patternsHandlers = handlers;
