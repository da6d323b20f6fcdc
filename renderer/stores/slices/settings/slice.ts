/** Settings: profile folder, language-model endpoint with a connection test, voice engine, graph backend, theme. */
import type { BridgeErrorShape, BridgeOutputs, SettingsView } from '../../../bridge/contracts';
import { asBridgeError } from '../../../bridge/errors';
import type { SliceCreator } from '../../slice-creator';

export interface SettingsSlice {
  settings: SettingsView | null;
  settingsError: BridgeErrorShape | null;
  /** Key of the setting last saved, for a brief "saved" mark. */
  savedKey: string | null;
  llmTest: { running: boolean; result: BridgeOutputs['llm.test'] | null };
  loadSettings(): Promise<void>;
  saveSetting(key: string, value: unknown): Promise<boolean>;
  testLlm(): Promise<void>;
}

export const createSettingsSlice: SliceCreator<SettingsSlice> = (bridge) => (set) => ({
  settings: null,
  settingsError: null,
  savedKey: null,
  llmTest: { running: false, result: null },
  loadSettings: async () => {
    try {
      const settings = await bridge['settings.get']({});
      const theme = settings.values['ui.theme'];
      set({ settings, settingsError: null, ...(theme === 'light' || theme === 'dark' || theme === 'system' ? { theme } : {}) });
    } catch (error) {
      set({ settingsError: asBridgeError(error) });
    }
  },
  saveSetting: async (key, value) => {
    try {
      const settings = await bridge['settings.set']({ key, value });
      set({ settings, settingsError: null, savedKey: key });
      return true;
    } catch (error) {
      set({ settingsError: asBridgeError(error), savedKey: null });
      return false;
    }
  },
  testLlm: async () => {
    set({ llmTest: { running: true, result: null } });
    try {
      set({ llmTest: { running: false, result: await bridge['llm.test']({}) } });
    } catch (error) {
      set({ llmTest: { running: false, result: { ok: false, detail: asBridgeError(error).message } } });
    }
  },
});
