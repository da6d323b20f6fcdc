/** A live countdown to an ISO time (reminders, timers), ticking with the shared clock. */
import { useNow } from '../../hooks/useNow';
import { formatCountdown } from '../../stores/slices/timers/selectors';

export function Countdown({ dueAt }: { dueAt: string }) {
  const now = useNow();
  const text = formatCountdown(dueAt, now);
  const due = new Date(dueAt);
  return (
    <time className={`countdown${text === 'now' ? ' due' : ''}`} dateTime={dueAt} title={due.toLocaleString()} aria-label={`due ${due.toLocaleString()}, in ${text}`}>
      {text}
    </time>
  );
}
