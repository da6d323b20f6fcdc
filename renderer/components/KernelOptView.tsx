/**
 * The kernel optimizer's live view: every run with its status and budget progress, and the shown
 * run in detail — best speedup, % of peak, the trajectory (the same plot card the chat uses) and
 * the best diff (a code card). While a run is running the list is re-read every 1.5 s, and every
 * 'progress' event of the skill refreshes it at once (stores/events.ts).
 */
import { useEffect } from 'react';
import type { KernelOptRunView } from '../bridge/contracts';
import { appStore, useApp } from '../stores/store';
import {
  formatSpeedup,
  runFraction,
  selectLive,
  selectStarting,
  selectKernelRuns,
  selectKernelRunsError,
  selectKernelRunsLoaded,
  selectSelectedRun,
  shownRun,
  trajectorySeries,
} from '../stores/slices/kernelopt/selectors';
import { ErrorBox } from './AgentMessage';
import { CardView } from './cards/CardView';
import { Icon } from './Icon';

/** How often a running run is re-read (progress events also refresh it between polls). */
export const POLL_MS = 1500;

const STATUS: Record<KernelOptRunView['status'], string> = { running: 'info', done: 'ok', failed: 'bad' };

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

function Progress({ run, label }: { run: KernelOptRunView; label: string }) {
  const pct = Math.round(runFraction(run) * 100);
  return (
    <div className="progress-track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={run.budget} aria-valuenow={run.evaluations}>
      <div className={`progress-fill${run.status === 'running' ? ' live' : ''}`} style={{ width: `${pct}%` }} />
    </div>
  );
}

function RunRow({ run, active, onSelect }: { run: KernelOptRunView; active: boolean; onSelect(): void }) {
  return (
    <li>
      <button type="button" className={`run-row${active ? ' active' : ''}`} aria-current={active ? 'true' : undefined} onClick={onSelect} data-run={run.id}>
        <div className="run-row-head">
          <span className="run-problem">{run.problem}</span>
          <span className={`badge ${STATUS[run.status]}`}>{run.status}</span>
        </div>
        <Progress run={run} label={`${run.problem}: ${run.evaluations} of ${run.budget} evaluations`} />
        <div className="run-row-foot muted small">
          <span>
            {run.backend} · {run.evaluations}/{run.budget}
          </span>
          <span className="mono">{formatSpeedup(run.bestSpeedup)}</span>
        </div>
      </button>
    </li>
  );
}

function Stat({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div className="stat">
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {detail && <div className="muted small">{detail}</div>}
    </div>
  );
}

function RunDetail({ run }: { run: KernelOptRunView }) {
  const points = trajectorySeries(run);
  const peak = run.peakPercent;
  return (
    <section className="run-detail" aria-label={`Run ${run.problem}`} data-run-detail={run.id} data-status={run.status}>
      <header className="run-detail-head">
        <div>
          <h2>
            {run.problem} <span className="muted">on {run.backend}</span>
          </h2>
          <div className="muted small">
            Started {when(run.startedAt)} · run <span className="mono">{run.id}</span>
          </div>
        </div>
        <span className={`badge ${STATUS[run.status]}`} role="status" aria-label={`Run ${run.status}`}>
          {run.status === 'running' && <span className="live-dot" aria-hidden />}
          {run.status}
        </span>
      </header>
      <div className="stat-grid">
        <Stat label="Evaluations" value={`${run.evaluations} / ${run.budget}`} detail={`${Math.round(runFraction(run) * 100)}% of the budget`} />
        <Stat label="Best speedup" value={formatSpeedup(run.bestSpeedup)} detail="over the naive reference" />
        <Stat label="% of peak" value={peak === null || peak === undefined ? '—' : `${peak.toFixed(peak >= 10 ? 0 : 1)}%`} detail="of the roofline limit" />
      </div>
      <Progress run={run} label={`${run.evaluations} of ${run.budget} evaluations`} />
      {points.length > 0 ? (
        <CardView card={{ type: 'plot', kind: 'line', title: 'Trajectory', xLabel: 'evaluation', yLabel: 'best speedup (×)', series: [{ name: 'best speedup', points }] }} onRun={() => undefined} />
      ) : (
        <p className="muted empty-inline">{run.status === 'running' ? 'Compiling and checking the first candidate…' : 'No candidate was timed in this run.'}</p>
      )}
      {run.bestDiff ? (
        <CardView card={{ type: 'code', title: 'Best change', language: 'diff', code: run.bestDiff }} onRun={() => undefined} />
      ) : (
        run.status !== 'running' && <p className="muted empty-inline">No correct candidate beat the reference.</p>
      )}
    </section>
  );
}

export function KernelOptView() {
  const runs = useApp(selectKernelRuns);
  const error = useApp(selectKernelRunsError);
  const loaded = useApp(selectKernelRunsLoaded);
  const selected = useApp(selectSelectedRun);
  const running = useApp(selectLive);
  const starting = useApp(selectStarting);
  const { loadKernelRuns, selectRun, setView, setDraft } = appStore().getState();

  useEffect(() => void loadKernelRuns(), [loadKernelRuns]);
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(() => void loadKernelRuns(), POLL_MS);
    return () => clearInterval(timer);
  }, [running, loadKernelRuns]);

  const run = shownRun(runs, selected);
  const live = runs.filter((r) => r.status === 'running').length;
  return (
    <div className="page">
      <header className="view-header">
        <div>
          <h1>Kernel optimizer</h1>
          <p className="muted">
            {runs.length} run{runs.length === 1 ? '' : 's'}
            {live > 0 && ` · ${live} running (live)`} · compile → check → time → improve, on this machine
          </p>
        </div>
        <button type="button" className="ghost" onClick={() => void loadKernelRuns()}>
          <Icon name="refresh" size={16} /> Refresh
        </button>
      </header>
      {error && <ErrorBox error={error} />}
      {starting && !runs.some((r) => r.status === 'running') && (
        <div className="run-starting" role="status" aria-label="A run is starting">
          <span className="live-dot" aria-hidden />
          <div>
            <div className="run-problem">A run asked for in the portal is starting</div>
            <div className="muted small">{starting.message ?? 'preparing the harness'} — it appears here after its first evaluation.</div>
          </div>
        </div>
      )}
      {loaded && runs.length === 0 && !starting ? (
        <div className="empty-state">
          <div className="empty-mark" aria-hidden>
            <Icon name="gauge" size={26} />
          </div>
          <h2>No optimization runs yet</h2>
          <p className="muted">
            Point AgentOS at a problem folder (a <span className="mono">problem.json</span>, a reference and a template) and it searches for a faster kernel that
            stays correct.
          </p>
          <button
            type="button"
            className="primary"
            onClick={() => {
              setView('chat');
              setDraft('optimize the rmsnorm kernel in ~/kernels/rmsnorm');
              setTimeout(() => window.dispatchEvent(new Event('agentos:focus-input')), 0);
            }}
          >
            Start one from the portal
          </button>
          <p className="muted small">
            or <span className="mono">agentos kernel-opt run DIR --backend cpu --budget 40</span>
          </p>
        </div>
      ) : (
        <div className="kopt-layout">
          <ul className="run-list" aria-label="Optimization runs">
            {runs.map((r) => (
              <RunRow key={r.id} run={r} active={r.id === run?.id} onSelect={() => selectRun(r.id)} />
            ))}
          </ul>
          {run && <RunDetail run={run} />}
        </div>
      )}
    </div>
  );
}
