/**
 * The kernel refuses to open an inspector it was not started with. Node opens its inspector (a
 * debugger port that runs any code it is sent, with the kernel's keys and files) when the process
 * receives SIGUSR1 — which any process of the same user can send, a hostile skill included where
 * the machine has no PID namespace (`process._debugProcess(pid)` does exactly that). A listener on
 * SIGUSR1 replaces Node's own handling, so the signal is refused and recorded instead: an audit
 * entry `kernel.inspector-refused` in every open kernel's log, or a line on stderr when none is
 * open. A process started with --inspect (a developer debugging) is left alone.
 */
import inspector from 'node:inspector';
import type { AuditAction } from '../audit/index.js';

/** Where a refusal is recorded: the audit log of an open kernel. */
export interface InspectorGuardOptions {
  audit?: { append(action: AuditAction, skill: string | null, detail?: Record<string, unknown>): unknown };
}

const sinks = new Set<NonNullable<InspectorGuardOptions['audit']>>();
let installed = false;

/** Whether this process was started to be debugged (then the inspector is the user's own choice). */
export function startedWithInspector(execArgv = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  // --inspect-port alone only names the port a later SIGUSR1 would open: not a choice to debug.
  const flag = /^--(inspect|inspect-brk|inspect-wait)(=|$)/;
  if (execArgv.some((a) => flag.test(a))) return true;
  if (nodeOptions.split(/\s+/).some((a) => flag.test(a))) return true;
  return inspector.url() !== undefined;
}

function refused(): void {
  const detail = { signal: 'SIGUSR1', pid: process.pid, reason: 'a process asked the kernel to open its inspector; refused (the kernel was not started with --inspect)' };
  let recorded = false;
  for (const audit of sinks) {
    try {
      audit.append('kernel.inspector-refused', null, detail);
      recorded = true;
    } catch {
      // a closed log: the others (or stderr) record it
    }
  }
  if (!recorded) process.stderr.write(`agentos: refused to open the inspector on SIGUSR1 (pid ${process.pid}); the kernel was not started with --inspect\n`);
}

/**
 * Installs the refusal once per process (a later call only adds its audit log); returns a function
 * that removes that log again (when its kernel closes). Does nothing in a process started with
 * --inspect.
 */
export function guardInspector(options: InspectorGuardOptions = {}): () => void {
  if (startedWithInspector()) return () => undefined;
  if (!installed) {
    installed = true;
    process.on('SIGUSR1', refused);
  }
  const audit = options.audit;
  if (audit) sinks.add(audit);
  return () => {
    if (audit) sinks.delete(audit);
  };
}
