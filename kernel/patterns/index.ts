/** Workflow pattern mining: frequent workflows and next-action suggestions from the command history. */
export { WorkflowAdvisor, type AdvisorOptions, type Workflow, type WorkflowSuggestion } from './advisor.js';
export { alwaysRule, findRoutines, type Routine, type RoutineOptions } from './routines.js';
export { PatternService, patternServiceFor, type PatternsHost } from './service.js';
export { MixedOrderMarkov, FirstOrderMarkov, type Predictor, type Prediction } from './markov.js';
export { prefixSpan, type MineOptions, type SequentialPattern } from './prefixspan.js';
export { eventsFromLog, itemLabels, splitSessions, type WorkflowEvent } from './sessions.js';
export { parseSpmf, readSpmf, encode, Vocabulary, SpmfError } from './spmf.js';
export { evaluatePatterns, scoreLastItem, selectOnDev, type PatternsReport } from './evaluate.js';
export { BlendedPredictor, combine, DEFAULT_BLEND, type BlendOptions, type BlendWeights } from './blend.js';
export { SimilarSequences, type SimilarOptions } from './similar.js';
export { FollowCounts, type FollowOptions } from './follow.js';
export { tuneBlend, type TuneResult } from './tune.js';
