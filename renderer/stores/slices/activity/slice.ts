/** The activity view: the latest requests with their outcome and duration, from the event log. */
import type { BridgeErrorShape, HistoryEntry } from '../../../bridge/contracts';
import { asBridgeError } from '../../../bridge/errors';
import type { SliceCreator } from '../../slice-creator';

export interface ActivitySlice {
  activity: HistoryEntry[];
  activityError: BridgeErrorShape | null;
  loadActivity(limit?: number): Promise<void>;
}

export const createActivitySlice: SliceCreator<ActivitySlice> = (bridge) => (set) => ({
  activity: [],
  activityError: null,
  loadActivity: async (limit = 200) => {
    try {
      set({ activity: await bridge['history.list']({ limit }), activityError: null });
    } catch (error) {
      set({ activityError: asBridgeError(error) });
    }
  },
});
