/** Selectors for the timers slice, and the countdown text every live countdown shows. */
import type { AppState } from '../../state';

export const selectTimers = (s: AppState) => s.timers;
export const selectFired = (s: AppState) => s.fired;
export const selectTimersError = (s: AppState) => s.timersError;

/** The countdown every live countdown shows ("2:05", "1:02:03", "2 d 1 h", "now"): one formatter for the portal's times. */
export { formatCountdown } from '../../../time/format';
