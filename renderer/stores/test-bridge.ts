/** A scripted BridgeApi for slice tests: each method answers from a table, and every call is recorded. */
import type { BridgeApi, KernelEvent } from '../bridge/contracts';
import { BRIDGE_METHODS } from '../bridge/contracts';
import { createAppStore } from './store';

export function scriptedBridge(answers: Partial<Record<string, (input: unknown) => unknown>>) {
  const calls: [string, unknown][] = [];
  const api: Record<string, unknown> = {};
  for (const m of BRIDGE_METHODS) {
    api[m] = async (input: unknown) => {
      calls.push([m, input]);
      const a = answers[m];
      if (!a) throw { code: 'unavailable', message: `${m} not scripted` };
      return a(input);
    };
  }
  api.onEvent = (_l: (e: KernelEvent) => void) => () => undefined;
  const bridge = api as unknown as BridgeApi;
  return { bridge, calls, store: createAppStore(bridge) };
}
