/** Dispatch: from a request to a served response — planning outcome, confirmation policy, execution, suggestions, sessions. */
export { Dispatcher, parseRequest, type DispatcherHost } from './dispatcher.js';
export { Executor, type ExecutorHost, type SkillInvoker, type CallScope } from './executor.js';
export { ConfirmationPolicy, producesUntrusted, isYes, type PolicyHost, type ConfirmReason } from './policy.js';
export { suggestionsFor, type Suggest } from './suggestions.js';
export { Sessions } from './sessions.js';
export { callContribution, contributedCommands, ContributionNotFound, type ContributionCall, type ContributionKind } from './contributions.js';
