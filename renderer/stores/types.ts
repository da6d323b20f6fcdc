/** The combined store's shape: every slice's state and actions, and what each slice creator receives. */
import type { StateCreator } from 'zustand/vanilla';
import type { BridgeApi } from '../bridge/contracts';
import type { ChatSlice } from './slices/chat/slice';
import type { SkillsSlice } from './slices/skills/slice';
import type { ActivitySlice } from './slices/activity/slice';
import type { TimersSlice } from './slices/timers/slice';
import type { SettingsSlice } from './slices/settings/slice';
import type { UiSlice } from './slices/ui/slice';
import type { KernelOptSlice } from './slices/kernelopt/slice';
import type { GrantsSlice } from './slices/grants/slice';
import type { WorkflowSlice } from './slices/workflow/slice';
import type { InstallSlice } from './slices/install/slice';

export type AppState = ChatSlice & SkillsSlice & ActivitySlice & TimersSlice & SettingsSlice & UiSlice & KernelOptSlice & GrantsSlice & WorkflowSlice & InstallSlice;

/** A slice is made by a factory given the bridge, so tests pass a scripted one. */
export type SliceCreator<S> = (bridge: BridgeApi) => StateCreator<AppState, [], [], S>;
