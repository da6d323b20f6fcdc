/** Selectors for the UI slice: one field each, so components re-render only on what they show. */
import type { AppState } from '../../state';
import type { Theme } from './slice';

export const selectView = (s: AppState) => s.view;
export const selectTheme = (s: AppState) => s.theme;
export const selectPaletteOpen = (s: AppState) => s.paletteOpen;
export const selectToasts = (s: AppState) => s.toasts;
export const selectNotice = (s: AppState) => s.notice;
export const selectConnection = (s: AppState) => s.connection;

/** The theme actually shown: "system" follows the OS preference. */
export function resolveTheme(theme: Theme, prefersDark: boolean): 'light' | 'dark' {
  return theme === 'system' ? (prefersDark ? 'dark' : 'light') : theme;
}
