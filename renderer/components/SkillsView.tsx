/** Installed skills: what each does, its intents and example commands, its permissions, and a switch. */
import { useMemo, useState } from 'react';
import { appStore, useApp } from '../stores/store';
import { filterSkills, selectSkills, selectSkillsError } from '../stores/slices/skills/selectors';
import type { InstalledSkill } from '../stores/slices/skills/slice';
import { ErrorBox } from './AgentMessage';
import { Icon } from './Icon';
import { InstallDialog } from './InstallDialog';
import { selectInstallOpen } from '../stores/slices/install/selectors';

function Switch({ checked, label, onChange }: { checked: boolean; label: string; onChange(v: boolean): void }) {
  return (
    <button type="button" role="switch" aria-checked={checked} aria-label={label} className={`switch${checked ? ' on' : ''}`} onClick={() => onChange(!checked)}>
      <span className="knob" />
    </button>
  );
}

/** "community", and "unsigned" beside it when no key vouches for the skill (anyone could have made it). */
function CommunityMark({ skill }: { skill: InstalledSkill }) {
  return (
    <>
      {' · '}
      <span title={skill.signedBy ? `Signed by key ${skill.signedBy}` : undefined} data-testid="community">
        community
      </span>
      {skill.unsigned && (
        <>
          {' '}
          <span className="badge warn" data-testid="unsigned" title="No key vouches for this skill: anyone could have made it, whatever its publisher name says.">
            unsigned
          </span>
        </>
      )}
    </>
  );
}

function SkillCard({ skill, onTry }: { skill: InstalledSkill; onTry(text: string): void }) {
  const [open, setOpen] = useState(false);
  const { setSkillEnabled } = appStore().getState();
  return (
    <article className={`skill-card${skill.enabled ? '' : ' disabled'}`} aria-label={skill.name} data-skill={skill.id}>
      <header className="skill-head">
        <div className="skill-icon" aria-hidden>
          {skill.name.slice(0, 1).toUpperCase()}
        </div>
        <div className="skill-title">
          <h2>{skill.name}</h2>
          <div className="muted small">
            {skill.id} · v{skill.version} · {skill.publisher}
            {skill.builtin ? ' · built-in' : <CommunityMark skill={skill} />}
          </div>
        </div>
        <Switch checked={skill.enabled} label={`${skill.enabled ? 'Disable' : 'Enable'} ${skill.name}`} onChange={(v) => void setSkillEnabled(skill.id, v)} />
      </header>
      <p className="skill-desc">{skill.description}</p>
      <div className="perm-row">
        {skill.permissions.length === 0 ? (
          <span className="perm none">
            <Icon name="shield" size={13} /> no permissions
          </span>
        ) : (
          skill.permissions.map((p, i) => (
            <span key={i} className="perm" title={p.reason ?? ''}>
              <Icon name="shield" size={13} /> {p.kind}
              {p.scope.length > 0 && <span className="scope">{p.scope.join(', ')}</span>}
            </span>
          ))
        )}
      </div>
      <button type="button" className="ghost small expander" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Hide' : 'Show'} {skill.intents.length} intent{skill.intents.length === 1 ? '' : 's'}
      </button>
      {open && (
        <ul className="intent-list">
          {skill.intents.map((i) => (
            <li key={i.id}>
              <div className="intent-desc">{i.description}</div>
              <div className="examples">
                {i.examples.map((ex) => (
                  <button key={ex} type="button" className="chip small" disabled={!skill.enabled} onClick={() => onTry(ex)} title="Try it in the portal">
                    {ex}
                  </button>
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

export function SkillsView() {
  const skills = useApp(selectSkills);
  const error = useApp(selectSkillsError);
  const [query, setQuery] = useState('');
  const shown = useMemo(() => filterSkills(skills, query), [skills, query]);
  const { send, setView, openInstall } = appStore().getState();
  const installOpen = useApp(selectInstallOpen);
  const enabled = skills.filter((s) => s.enabled).length;
  return (
    <div className="page">
      <header className="view-header">
        <div>
          <h1>Skills</h1>
          <p className="muted">
            {skills.length} installed · {enabled} enabled
          </p>
        </div>
        <div className="view-header-actions">
          <label className="search">
            <Icon name="search" size={16} />
            <input type="search" placeholder="Filter skills" aria-label="Filter skills" value={query} onChange={(e) => setQuery(e.target.value)} />
          </label>
          <button type="button" className="primary" onClick={openInstall}>
            Install skill…
          </button>
        </div>
      </header>
      {installOpen && <InstallDialog />}
      {error && <ErrorBox error={error} />}
      <div className="skill-grid">
        {shown.map((s) => (
          <SkillCard
            key={s.id}
            skill={s}
            onTry={(text) => {
              setView('chat');
              void send(text);
            }}
          />
        ))}
        {shown.length === 0 && <p className="muted">No skill matches “{query}”.</p>}
      </div>
    </div>
  );
}
