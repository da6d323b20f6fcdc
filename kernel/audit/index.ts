export { AuditLog, entryHash, type AuditAction, type AuditEntry, type AuditProblem, type AuditVerify } from './log.js';
export { HEAD_FILE } from './head.js';
