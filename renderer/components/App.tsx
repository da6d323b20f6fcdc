/** The portal's frame: sidebar, the open view, the command palette, notifications, keyboard shortcuts and theme. */
import { useEffect, useSyncExternalStore } from 'react';
import type { BridgeApi } from '../bridge/contracts';
import { appStore, useApp } from '../stores/store';
import { resolveTheme, selectTheme, selectView } from '../stores/slices/ui/selectors';
import { parseSkillViewRoute } from '../stores/slices/ui/slice';
import { contributedViews } from '../stores/slices/skillviews/selectors';
import { ActivityView } from './ActivityView';
import { ChatView } from './ChatView';
import { CommandPalette } from './CommandPalette';
import { SettingsView } from './SettingsView';
import { Sidebar } from './Sidebar';
import { SkillsView } from './SkillsView';
import { TimersView } from './TimersView';
import { PermissionsView } from './PermissionsView';
import { RulesView } from './RulesView';
import { SkillView } from './SkillView';
import { Toasts, ViewNotice } from './Toasts';
import { skillNavTargets, viewForKey } from './navigation';

const dark = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined;
const subscribeDark = (cb: () => void) => {
  dark?.addEventListener('change', cb);
  return () => dark?.removeEventListener('change', cb);
};

export function App({ bridge, mode }: { bridge: BridgeApi; mode: 'electron' | 'browser' }) {
  const view = useApp(selectView);
  const skillView = parseSkillViewRoute(view);
  const theme = useApp(selectTheme);
  const prefersDark = useSyncExternalStore(subscribeDark, () => dark?.matches ?? false);
  const resolved = resolveTheme(theme, prefersDark);

  useEffect(() => {
    document.documentElement.dataset.theme = resolved;
  }, [resolved]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const st = appStore().getState();
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        st.setPaletteOpen(!st.paletteOpen);
        return;
      }
      const target = mod && !e.shiftKey && !e.altKey ? viewForKey(e.key, skillNavTargets(contributedViews(st.skills))) : undefined;
      if (target) {
        e.preventDefault();
        st.setView(target);
        return;
      }
      const typing = e.target instanceof HTMLElement && (e.target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName));
      if (e.key === '/' && !typing && !st.paletteOpen) {
        e.preventDefault();
        st.setView('chat');
        setTimeout(() => window.dispatchEvent(new Event('agentos:focus-input')), 0);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Sidebar resolvedTheme={resolved} mode={mode} />
      <main id="main" className="content" tabIndex={-1}>
        <ViewNotice />
        {view === 'chat' && <ChatView bridge={bridge} />}
        {view === 'skills' && <SkillsView />}
        {view === 'activity' && <ActivityView />}
        {view === 'timers' && <TimersView />}
        {view === 'rules' && <RulesView />}
        {view === 'permissions' && <PermissionsView />}
        {view === 'settings' && <SettingsView />}
        {skillView && <SkillView key={view} skill={skillView.skill} view={skillView.view} />}
      </main>
      <CommandPalette resolvedTheme={resolved} />
      <Toasts />
    </div>
  );
}
