/** Selectors for the rules slice, and how the Rules view words a rule's state, times and runs. */
import type { RuleListItem, RuleRun } from '../../../bridge/contracts';
import type { AppState } from '../../state';

export const selectRules = (s: AppState) => s.rules;
export const selectRulesLoaded = (s: AppState) => s.rulesLoaded;
export const selectRulesError = (s: AppState) => s.rulesError;
export const selectRuleHistory = (s: AppState) => s.ruleHistory;
export const selectRuleDryRuns = (s: AppState) => s.ruleDryRuns;
export const selectRuleBusy = (s: AppState) => s.ruleBusy;

export const STATE_LABELS: Record<RuleListItem['state'], string> = { active: 'On', paused: 'Paused', stopped: 'Stopped', awaiting_approval: 'Waiting for your approval' };

export const RUN_LABELS: Record<RuleRun['status'], string> = { ok: 'Done', failed: 'Failed', waiting: 'Waiting for you', skipped: 'Skipped', stopped: 'Stopped', missed: 'Missed' };

/** "Fri 5 Dec, 18:00", or "never" when there is no time; 24-hour, as the kernel words a rule's trigger. */
export function when(iso: string | undefined, timeZone?: string): string {
  if (!iso) return 'never';
  return new Date(iso).toLocaleString([], { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(timeZone ? { timeZone } : {}) });
}

/** What the next run column says: a time, or why there is none. */
export function nextRunText(rule: RuleListItem): string {
  if (rule.nextRunAt) return when(rule.nextRunAt, rule.trigger.kind === 'schedule' ? rule.trigger.timezone : undefined);
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
export function lastRunText(rule: RuleListItem): string {
  return rule.lastRun ? `${RUN_LABELS[rule.lastRun.status]} · ${when(rule.lastRun.at)}` : 'not yet';
}
