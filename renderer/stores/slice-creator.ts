/**
 * What every slice creator is: a factory given the bridge (tests pass a scripted one) returning a
 * zustand state creator. It imports no slice: `Needs` names, as a type, the fields of other slices
 * that a slice reads or calls, so no slice depends on the combined state (stores/state.ts) and the
 * store's modules form no import cycle. store.ts checks that the combined state provides them.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { BridgeApi } from '../bridge/contracts';

export type SliceCreator<Own, Needs = unknown> = (bridge: BridgeApi) => StateCreator<Own & Needs, [], [], Own>;
