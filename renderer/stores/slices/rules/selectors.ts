/** Selectors for the rules slice, and how the Rules view words a rule's state, times and runs. */
import type { RuleListItem, RuleRun } from '../../../bridge/contracts';
import type { AppState } from '../../state';
import { DEFAULT_TIME, type TimeFormatter } from '../../../time/format';

export const selectRules = (s: AppState) => s.rules;
export const selectRulesLoaded = (s: AppState) => s.rulesLoaded;
export const selectRulesError = (s: AppState) => s.rulesError;
export const selectRuleHistory = (s: AppState) => s.ruleHistory;
export const selectRuleDryRuns = (s: AppState) => s.ruleDryRuns;
export const selectRuleBusy = (s: AppState) => s.ruleBusy;

export const STATE_LABELS: Record<RuleListItem['state'], string> = { active: 'On', paused: 'Paused', stopped: 'Stopped', awaiting_approval: 'Waiting for your approval' };

export const RUN_LABELS: Record<RuleRun['status'], string> = { ok: 'Done', failed: 'Failed', waiting: 'Waiting for you', skipped: 'Skipped', stopped: 'Stopped', missed: 'Missed' };

/** "Fri 5 Dec, 18:00" (or "6:00 PM" in a 12-hour format), or "never" when there is no time: the user's format, as the kernel words a rule's trigger. */
export function when(iso: string | undefined, timeZone?: string, time: TimeFormatter = DEFAULT_TIME): string {
  if (!iso) return 'never';
  const at = new Date(iso);
  const options = timeZone ? { timeZone } : {};
  return `${time.weekday(at, options)}, ${time.clock(at, options)}`;
}

/** What the next run column says: a time, or why there is none. */
export function nextRunText(rule: RuleListItem, time: TimeFormatter = DEFAULT_TIME): string {
  if (rule.nextRunAt) return when(rule.nextRunAt, rule.trigger.kind === 'schedule' ? rule.trigger.timezone : undefined, time);
  if (rule.state !== 'active') return `none while ${STATE_LABELS[rule.state].toLowerCase()}`;
  switch (rule.trigger.kind) {
    case 'event':
      return 'when it happens';
    case 'file':
      return 'when a matching file arrives';
    case 'phrase':
      return `when you say “${rule.trigger.phrase}”`;
    case 'schedule':
      return 'not scheduled';
  }
}

/** "Done · Fri 5 Dec, 18:00", or "not yet". */
export function lastRunText(rule: RuleListItem, time: TimeFormatter = DEFAULT_TIME): string {
  return rule.lastRun ? `${RUN_LABELS[rule.lastRun.status]} · ${when(rule.lastRun.at, undefined, time)}` : 'not yet';
}
