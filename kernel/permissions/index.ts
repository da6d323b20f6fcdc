export { GrantStore, type GrantDuration, type GrantRecord, type GrantStoreOptions } from './grants.js';
export { scopeCovers, pathCovered, permissionCovered, programCovered, hostMatches } from './match.js';
export { checkExecEntry, communityEntryProblem, escapeOf, matchPattern, type ExecCall, type ExecVerdict } from './exec-pattern.js';
export { PROGRAM_ESCAPES, programFamily, type ProgramEscapes } from './exec-escapes.js';
export {
  containsProtected,
  describeResolved,
  expandScopePath,
  expandTarget,
  isProtected,
  protectedFolders,
  realpathLoose,
  resolveScope,
  ScopeError,
  within,
  type ResolvedScopeEntry,
  type ScopeVars,
} from './scope.js';
