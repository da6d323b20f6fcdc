/** Which view is open, the theme, the command palette, in-page notifications and the connection state. */
import type { SliceCreator } from '../../slice-creator';
import { answerShows, skillErrorToast, withToast, type SkillError, type Toast } from './toasts';

export { MAX_TOASTS, type Toast } from './toasts';

/** The portal's own views. */
export type FixedView = 'chat' | 'skills' | 'activity' | 'timers' | 'rules' | 'permissions' | 'settings';
/** A view a skill contributes (manifest `contributes.views`), rendered generically: `skill:<skillId>/<viewId>`. */
export type SkillViewRoute = `skill:${string}/${string}`;
export type View = FixedView | SkillViewRoute;
export type Theme = 'system' | 'light' | 'dark';

export interface UiSlice {
  view: View;
  theme: Theme;
  paletteOpen: boolean;
  toasts: Toast[];
  /** What concerns the open view (a rule paused there, a permission revoked there): said in the view, not as a toast. */
  notice: Toast | null;
  /** Skills' errors reported while a request of the conversation was running: its answer may show them. */
  heldErrors: SkillError[];
  connection: 'connecting' | 'open' | 'closed';
  setView(view: View): void;
  setTheme(theme: Theme): void;
  setPaletteOpen(open: boolean): void;
  /** A toast, or with `view` set to the open view, that view's notice. */
  pushToast(toast: Omit<Toast, 'id'>): number;
  dismissToast(id: number): void;
  dismissAllToasts(): void;
  dismissNotice(): void;
  /** A skill's error: held while `busy` (a request of the conversation runs), else a toast. */
  reportSkillError(error: SkillError, busy: boolean): void;
  /** A request of the conversation ended: held errors its answer shows are dropped; once nothing runs, the rest become toasts. */
  releaseSkillErrors(response: Parameters<typeof answerShows>[0], stillBusy: boolean): void;
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

let toastIds = 0;

export const createUiSlice: SliceCreator<UiSlice> = (bridge) => (set, get) => ({
  view: 'chat',
  theme: 'system',
  paletteOpen: false,
  toasts: [],
  notice: null,
  heldErrors: [],
  connection: 'connecting',
  // A view's notice belongs to it: another view starts without one.
  setView: (view) => set((s) => ({ view, paletteOpen: false, ...(s.view === view ? {} : { notice: null }) })),
  setTheme: (theme) => {
    set({ theme });
    // Persist in the profile so the Electron window and the browser agree; a failure only loses persistence.
    bridge['settings.set']({ key: 'ui.theme', value: theme }).catch(() => undefined);
  },
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
  pushToast: (toast) => {
    const id = ++toastIds;
    set((s) => (toast.view !== undefined && toast.view === s.view ? { notice: { ...toast, id } } : { toasts: withToast(s.toasts, { ...toast, id }) }));
    return id;
  },
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  dismissAllToasts: () => set({ toasts: [] }),
  dismissNotice: () => set({ notice: null }),
  reportSkillError: (error, busy) => {
    if (busy) set((s) => ({ heldErrors: [...s.heldErrors, error] }));
    else get().pushToast(skillErrorToast(error));
  },
  releaseSkillErrors: (response, stillBusy) => {
    const unseen = get().heldErrors.filter((e) => !answerShows(response, e));
    set({ heldErrors: stillBusy ? unseen : [] });
    if (!stillBusy) unseen.forEach((e) => get().pushToast(skillErrorToast(e)));
  },
  setConnection: (connection) => set({ connection }),
});
