/** The skills panel: installed skills with their intents, examples and permissions; enable/disable. */
import type { BridgeErrorShape, BridgeOutputs } from '../../../bridge/contracts';
import { asBridgeError } from '../../../bridge/errors';
import type { SliceCreator } from '../../slice-creator';

/** An installed skill as the kernel lists it, with its permissions and contributions. */
export type InstalledSkill = BridgeOutputs['skills.list'][number];

export interface SkillsSlice {
  skills: InstalledSkill[];
  skillsLoaded: boolean;
  skillsError: BridgeErrorShape | null;
  loadSkills(): Promise<void>;
  setSkillEnabled(id: string, enabled: boolean): Promise<void>;
}

export const createSkillsSlice: SliceCreator<SkillsSlice> = (bridge) => (set, get) => ({
  skills: [],
  skillsLoaded: false,
  skillsError: null,
  loadSkills: async () => {
    try {
      const skills = await bridge['skills.list']({});
      set({ skills: [...skills].sort((a, b) => a.name.localeCompare(b.name)), skillsLoaded: true, skillsError: null });
    } catch (error) {
      set({ skillsError: asBridgeError(error), skillsLoaded: true });
    }
  },
  setSkillEnabled: async (id, enabled) => {
    const before = get().skills;
    // Optimistic: the switch moves at once; a refusal puts it back and says why.
    set({ skills: before.map((s) => (s.id === id ? { ...s, enabled } : s)), skillsError: null });
    try {
      await bridge['skills.setEnabled']({ id, enabled });
    } catch (error) {
      set({ skills: before, skillsError: asBridgeError(error) });
    }
  },
});
