/** Selectors for the timers slice, and the countdown text every live countdown shows. */
import type { AppState } from '../../state';

export const selectTimers = (s: AppState) => s.timers;
export const selectFired = (s: AppState) => s.fired;
export const selectTimersError = (s: AppState) => s.timersError;

/** "2:05", "1:02:03", "3d 4h", or "now" once due. */
export function formatCountdown(dueAt: string, now: number): string {
  const ms = new Date(dueAt).getTime() - now;
  if (!Number.isFinite(ms)) return '—';
  if (ms <= 0) return 'now';
  const total = Math.ceil(ms / 1000);
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  if (d > 0) return `${d}d ${h}h`;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(sec)}` : `${m}:${pad(sec)}`;
}
