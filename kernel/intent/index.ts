/** The intent engine: what a request means, in terms of the installed skills' intents. */
import { ClassicIntentEngine, type EngineOptions } from './engine.js';

export { ClassicIntentEngine, type EngineOptions } from './engine.js';
export { compileSkill } from './compiler.js';
export { parseNumber, parseDuration, parseOrdinal, parseTyped, findDates } from './entities.js';

export function createIntentEngine(options: EngineOptions = {}): ClassicIntentEngine {
  return new ClassicIntentEngine(options);
}
export { SimplePlanner, stepFromCandidate, missingSlot, fillFromInput, type ManifestLookup } from './planner.js';
export { discourse } from './conversation.js';
export { STOP_WORDS } from './features.js';
export { readIntentFile, type IntentLine } from './dataset.js';
export { evaluateIntent, type IntentEvalResult } from './evaluate.js';
export { parseTemplate, GrammarError, type Node as TemplateNode } from './grammar.js';
