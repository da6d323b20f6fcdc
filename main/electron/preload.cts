/**
 * The preload: exposes `window.agentos` (BridgeApi) and nothing else. Runs sandboxed, so it is
 * one self-contained CommonJS file that needs only `electron`. Each method is an allow-listed
 * name forwarded on its own channel; events arrive without the IpcRendererEvent (which would hand
 * the page `sender`). No raw ipcRenderer, no generic send(channel).
 */
import type { BridgeApi, KernelEvent } from '../../kernel/contracts/index.js';

/** Must equal the keys of BridgeInputSchemas (a unit test checks it). */
const METHODS = [
  'kernel.handle',
  'skills.list',
  'skills.setEnabled',
  'history.list',
  'timers.list',
  'timers.cancel',
  'timers.schedule',
  'settings.get',
  'settings.set',
  'llm.test',
  'voice.engines',
  'voice.transcribe',
  'voice.speak',
  'voice.answer',
  'grants.list',
  'grants.revoke',
  'patterns.suggest',
  'skills.contribution',
  'skills.previewInstall',
  'skills.install',
  'phrasings.list',
  'phrasings.remove',
  'rules.list',
  'rules.history',
  'rules.pause',
  'rules.resume',
  'rules.delete',
  'rules.run',
  'rules.dryRun',
] as const;

const EVENT_CHANNEL = 'agentos:event';

interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): void;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): void;
}

function buildApi(ipc: IpcRendererLike): BridgeApi {
  const api: Record<string, unknown> = {};
  for (const method of METHODS) {
    api[method] = async (input: unknown) => {
      const reply = (await ipc.invoke(`agentos:${method}`, input ?? {})) as { ok: boolean; value?: unknown; error?: unknown };
      // Errors cross as values: Electron would flatten a thrown error into a bare message.
      if (!reply.ok) throw reply.error;
      return reply.value;
    };
  }
  api.onEvent = (listener: (event: KernelEvent) => void) => {
    const wrapped = (_event: unknown, payload: unknown) => listener(payload as KernelEvent);
    ipc.on(EVENT_CHANNEL, wrapped);
    return () => ipc.removeListener(EVENT_CHANNEL, wrapped);
  };
  return Object.freeze(api) as unknown as BridgeApi;
}

// A sandboxed preload is CommonJS and may only require('electron'): no import statement can load it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const electron = require('electron') as { contextBridge: { exposeInMainWorld(key: string, api: unknown): void }; ipcRenderer: IpcRendererLike };
electron.contextBridge.exposeInMainWorld('agentos', buildApi(electron.ipcRenderer));
