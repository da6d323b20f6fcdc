/**
 * Kernel events into the store: progress to the chat (and, from the kernel optimizer, to its live
 * view), reminders to the timers view and a notification, changes to reloads.
 */
import type { KernelEvent } from '../bridge/contracts';
import type { AppStore } from './store';

const KERNEL_OPTIMIZER = 'kernel-optimizer';

export function applyKernelEvent(store: AppStore, event: KernelEvent): void {
  const s = store.getState();
  switch (event.type) {
    case 'progress':
      s.applyProgress(event.requestId, event.fraction, event.message, event.skill);
      // Each evaluation of a kernel-optimizer run rewrites its run.json: refresh the live view (coalesced in the slice).
      if (event.skill === KERNEL_OPTIMIZER) void s.loadKernelRuns();
      break;
    case 'timer.fired':
      s.timerFired(event);
      s.pushToast({
        kind: 'reminder',
        title: event.timer.kind === 'timer' ? `Timer done: ${event.timer.title}` : `Reminder: ${event.timer.title}`,
        body: event.missed ? `Missed while AgentOS was closed (due ${new Date(event.timer.dueAt).toLocaleString()}).` : `Due ${new Date(event.timer.dueAt).toLocaleTimeString()}`,
      });
      break;
    case 'notification':
      s.pushToast({ kind: 'info', title: event.title, ...(event.body ? { body: event.body } : {}) });
      break;
    case 'skills.changed':
      void s.loadSkills();
      break;
    case 'skill.error':
      s.pushToast({ kind: 'error', title: `${event.skill} failed`, body: event.message });
      break;
    case 'kernel.restarted':
      s.pushToast({ kind: 'warning', title: 'The kernel restarted', body: `${event.reason} Your data is safe; a request that was running may need to be sent again.` });
      void s.loadSkills();
      void s.loadTimers();
      break;
    case 'request.completed':
      // Reminders set by a request (from any window or the CLI) appear without a reload.
      if (event.response.steps.some((st) => st.result?.card?.type === 'list' && st.result.card.items.some((i) => i.dueAt)) || s.view === 'timers') void s.loadTimers();
      if (s.view === 'activity') void s.loadActivity();
      if (event.response.steps.some((st) => st.skill === KERNEL_OPTIMIZER)) void s.loadKernelRuns();
      if (s.view === 'permissions') void s.loadGrants();
      break;
    case 'suggestion':
    case 'request.received':
    case 'shell.pushToTalk':
      break;
  }
}
