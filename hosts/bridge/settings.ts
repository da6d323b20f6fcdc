/** Bridge handlers for the settings view: every known key (the kernel's and the skills' declared ones) with its value, default and meaning. */
import { ValidationError, type SettingsView } from '../../kernel/contracts/index.js';
import { SkillSettings } from '../../kernel/lifecycle/index.js';
import type { Kernel } from '../../kernel/index.js';
import { BridgeError, type Handlers } from './types.js';

function view(kernel: Kernel): SettingsView {
  return {
    profileDir: kernel.profileDir,
    values: { ...kernel.settings.all(), ...kernel.skillSettings.values() },
    schema: { ...kernel.settings.describe(), ...kernel.skillSettings.describe() },
    // The locale and clock the kernel's answers use, applied at once (a changed setting holds now).
    time: kernel.applyTimePreferences(),
  };
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
