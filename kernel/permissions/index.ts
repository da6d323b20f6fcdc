export { GrantStore, type GrantDuration, type GrantRecord } from './grants.js';
export { scopeCovers, permissionCovered, hostMatches } from './match.js';
