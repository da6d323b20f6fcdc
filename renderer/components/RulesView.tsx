/**
 * Rules: the automations made in plain language, each with its trigger, what it does, its state,
 * its last run (and how it went) and its next run; its history on demand; Pause / Resume, Delete
 * (asked first), Run now, and Dry run, which says what running it now would do without running
 * it. The list follows rules firing (kernel notifications) and changes made elsewhere (on focus).
 */
import { useEffect, useState } from 'react';
import type { RuleDryRun, RuleListItem, RuleRun } from '../bridge/contracts';
import { appStore, useApp } from '../stores/store';
import { RUN_LABELS, STATE_LABELS, lastRunText, nextRunText, selectRuleBusy, selectRuleDryRuns, selectRuleHistory, selectRules, selectRulesError, selectRulesLoaded, when } from '../stores/slices/rules/selectors';
import { ErrorBox } from './AgentMessage';
import { ConfirmDialog } from './ConfirmDialog';
import { Icon } from './Icon';
import { useTimeFormat } from '../hooks/useTimeFormat';
import './rules.css';

const EXAMPLE = 'every day at 6pm remind me to stretch';

function ConfirmDelete({ rule, onCancel, onConfirm }: { rule: RuleListItem; onCancel(): void; onConfirm(): void }) {
  return (
    <ConfirmDialog icon="trash" title={`Delete rule ${rule.id}?`} confirmLabel="Delete" onCancel={onCancel} onConfirm={onConfirm}>
      “{rule.source}” will no longer run. Its history goes too. To stop it for a while instead, pause it.
    </ConfirmDialog>
  );
}

function DryRun({ plan }: { plan: RuleDryRun }) {
  return (
    <section className="rule-dryrun" aria-label={`Dry run of rule ${plan.ruleId}`}>
      <strong>{plan.wouldRun ? 'If it ran now' : 'It would not run now'}</strong>
      <p className="small">{plan.summary}</p>
      {plan.actions.length > 0 && (
        <ul>
          {plan.actions.map((a, i) => (
            <li key={i}>
              “{a.text}”: {a.steps.map((s) => s.description).join(', then ')}
              {a.fillsTime ? ' (for the moment it runs)' : ''}
            </li>
          ))}
        </ul>
      )}
      {[...plan.problems, ...plan.notes].map((p) => (
        <p key={p} className="muted small">
          {p}
        </p>
      ))}
    </section>
  );
}

function History({ runs }: { runs: RuleRun[] | undefined }) {
  const time = useTimeFormat();
  if (!runs) return <p className="muted small">Loading its history…</p>;
  if (runs.length === 0) return <p className="muted small">It has not run yet.</p>;
  return (
    <ul>
      {runs.map((r) => (
        <li key={r.id} data-run-status={r.status}>
          <span className={`badge ${r.status === 'ok' ? 'ok' : r.status === 'failed' || r.status === 'stopped' ? 'bad' : ''}`}>{RUN_LABELS[r.status]}</span> {when(r.at, undefined, time)} · {r.cause}
          <div className="muted small">{r.detail.split('\n')[0]}</div>
        </li>
      ))}
    </ul>
  );
}

