/** A live countdown to an ISO time (reminders, timers), ticking with the shared clock; its due time in the user's format. */
import { useNow } from '../../hooks/useNow';
import { useTimeFormat } from '../../hooks/useTimeFormat';
import { formatCountdown } from '../../time/format';

export function Countdown({ dueAt }: { dueAt: string }) {
  const now = useNow();
  const time = useTimeFormat();
  const text = formatCountdown(dueAt, now);
  const due = new Date(dueAt);
  const when = Number.isFinite(due.getTime()) ? `due ${time.due(due, new Date(now))}` : 'due time unknown';
  return (
    <time className={`countdown${text === 'now' ? ' due' : ''}`} dateTime={dueAt} title={when} aria-label={when}>
      {text}
    </time>
  );
}
