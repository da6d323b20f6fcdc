/** The combined store's shape: every slice's state and actions (selectors and components read it; slices never import it). */
import type { ChatSlice } from './slices/chat/slice';
import type { SkillsSlice } from './slices/skills/slice';
import type { ActivitySlice } from './slices/activity/slice';
import type { TimersSlice } from './slices/timers/slice';
import type { SettingsSlice } from './slices/settings/slice';
import type { UiSlice } from './slices/ui/slice';
import type { SkillViewsSlice } from './slices/skillviews/slice';
import type { GrantsSlice } from './slices/grants/slice';
import type { WorkflowSlice } from './slices/workflow/slice';
import type { InstallSlice } from './slices/install/slice';
import type { PhrasingsSlice } from './slices/phrasings/slice';
import type { RulesSlice } from './slices/rules/slice';

export type AppState = ChatSlice & SkillsSlice & ActivitySlice & TimersSlice & SettingsSlice & UiSlice & SkillViewsSlice & GrantsSlice & WorkflowSlice & InstallSlice & PhrasingsSlice & RulesSlice;
