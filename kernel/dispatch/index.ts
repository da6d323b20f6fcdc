/** Dispatch: from a request to a served response — planning outcome, confirmation policy, execution, suggestions, sessions. */
export { Dispatcher } from './dispatcher.js';
export { Executor, type SkillInvoker } from './executor.js';
export { ConfirmationPolicy } from './policy.js';
export type { Suggest } from './suggestions.js';
export { Sessions } from './sessions.js';
export { callContribution, contributedCommands, ContributionNotFound, type ContributionCall } from './contributions.js';
export { PersonalPhrasings, normalisePhrase } from './phrasings.js';
