/** Reminders and timers: live countdowns, cancel, a quick reminder form, and the ones that fired. */
import { useEffect, useState } from 'react';
import { appStore, useApp } from '../stores/store';
import { selectFired, selectTimers, selectTimersError } from '../stores/slices/timers/selectors';
import { ErrorBox } from './AgentMessage';
import { Countdown } from './cards/Countdown';
import { Icon } from './Icon';
import { useNow } from '../hooks/useNow';
import { useTimeFormat } from '../hooks/useTimeFormat';

export function TimersView() {
  const timers = useApp(selectTimers);
  const fired = useApp(selectFired);
  const error = useApp(selectTimersError);
  const { loadTimers, cancelTimer, scheduleTimer } = appStore().getState();
  const time = useTimeFormat();
  const now = new Date(useNow());
  const [what, setWhat] = useState('');
  const [minutes, setMinutes] = useState('10');
  useEffect(() => void loadTimers(), [loadTimers]);

  return (
    <div className="page">
      <header className="view-header">
        <div>
          <h1>Reminders &amp; timers</h1>
          <p className="muted">{timers.length === 0 ? 'Nothing scheduled.' : `${timers.length} pending`}</p>
        </div>
      </header>
      <form
        className="quick-reminder"
        onSubmit={(e) => {
          e.preventDefault();
          if (!what.trim()) return;
          void scheduleTimer({ kind: 'reminder', title: what.trim(), inMs: Number(minutes) * 60_000 });
          setWhat('');
        }}
      >
        <Icon name="bell" />
        <label className="sr-only" htmlFor="quick-what">
          Remind me to
        </label>
        <input id="quick-what" placeholder="Remind me to…" value={what} onChange={(e) => setWhat(e.target.value)} />
        <label className="sr-only" htmlFor="quick-when">
          In how many minutes
        </label>
        <select id="quick-when" value={minutes} onChange={(e) => setMinutes(e.target.value)}>
          {['1', '5', '10', '15', '30', '60'].map((m) => (
            <option key={m} value={m}>
              in {m} min
            </option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={!what.trim()}>
          Add
        </button>
      </form>
      {error && <ErrorBox error={error} />}
      <ul className="timer-list" aria-label="Pending reminders and timers">
        {timers.map((t) => (
          <li key={t.id} className="timer-row" data-timer={t.id}>
            <span className={`kind-dot ${t.kind}`} aria-hidden>
              <Icon name={t.kind === 'timer' ? 'timer' : 'bell'} size={16} />
            </span>
            <div className="timer-main">
              <div className="timer-title">{t.title}</div>
              <div className="muted small">
                {t.kind === 'timer' ? 'Timer' : 'Reminder'} {time.due(new Date(t.dueAt), now)} · {t.skill}
              </div>
            </div>
            <Countdown dueAt={t.dueAt} />
            <button type="button" className="icon-button" aria-label={`Cancel ${t.kind} ${t.title}`} title="Cancel" onClick={() => void cancelTimer(t.id)}>
              <Icon name="x" size={16} />
            </button>
          </li>
        ))}
      </ul>
      {fired.length > 0 && (
        <>
          <h2 className="section-title">Recently fired</h2>
          <ul className="timer-list fired" aria-label="Recently fired">
            {fired.map((t) => (
              <li key={t.id} className="timer-row">
                <span className="kind-dot done" aria-hidden>
                  <Icon name="check" size={16} />
                </span>
                <div className="timer-main">
                  <div className="timer-title">{t.title}</div>
                  <div className="muted small">
                    {t.missed ? 'Missed while AgentOS was closed: ' : ''}due {time.due(new Date(t.dueAt), now)}
                  </div>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
