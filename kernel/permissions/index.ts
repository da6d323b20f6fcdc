export { GrantStore, type GrantDuration } from './grants.js';
