/** Selectors for the activity slice. */
import type { HistoryEntry } from '../../../bridge/contracts';
import type { AppState } from '../../state';

export const selectActivity = (s: AppState) => s.activity;
export const selectActivityError = (s: AppState) => s.activityError;

/** Counts and median duration of the listed requests, for the header of the activity view. */
export function activityStats(entries: readonly HistoryEntry[]): { total: number; served: number; failed: number; medianMs: number | null } {
  const served = entries.filter((e) => e.status === 'served').length;
  const failed = entries.filter((e) => e.status === 'error' || e.status === 'denied' || e.status === 'partial').length;
  const sorted = entries.map((e) => e.durationMs).sort((a, b) => a - b);
  const medianMs = sorted.length ? (sorted[Math.floor((sorted.length - 1) / 2)] ?? null) : null;
  return { total: entries.length, served, failed, medianMs };
}
