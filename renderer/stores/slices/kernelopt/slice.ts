/**
 * The kernel-optimizer live view: the runs the skill has recorded in the profile, newest first.
 * Reloads are coalesced (a run emits a progress event per evaluation; one call in flight at a
 * time, with one more queued when something changed meanwhile).
 */
import type { BridgeErrorShape, KernelOptRunView } from '../../../bridge/contracts';
import { asBridgeError } from '../../../bridge/errors';
import type { SliceCreator } from '../../types';

export interface KernelOptSlice {
  kernelRuns: KernelOptRunView[];
  kernelRunsLoaded: boolean;
  kernelRunsError: BridgeErrorShape | null;
  /** The run the view shows in detail (null: the newest). */
  selectedRun: string | null;
  loadKernelRuns(): Promise<void>;
  selectRun(id: string | null): void;
}

export const createKernelOptSlice: SliceCreator<KernelOptSlice> = (bridge) => {
  let inFlight: Promise<void> | null = null;
  let again = false;
  return (set, get) => ({
    kernelRuns: [],
    kernelRunsLoaded: false,
    kernelRunsError: null,
    selectedRun: null,
    loadKernelRuns: () => {
      if (inFlight) {
        again = true;
        return inFlight;
      }
      const run = async (): Promise<void> => {
        do {
          again = false;
          try {
            set({ kernelRuns: await bridge['kernelopt.runs']({}), kernelRunsLoaded: true, kernelRunsError: null });
          } catch (error) {
            set({ kernelRunsError: asBridgeError(error), kernelRunsLoaded: true });
          }
        } while (again);
      };
      inFlight = run().finally(() => (inFlight = null));
      return inFlight;
    },
    selectRun: (id) => set({ selectedRun: id && get().kernelRuns.some((r) => r.id === id) ? id : null }),
  });
};
