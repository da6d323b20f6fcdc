export { GrantStore, type GrantDuration, type GrantRecord } from './grants.js';
export { scopeCovers, permissionCovered, programCovered, hostMatches } from './match.js';
