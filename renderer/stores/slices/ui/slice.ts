/** Which view is open, the theme, the command palette, in-page notifications and the connection state. */
import type { SliceCreator } from '../../slice-creator';

/** The portal's own views. */
export type FixedView = 'chat' | 'skills' | 'activity' | 'timers' | 'rules' | 'permissions' | 'settings';
/** A view a skill contributes (manifest `contributes.views`), rendered generically: `skill:<skillId>/<viewId>`. */
export type SkillViewRoute = `skill:${string}/${string}`;
export type View = FixedView | SkillViewRoute;
export type Theme = 'system' | 'light' | 'dark';

export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'warning' | 'error' | 'reminder';
  title: string;
  body?: string;
}

export interface UiSlice {
  view: View;
  theme: Theme;
  paletteOpen: boolean;
  toasts: Toast[];
  connection: 'connecting' | 'open' | 'closed';
  setView(view: View): void;
  setTheme(theme: Theme): void;
  setPaletteOpen(open: boolean): void;
  pushToast(toast: Omit<Toast, 'id'>): number;
  dismissToast(id: number): void;
  setConnection(state: UiSlice['connection']): void;
}

export function skillViewRoute(skill: string, view: string): SkillViewRoute {
  return `skill:${skill}/${view}`;
}

/** The skill and view of a contributed view's route; undefined for the portal's own views. */
export function parseSkillViewRoute(view: View): { skill: string; view: string } | undefined {
  const m = /^skill:([^/]+)\/(.+)$/.exec(view);
  return m ? { skill: m[1]!, view: m[2]! } : undefined;
}

/** Enough to read; more would cover the portal. */
export const MAX_TOASTS = 4;

let toastIds = 0;

export const createUiSlice: SliceCreator<UiSlice> = (bridge) => (set) => ({
  view: 'chat',
  theme: 'system',
  paletteOpen: false,
  toasts: [],
  connection: 'connecting',
  setView: (view) => set({ view, paletteOpen: false }),
  setTheme: (theme) => {
    set({ theme });
    // Persist in the profile so the Electron window and the browser agree; a failure only loses persistence.
    bridge['settings.set']({ key: 'ui.theme', value: theme }).catch(() => undefined);
  },
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
  pushToast: (toast) => {
    const id = ++toastIds;
    set((s) => ({ toasts: [...s.toasts, { ...toast, id }].slice(-MAX_TOASTS) }));
    return id;
  },
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  setConnection: (connection) => set({ connection }),
});
