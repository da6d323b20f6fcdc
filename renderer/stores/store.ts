/**
 * The portal's one store: every slice combined, React-free (zustand/vanilla) so slices are
 * tested without a DOM; components read it through `useApp(selector)`. Combining them here also
 * type-checks what each slice needs from the others (its SliceCreator's `Needs`).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { BridgeApi } from '../bridge/contracts';
import type { AppState } from './state';
import { createChatSlice } from './slices/chat/slice';
import { createSkillsSlice } from './slices/skills/slice';
import { createActivitySlice } from './slices/activity/slice';
import { createTimersSlice } from './slices/timers/slice';
import { createSettingsSlice } from './slices/settings/slice';
import { createUiSlice } from './slices/ui/slice';
import { createSkillViewsSlice } from './slices/skillviews/slice';
import { createGrantsSlice } from './slices/grants/slice';
import { createWorkflowSlice } from './slices/workflow/slice';
import { createInstallSlice } from './slices/install/slice';
import { createPhrasingsSlice } from './slices/phrasings/slice';
import { createRulesSlice } from './slices/rules/slice';

export type AppStore = StoreApi<AppState>;

export function createAppStore(bridge: BridgeApi): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createChatSlice(bridge)(...a),
    ...createSkillsSlice(bridge)(...a),
    ...createActivitySlice(bridge)(...a),
    ...createTimersSlice(bridge)(...a),
    ...createSettingsSlice(bridge)(...a),
    ...createUiSlice(bridge)(...a),
    ...createSkillViewsSlice(bridge)(...a),
    ...createGrantsSlice(bridge)(...a),
    ...createWorkflowSlice(bridge)(...a),
    ...createInstallSlice(bridge)(...a),
    ...createPhrasingsSlice(bridge)(...a),
    ...createRulesSlice(bridge)(...a),
  }));
}

let current: AppStore | undefined;

/** Set once at start-up (main.tsx) before the first render. */
export function installStore(store: AppStore): void {
  current = store;
}

export function appStore(): AppStore {
  if (!current) throw new Error('the portal store is not installed');
  return current;
}

export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(appStore(), selector);
}
