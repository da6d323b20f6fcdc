/** The navigation rail: the views, the pending-reminder count, connection state and theme. */
import { appStore, useApp } from '../stores/store';
import { selectConnection, selectView } from '../stores/slices/ui/selectors';
import { selectTimers } from '../stores/slices/timers/selectors';
import type { View } from '../stores/slices/ui/slice';
import { VIEWS } from './palette-commands';
import { Icon, type IconName } from './Icon';

const ICONS: Record<View, IconName> = { chat: 'chat', skills: 'skills', activity: 'activity', timers: 'timer', kernelopt: 'gauge', permissions: 'shield', settings: 'settings' };

export function Sidebar({ resolvedTheme, mode }: { resolvedTheme: 'light' | 'dark'; mode: 'electron' | 'browser' }) {
  const view = useApp(selectView);
  const connection = useApp(selectConnection);
  const pending = useApp(selectTimers).length;
  const { setView, setTheme, setPaletteOpen } = appStore().getState();
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <img src="./icon.svg" alt="" width={28} height={28} />
        <span>AgentOS</span>
      </div>
      <ul className="nav">
        {VIEWS.map((v) => (
          <li key={v.view}>
            <button type="button" className={`nav-item${view === v.view ? ' active' : ''}`} aria-current={view === v.view ? 'page' : undefined} onClick={() => setView(v.view)} title={`${v.title} (Ctrl+${v.key})`}>
              <Icon name={ICONS[v.view]} />
              <span>{v.title}</span>
              {v.view === 'timers' && pending > 0 && (
                <span className="count" aria-label={`${pending} pending`}>
                  {pending}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
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
          {connection === 'open' ? `Kernel connected · ${mode === 'electron' ? 'desktop' : 'browser'}` : connection === 'connecting' ? 'Connecting…' : 'Kernel offline — retrying'}
        </div>
      </div>
    </nav>
  );
}
