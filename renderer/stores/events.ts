/**
 * Kernel events into the store: progress to the chat and to the open view of the skill reporting
 * it, reminders to the timers view and a notification, changes to reloads.
 */
import type { KernelEvent } from '../bridge/contracts';
import type { AppState } from './state';
import type { AppStore } from './store';
import { parseSkillViewRoute } from './slices/ui/slice';
import { answerShows, groupToast } from './slices/ui/toasts';
import { timeFormatOf } from './slices/settings/selectors';
import { sentence } from '../messages';

/** Re-read the open view when it belongs to this skill (a closed view is read again when opened). */
function refreshOpenSkillView(s: AppState, skill: string): void {
  const open = parseSkillViewRoute(s.view);
  if (open?.skill === skill) void s.loadSkillView(open.skill, open.view);
}

export function applyKernelEvent(store: AppStore, event: KernelEvent): void {
  const s = store.getState();
  switch (event.type) {
    case 'progress':
      s.applyProgress(event.requestId, event.fraction, event.message, event.skill);
      // A long job reports each step; its skill's view shows the job (reloads are coalesced in the slice).
      refreshOpenSkillView(s, event.skill);
      break;
    case 'timer.fired':
    {
      s.timerFired(event);
      const time = timeFormatOf(s);
      const due = new Date(event.timer.dueAt);
      // Missed ones arrive together when AgentOS starts again: one toast sums them up.
      if (event.missed) s.pushToast(groupToast('missed-reminders', [`${event.timer.title}, due ${time.due(due, new Date())}`], 'reminder'));
      else s.pushToast({ kind: 'reminder', title: event.timer.kind === 'timer' ? `Timer done: ${event.timer.title}` : `Reminder: ${event.timer.title}`, body: `It was due at ${time.clock(due)}.` });
      break;
    }
    case 'timers.changed':
      // Scheduled, cancelled or fired from any window, the CLI or a skill: the list and the sidebar count follow.
      void s.loadTimers();
      break;
    case 'notification':
      s.pushToast({ kind: 'info', title: event.title, ...(event.body ? { body: sentence(event.body) } : {}) });
      // A rule fired, stopped or waits for approval: the Rules view shows its new run and state.
      if (event.skill === 'rules' && s.view === 'rules') void s.loadRules();
      break;
    case 'skills.changed':
      void s.loadSkills();
      break;
    case 'skill.error': {
      // While a request of the conversation runs, its answer may show this error: held until it ends (chat slice).
      const error = { skill: event.skill, message: event.message };
      const busy = s.entries.some((e) => e.role === 'agent' && e.status === 'pending');
      const last = [...s.entries].reverse().find((e) => e.role === 'agent' && e.status !== 'pending');
      if (!busy && answerShows(last?.response, error)) break;
      s.reportSkillError(error, busy);
      break;
    }
    case 'kernel.restarted':
      s.pushToast({ kind: 'warning', title: 'The kernel restarted', body: `${sentence(event.reason)} Your data is safe; send a request that was running again.` });
      void s.loadSkills();
      void s.loadTimers();
      break;
    case 'request.completed':
      if (s.view === 'activity') void s.loadActivity();
      if (s.view === 'permissions') void s.loadGrants();
      // A rule made, paused or deleted in the conversation ("yes" to its confirmation, "stop the stretch rule").
      if (s.view === 'rules') void s.loadRules();
      for (const skill of new Set(event.response.steps.map((st) => st.skill))) refreshOpenSkillView(s, skill);
      break;
    case 'suggestion':
    case 'request.received':
    case 'shell.pushToTalk':
      break;
  }
}
