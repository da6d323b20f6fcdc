/** Reminders and timers: the pending list with live countdowns, cancel, and the ones that just fired. */
import type { BridgeErrorShape, KernelEvent, ScheduledTimer } from '../../../bridge/contracts';
import { asBridgeError } from '../../../bridge/errors';
import type { SliceCreator } from '../../slice-creator';

export type FiredTimer = Extract<KernelEvent, { type: 'timer.fired' }>['timer'] & { missed: boolean; firedAt: number };

export interface TimersSlice {
  timers: ScheduledTimer[];
  fired: FiredTimer[];
  timersError: BridgeErrorShape | null;
  loadTimers(): Promise<void>;
  cancelTimer(id: string): Promise<void>;
  scheduleTimer(input: { kind: 'reminder' | 'timer'; title: string; inMs: number }): Promise<ScheduledTimer | undefined>;
  timerFired(event: Extract<KernelEvent, { type: 'timer.fired' }>): void;
}

export const createTimersSlice: SliceCreator<TimersSlice> = (bridge) => (set, get) => ({
  timers: [],
  fired: [],
  timersError: null,
  loadTimers: async () => {
    try {
      set({ timers: await bridge['timers.list']({ includeDone: false }), timersError: null });
    } catch (error) {
      set({ timersError: asBridgeError(error) });
    }
  },
  cancelTimer: async (id) => {
    let problem: BridgeErrorShape | null = null;
    try {
      const { ok } = await bridge['timers.cancel']({ id });
      if (!ok) problem = { code: 'not_found', message: 'That reminder already fired or was cancelled.', fix: 'Nothing to do: the list is now up to date.' };
    } catch (error) {
      problem = asBridgeError(error);
    }
    // Reload first (it clears old errors), then say what went wrong with this cancel.
    await get().loadTimers();
    if (problem) set({ timersError: problem });
  },
  scheduleTimer: async ({ kind, title, inMs }) => {
    try {
      const timer = await bridge['timers.schedule']({ kind, title, dueAt: new Date(Date.now() + inMs).toISOString() });
      set((s) => ({ timers: [...s.timers.filter((t) => t.id !== timer.id), timer].sort((a, b) => a.dueAt.localeCompare(b.dueAt)), timersError: null }));
      return timer;
    } catch (error) {
      set({ timersError: asBridgeError(error) });
      return undefined;
    }
  },
  timerFired: (event) =>
    set((s) => ({
      timers: s.timers.filter((t) => t.id !== event.timer.id),
      fired: [{ ...event.timer, missed: event.missed, firedAt: Date.now() }, ...s.fired.filter((f) => f.id !== event.timer.id)].slice(0, 20),
    })),
});
