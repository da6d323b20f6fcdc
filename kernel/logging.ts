/**
 * What the kernel writes to the operational log (composition root: it sees the audit log, the event
 * bus and the log): sandbox kills and violations, denied calls and rule firings as the audit log
 * records them, skill errors, and requests that ended in an error. Only ids, skills and messages are
 * written, not what the user asked (the history keeps that, in the profile database).
 */
import type { AuditEntry, AuditLog } from './audit/index.js';
import type { KernelEvent } from './contracts/index.js';
import type { EventBus } from './events/index.js';
import type { Log, LogLevel } from './log/index.js';

/** The audit actions the log mirrors, with their level. */
function levelOf(action: string): LogLevel | undefined {
  if (action === 'sandbox.killed' || action === 'sandbox.violation' || action === 'audit.tampered') return 'error';
  if (action === 'call.denied' || action === 'rule.stop' || action.startsWith('inspector')) return 'warn';
  if (action.startsWith('rule.') || action.startsWith('skill.')) return 'info';
  return undefined;
}

export function mirrorToLog(audit: AuditLog, events: EventBus, log: Log): () => void {
  const offAudit = audit.onAppend((e: AuditEntry) => {
    const level = levelOf(e.action);
    if (level) log.write(level, e.action, { ...(e.skill ? { skill: e.skill } : {}), auditSeq: e.seq, ...e.detail });
  });
  const offEvents = events.on((e: KernelEvent) => {
    if (e.type === 'skill.error') log.error('skill.error', { skill: e.skill, message: e.message });
    else if (e.type === 'request.completed' && e.response.status === 'error') {
      log.warn('request.error', { requestId: e.response.requestId, skills: e.response.steps.map((s) => s.skill), error: e.response.error?.message ?? e.response.text.slice(0, 500) });
    }
  });
  return () => {
    offAudit();
    offEvents();
  };
}
