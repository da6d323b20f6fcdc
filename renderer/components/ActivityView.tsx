/** Activity: every request with its outcome, the skill that served it and how long it took. */
import { useEffect } from 'react';
import { appStore, useApp } from '../stores/store';
import { activityStats, selectActivity, selectActivityError } from '../stores/slices/activity/selectors';
import { ErrorBox } from './AgentMessage';
import { Icon } from './Icon';
import { useTimeFormat } from '../hooks/useTimeFormat';

const OUTCOME: Record<string, string> = {
  served: 'ok',
  partial: 'warn',
  clarify: 'info',
  ask_slot: 'info',
  confirm: 'info',
  not_understood: 'muted',
  denied: 'bad',
  error: 'bad',
};

export function ActivityView() {
  const entries = useApp(selectActivity);
  const error = useApp(selectActivityError);
  const { loadActivity, send, setView } = appStore().getState();
  useEffect(() => void loadActivity(), [loadActivity]);
  const stats = activityStats(entries);
  const time = useTimeFormat();
  return (
    <div className="page">
      <header className="view-header">
        <div>
          <h1>Activity</h1>
          <p className="muted">
            {stats.total} requests · {stats.served} served · {stats.failed} failed
            {stats.medianMs !== null && ` · median ${stats.medianMs.toFixed(1)} ms`}
          </p>
        </div>
        <button type="button" className="ghost" onClick={() => void loadActivity()}>
          <Icon name="refresh" size={16} /> Refresh
        </button>
      </header>
      {error && <ErrorBox error={error} />}
      {entries.length === 0 ? (
        <p className="muted empty">No requests yet. What you ask in the portal, the CLI or by voice shows up here.</p>
      ) : (
        <div className="table-card">
          <table className="activity-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Request</th>
                <th scope="col">Skill</th>
                <th scope="col">Outcome</th>
                <th scope="col" className="num">
                  Duration
                </th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap muted">{time.dateTime(new Date(e.at))}</td>
                  <td className="request-cell">{e.text}</td>
                  <td className="mono small">{e.intent ?? e.skill ?? '—'}</td>
                  <td>
                    <span className={`badge ${OUTCOME[e.status] ?? 'muted'}`}>{e.status.replace('_', ' ')}</span>
                    <span className="muted small"> {e.source}</span>
                  </td>
                  <td className="num mono">{e.durationMs < 10 ? e.durationMs.toFixed(1) : Math.round(e.durationMs)} ms</td>
                  <td>
                    <button
                      type="button"
                      className="ghost small"
                      aria-label={`Run "${e.text}" again`}
                      onClick={() => {
                        setView('chat');
                        void send(e.text);
                      }}
                    >
                      Run again
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
