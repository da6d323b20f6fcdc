/** Bridge handlers for the settings view: every known key (the kernel's and the skills' declared ones) with its value, default and meaning. */
import { ValidationError, type SettingsView } from '../../kernel/contracts/index.js';
import { SkillSettings } from '../../kernel/lifecycle/index.js';
import { resolveTime, setTimePreferences } from '../../kernel/sdk/index.js';
import type { Kernel } from '../../kernel/index.js';
import { BridgeError, type Handlers } from './types.js';

function view(kernel: Kernel): SettingsView {
  return {
    profileDir: kernel.profileDir,
    values: { ...kernel.settings.all(), ...kernel.skillSettings.values() },
    schema: { ...kernel.settings.describe(), ...kernel.skillSettings.describe() },
    time: timeOf(kernel),
  };
}

/**
 * The locale and clock the kernel's answers use (settings first, then its environment), for the
 * portal to use too. Applied to the kernel's process here as well, so a changed setting holds at
 * once and not only from the next request on.
 */
function timeOf(kernel: Kernel): SettingsView['time'] {
  setTimePreferences({ locale: kernel.settings.get('ui.locale'), timeFormat: kernel.settings.get('ui.timeFormat') });
  const { locale, hour12 } = resolveTime();
  return { locale, hour12 };
}

export const handlers: Handlers<'settings.get' | 'settings.set'> = {
  async 'settings.get'(_input, { kernel }) {
    return view(kernel);
  },
  async 'settings.set'({ key, value }, { kernel }) {
    try {
      if (SkillSettings.isSkillKey(key)) kernel.skillSettings.set(key, value);
      else kernel.settings.set(key, value);
    } catch (error) {
      if (error instanceof ValidationError) throw new BridgeError('bad_input', error.message, 'Pick one of the listed values or correct the format shown.');
      throw error;
    }
    return view(kernel);
  },
};
