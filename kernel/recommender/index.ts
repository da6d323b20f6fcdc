/** The skill recommender: which installed skills can serve a request (see docs/recommender.md). */
export { Recommender, type BuildOptions, type Recommendation, type RecommendOptions } from './recommender.js';
export { RecommenderModel, SIGNALS, type HistoryEvent, type SkillDoc, type Signal } from './model.js';
export { DEFAULT_WEIGHTS, fitWeights, fuseLinear, fuseRrf, type Weights } from './fusion.js';
export { RecommenderService, recommenderFor, historyFromLog, skillDoc, type RecommenderHost } from './service.js';
export { Bm25Index } from './bm25.js';
export { GraphBuilder, Graph } from './graph.js';
export { loadBeir, DataError, type BeirSet } from './beir.js';
export { evaluateRecommender, PlainBm25, type RecommendReport } from './evaluate.js';
export { terms } from './text.js';
export { LinearSkillModel, type LinearOptions } from './linear.js';
