/** Selectors for the settings slice. */
import type { AppState } from '../../state';
import { timeFormatter, timePrefsFrom, type TimeFormatter } from '../../../time/format';

export const selectSettings = (s: AppState) => s.settings;
export const selectSettingsError = (s: AppState) => s.settingsError;
export const selectLlmTest = (s: AppState) => s.llmTest;
export const selectSavedKey = (s: AppState) => s.savedKey;

/** A setting's current value as text for an input field. */
export function settingText(s: AppState, key: string): string {
  const v = s.settings?.values[key];
  return v === undefined || v === null ? '' : Array.isArray(v) ? v.join(', ') : String(v);
}

/** How times are written with the loaded settings (the kernel's resolved locale and clock); the default until they load. */
export const timeFormatOf = (s: Pick<AppState, 'settings'>): TimeFormatter => timeFormatter(timePrefsFrom(s.settings));
