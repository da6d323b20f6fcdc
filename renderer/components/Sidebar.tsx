/** The navigation rail: the portal's views, the views skills contribute, the pending-reminder count, connection state and theme. */
import { useMemo } from 'react';
import { appStore, useApp } from '../stores/store';
import { selectConnection, selectView } from '../stores/slices/ui/selectors';
import { selectTimers } from '../stores/slices/timers/selectors';
import { selectSkills } from '../stores/slices/skills/selectors';
import { contributedViews } from '../stores/slices/skillviews/selectors';
import { FIXED_VIEWS, skillNavTargets, type NavTarget } from './navigation';
import { Icon } from './Icon';

function NavItem({ target, active, count }: { target: NavTarget; active: boolean; count?: number }) {
  return (
    <li>
      <button
        type="button"
        className={`nav-item${active ? ' active' : ''}`}
        aria-current={active ? 'page' : undefined}
        onClick={() => appStore().getState().setView(target.view)}
        title={target.key ? `${target.title} (Ctrl+${target.key})` : target.title}
        data-view={target.view}
      >
        <Icon name={target.icon} />
        <span className="nav-title">{target.title}</span>
        {count !== undefined && count > 0 && (
          <span className="count" aria-label={`${count} pending`}>
            {count}
          </span>
        )}
      </button>
    </li>
  );
}

export function Sidebar({ resolvedTheme, mode }: { resolvedTheme: 'light' | 'dark'; mode: 'electron' | 'browser' }) {
  const view = useApp(selectView);
  const connection = useApp(selectConnection);
  const pending = useApp(selectTimers).length;
  const skills = useApp(selectSkills);
  const skillViews = useMemo(() => skillNavTargets(contributedViews(skills)), [skills]);
  const { setTheme, setPaletteOpen } = appStore().getState();
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <img src="./icon.svg" alt="" width={28} height={28} />
        <span>AgentOS</span>
      </div>
      <ul className="nav">
        {FIXED_VIEWS.map((v) => (
          <NavItem key={v.view} target={v} active={view === v.view} {...(v.view === 'timers' ? { count: pending } : {})} />
        ))}
      </ul>
      {skillViews.length > 0 && (
        <>
          <div className="nav-group" id="nav-skill-views">
            From skills
          </div>
          <ul className="nav" aria-labelledby="nav-skill-views">
            {skillViews.map((v) => (
              <NavItem key={v.view} target={v} active={view === v.view} />
            ))}
          </ul>
        </>
      )}
      <div className="sidebar-foot">
        <button type="button" className="nav-item palette-hint" onClick={() => setPaletteOpen(true)} aria-label="Open the command palette">
          <Icon name="command" />
          <span>Commands</span>
          <kbd>Ctrl K</kbd>
        </button>
        <button type="button" className="nav-item" onClick={() => setTheme(resolvedTheme === 'dark' ? 'light' : 'dark')} aria-label={`Switch to ${resolvedTheme === 'dark' ? 'light' : 'dark'} theme`}>
          <Icon name={resolvedTheme === 'dark' ? 'sun' : 'moon'} />
          <span>{resolvedTheme === 'dark' ? 'Light' : 'Dark'} theme</span>
        </button>
        <div className={`conn ${connection}`} role="status" aria-label={`Kernel ${connection === 'open' ? 'connected' : connection}`}>
          <span className="dot" />
          <span className="conn-text">{connection === 'open' ? `Kernel connected · ${mode === 'electron' ? 'desktop' : 'browser'}` : connection === 'connecting' ? 'Connecting…' : 'Kernel offline — retrying'}</span>
        </div>
      </div>
    </nav>
  );
}
