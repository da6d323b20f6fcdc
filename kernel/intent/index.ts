/** The intent engine: what a request means, in terms of the installed skills' intents. */
import type { IntentEngine } from '../contracts/index.js';
import { TemplateIntentEngine } from './template-matcher.js';

export { TemplateIntentEngine } from './template-matcher.js';

export function createIntentEngine(): IntentEngine {
  return new TemplateIntentEngine();
}
export { SimplePlanner, stepFromCandidate, missingSlot, type ManifestLookup } from './planner.js';