function RuleCard({ rule, onDelete }: { rule: RuleListItem; onDelete(): void }) {
  const history = useApp(selectRuleHistory)[rule.id];
  const plan = useApp(selectRuleDryRuns)[rule.id];
  const busy = useApp(selectRuleBusy) === rule.id;
  const [open, setOpen] = useState(false);
  const { ruleAction, dryRunRule, loadRuleHistory } = appStore().getState();
  const time = useTimeFormat();
  const active = rule.state === 'active';
  return (
    <li className={`rule-card${active ? '' : ' inactive'}`} data-rule={rule.id} data-state={rule.state}>
      <header className="rule-head">
        <h2>
          Rule {rule.id}: {rule.name}
        </h2>
        <span className={`badge ${active ? 'ok' : rule.state === 'stopped' ? 'bad' : 'info'}`}>{STATE_LABELS[rule.state]}</span>
      </header>
      {rule.reason && !active && <p className="rule-reason">{rule.reason}</p>}
      <dl className="rule-facts">
        <dt>When</dt>
        <dd className="rule-trigger">{rule.trigger.description}</dd>
        <dt>Does</dt>
        <dd>
          <ol className="rule-actions-list">
            {rule.actions.map((a, i) => (
              <li key={i} className="rule-action">
                {a.text} <span className="muted small">({a.steps.map((s) => s.description).join(', then ')})</span>
              </li>
            ))}
          </ol>
        </dd>
        <dt>Last run</dt>
        <dd className="rule-last">{lastRunText(rule, time)}</dd>
        <dt>Next run</dt>
        <dd className="rule-next">{nextRunText(rule, time)}</dd>
      </dl>
      <div className="rule-buttons">
        <button type="button" className="ghost small" disabled={busy} onClick={() => void ruleAction(rule.id, 'run')}>
          Run now
        </button>
        <button type="button" className="ghost small" disabled={busy} onClick={() => void dryRunRule(rule.id)}>
          Dry run
        </button>
        {rule.state === 'active' ? (
          <button type="button" className="ghost small" disabled={busy} onClick={() => void ruleAction(rule.id, 'pause')}>
            Pause
          </button>
        ) : (
          <button type="button" className="ghost small" disabled={busy} onClick={() => void ruleAction(rule.id, 'resume')}>
            {rule.state === 'awaiting_approval' ? 'Approve' : 'Resume'}
          </button>
        )}
        <button type="button" className="ghost small danger-text" disabled={busy} onClick={onDelete} aria-label={`Delete rule ${rule.id}`}>
          Delete
        </button>
        <button
          type="button"
          className="ghost small"
          aria-expanded={open}
          onClick={() => {
            if (!open) void loadRuleHistory(rule.id);
            setOpen(!open);
          }}
        >
          History ({rule.runs})
        </button>
      </div>
      {plan && <DryRun plan={plan} />}
      {open && (
        <section className="rule-history" aria-label={`History of rule ${rule.id}`}>
          <History runs={history} />
        </section>
      )}
    </li>
  );
}

export function RulesView() {
  const rules = useApp(selectRules);
  const loaded = useApp(selectRulesLoaded);
  const error = useApp(selectRulesError);
  const [deleting, setDeleting] = useState<RuleListItem | null>(null);
  const { loadRules, ruleAction } = appStore().getState();
  useEffect(() => {
    void loadRules();
    // Rules changed from the CLI or another window while the portal was in the background.
    const onFocus = () => void loadRules();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [loadRules]);
  const on = rules.filter((r) => r.state === 'active').length;

  return (
    <div className="page">
      <header className="view-header">
        <div>
          <h1>Rules</h1>
          <p className="muted">
            {rules.length === 0 ? 'No automations yet.' : `${rules.length} automation${rules.length === 1 ? '' : 's'}, ${on} on`} · every run is written to the activity and audit logs
          </p>
        </div>
        <button type="button" className="ghost" onClick={() => void loadRules()}>
          <Icon name="refresh" size={16} /> Refresh
        </button>
      </header>
      {error && <ErrorBox error={error} />}
      {loaded && rules.length === 0 ? (
        <div className="empty-state">
          <div className="empty-mark" aria-hidden>
            <Icon name="refresh" size={26} />
          </div>
          <h2>No automations yet</h2>
          <p className="muted">
            Make one by saying it in the Portal, e.g. <span className="rule-empty-example">{EXAMPLE}</span>. You see what it will do and confirm it before it is saved; it then appears here.
          </p>
          <button type="button" className="ghost" onClick={() => appStore().getState().setView('chat')}>
            Go to the Portal
          </button>
        </div>
      ) : (
        <ul className="rule-list" aria-label="Your automations">
          {rules.map((r) => (
            <RuleCard key={r.id} rule={r} onDelete={() => setDeleting(r)} />
          ))}
        </ul>
      )}
      {deleting && (
        <ConfirmDelete
          rule={deleting}
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const id = deleting.id;
            setDeleting(null);
            void ruleAction(id, 'delete');
          }}
        />
      )}
    </div>
  );
}
