/** The user's time format for a component: re-renders when the settings (ui.locale, ui.timeFormat) change. */
import { useMemo } from 'react';
import { useApp } from '../stores/store';
import { selectSettings, timeFormatOf } from '../stores/slices/settings/selectors';
import type { TimeFormatter } from '../time/format';

export function useTimeFormat(): TimeFormatter {
  const settings = useApp(selectSettings);
  return useMemo(() => timeFormatOf({ settings }), [settings]);
}
