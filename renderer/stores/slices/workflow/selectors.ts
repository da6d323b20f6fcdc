/** Selectors for the workflow-suggestion slice, and how the chip phrases a suggestion. */
import type { AppState } from '../../state';
import type { WorkflowSuggestion } from './slice';

export const selectWorkflowSuggestion = (s: AppState) => s.workflowSuggestion;

/**
 * The miner's reason is `after "X" you usually "Y" (3 of 4 times)`: split it so the chip can show
 * the habit and the count apart. Anything else is shown as it came.
 */
export function phraseSuggestion(s: WorkflowSuggestion): { after: string | null; next: string; count: string | null } {
  const m = /^after "(.*)" you usually "(.*)"(?: \((.+)\))?$/.exec(s.reason);
  if (!m) return { after: null, next: s.request, count: null };
  return { after: m[1]!, next: s.request, count: m[3] ?? null };
}
