/**
 * Bridge handler for workflow suggestions: what the user usually does next, from the pattern
 * miner over this profile's event log ("after 'open the weekly report' you usually 'email it to
 * Alice' — do it now?"). The portal sends `request` back as a new request when the user accepts, or
 * `always` (the rule that would do it from now on) when the user picks "always do this".
 */
import { patternServiceFor } from '../../kernel/patterns/index.js';
import type { Handlers } from './types.js';

export const handlers: Handlers<'patterns.suggest'> = {
  async 'patterns.suggest'(input, { kernel }) {
    return patternServiceFor(kernel)
      .suggestWithRules(input.limit)
      .map((s) => ({ request: s.request, reason: s.reason, support: s.support, ...(s.always ? { always: s.always } : {}) }));
  },
};

/** The same handlers under the name the brief's wiring expects. */
export const patternsHandlers = handlers;
