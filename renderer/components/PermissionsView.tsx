/**
 * Permissions: what each skill is allowed to do right now (kind, scope, how long), grouped by
 * skill, with a Revoke button that asks for confirmation first. Revoking takes effect at once in
 * the kernel (the next use asks again or is denied) and is recorded in the audit log.
 */
import { useEffect, useMemo, useState } from 'react';
import type { GrantView } from '../bridge/contracts';
import { appStore, useApp } from '../stores/store';
import { KIND_LABELS, describeDuration, grantsBySkill, selectGrants, selectGrantsError, selectGrantsLoaded } from '../stores/slices/grants/selectors';
import { selectSkills } from '../stores/slices/skills/selectors';
import { ErrorBox } from './AgentMessage';
import { ConfirmDialog } from './ConfirmDialog';
import { Icon } from './Icon';
import { useNow } from '../hooks/useNow';
import { useTimeFormat } from '../hooks/useTimeFormat';
import { formatDay } from '../time/format';

function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

function ConfirmRevoke({ grant, skillName, onCancel, onConfirm }: { grant: GrantView; skillName: string; onCancel(): void; onConfirm(): void }) {
  return (
    <ConfirmDialog icon="shield" title={`Revoke “${kindLabel(grant.permission.kind)}” for ${skillName}?`} confirmLabel="Revoke" onCancel={onCancel} onConfirm={onConfirm}>
      {skillName} will no longer be allowed <span className="mono">{grant.permission.kind}</span>
      {grant.permission.scope.length > 0 && (
        <>
          {' '}
          on <span className="mono">{(grant.resolved ?? grant.permission.scope).join(', ')}</span>
        </>
      )}
      . Requests that need it will ask again or be refused. You can grant it again when it asks.
    </ConfirmDialog>
  );
}

function GrantRow({ grant, onRevoke }: { grant: GrantView; onRevoke(): void }) {
  const now = useNow();
  const time = useTimeFormat();
  const expired = grant.duration === 'until' && grant.expiresAt !== undefined && Date.parse(grant.expiresAt) <= now;
  return (
    <li className="grant-row" data-grant={grant.id} data-kind={grant.permission.kind}>
      <span className="grant-icon" aria-hidden>
        <Icon name="shield" size={15} />
      </span>
      <div className="grant-main">
        <div className="grant-kind">
          {kindLabel(grant.permission.kind)} <span className="mono muted small">{grant.permission.kind}</span>
        </div>
        <div className="grant-scope">
          {grant.permission.scope.length === 0 ? (
            <span className="muted small">no scope limit for this kind</span>
          ) : (
            // The resolved absolute path is what the user really granted; the declared form is its tooltip.
            grant.permission.scope.map((s, i) => (
              <span key={s} className="scope-chip mono" title={`declared as ${s}`}>
                {grant.resolved?.[i] ?? s}
              </span>
            ))
          )}
        </div>
      </div>
      <div className="grant-when">
        <span className={`badge ${expired ? 'bad' : grant.duration === 'always' ? '' : 'info'}`}>{describeDuration(grant, now, time)}</span>
        <span className="muted small">granted {formatDay(new Date(grant.grantedAt))}</span>
      </div>
      <button type="button" className="ghost small danger-text" onClick={onRevoke} aria-label={`Revoke ${grant.permission.kind} for ${grant.skill}`}>
        Revoke
      </button>
    </li>
  );
}

export function PermissionsView() {
  const grants = useApp(selectGrants);
  const error = useApp(selectGrantsError);
  const loaded = useApp(selectGrantsLoaded);
  const skills = useApp(selectSkills);
  const [confirming, setConfirming] = useState<GrantView | null>(null);
  const { loadGrants, revokeGrant, loadSkills } = appStore().getState();
  // Skills too: a skill installed from the CLI meanwhile should show its name, not only its id.
  useEffect(() => {
    void loadGrants();
    void loadSkills();
  }, [loadGrants, loadSkills]);
  const groups = useMemo(() => grantsBySkill(grants), [grants]);
  const names = useMemo(() => new Map(skills.map((s) => [s.id, s])), [skills]);
  const nameOf = (id: string) => names.get(id)?.name ?? id;

  return (
    <div className="page">
      <header className="view-header">
        <div>
          <h1>Permissions</h1>
          <p className="muted">
            {grants.length} active grant{grants.length === 1 ? '' : 's'} across {groups.length} skill{groups.length === 1 ? '' : 's'} · every use is written to the audit log
          </p>
        </div>
        <button type="button" className="ghost" onClick={() => void loadGrants()}>
          <Icon name="refresh" size={16} /> Refresh
        </button>
      </header>
      {error && <ErrorBox error={error} />}
      {loaded && grants.length === 0 ? (
        <div className="empty-state">
          <div className="empty-mark" aria-hidden>
            <Icon name="shield" size={26} />
          </div>
          <h2>No skill holds a permission</h2>
          <p className="muted">When a skill needs files, programs, the network or notifications, it asks first; what you allow appears here, and you can take it back at any time.</p>
        </div>
      ) : (
        <div className="grant-groups">
          {groups.map((g) => {
            const skill = names.get(g.skill);
            return (
              <section key={g.skill} className="grant-group" aria-label={`Permissions of ${nameOf(g.skill)}`} data-skill={g.skill}>
                <header className="skill-head">
                  <div className="skill-icon" aria-hidden>
                    {nameOf(g.skill).slice(0, 1).toUpperCase()}
                  </div>
                  <div className="skill-title">
                    <h2>{nameOf(g.skill)}</h2>
                    <div className="muted small">
                      {g.skill}
                      {skill ? ` · ${skill.builtin ? 'built-in' : `community · ${skill.publisher}`}` : ''} · {g.grants.length} grant{g.grants.length === 1 ? '' : 's'}
                    </div>
                  </div>
                </header>
                <ul className="grant-list">
                  {g.grants.map((grant) => (
                    <GrantRow key={grant.id} grant={grant} onRevoke={() => setConfirming(grant)} />
                  ))}
                </ul>
              </section>
            );
          })}
        </div>
      )}
      {confirming && (
        <ConfirmRevoke
          grant={confirming}
          skillName={nameOf(confirming.skill)}
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            const id = confirming.id;
            setConfirming(null);
            void revokeGrant(id);
          }}
        />
      )}
    </div>
  );
}
