/** Automations: rules read from language, confirmed, stored, and fired by the engine with the grants they were confirmed with. */
export { Rules, RuleNotFound, type RuleChange, type RulesOptions } from './service.js';
export { RULES_STEP } from './front.js';
export { MAX_CHAIN, RATE_LIMIT, type Fired } from './fire.js';
export type { RulesHost, RuleAuditAction, RuleSkillInfo } from './host.js';
export { findRecurrence, nextRuns, runsBetween, RecurrenceError, type Recurrence } from './recurrence.js';
export { parseRule, splitActions, type Parsed, type ParseContext } from './parse.js';
export { parseManage, findRules, type ManageRequest } from './manage.js';
export { dryRun, type DryRunRules } from './dryrun.js';
export { fileClause, globRegExp, imperatives, splitCondition, mentionsAll } from './clauses.js';
