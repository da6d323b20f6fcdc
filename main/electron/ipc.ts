/**
 * Typed IPC: one `agentos:<method>` channel per BridgeApi method (the names come from
 * BridgeInputSchemas, nothing stringly-typed elsewhere), each answered only for our own page
 * (sender validation), forwarded to the kernel process whose handlers validate the input.
 * Kernel events go to every window on one event channel.
 */
import { BridgeInputSchemas, type BridgeErrorShape, type BridgeMethod, type KernelEvent } from '../../kernel/contracts/index.js';
import type { ElectronApi, IpcMainInvokeEvent } from './electron-api.js';
import { validSender } from './security.js';

export const EVENT_CHANNEL = 'agentos:event';
export const channelFor = (method: BridgeMethod) => `agentos:${method}`;

export interface BridgeBackend {
  call(method: BridgeMethod, input: unknown): Promise<unknown>;
}

export type IpcReply = { ok: true; value: unknown } | { ok: false; error: BridgeErrorShape };

/** One IPC request, as a function tests can drive: sender check, then the kernel. */
export async function answer(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, method: BridgeMethod, input: unknown, backend: BridgeBackend, own: ReadonlySet<number>): Promise<IpcReply> {
  if (!validSender(event, own)) return { ok: false, error: { code: 'denied', message: 'This page may not call AgentOS.' } };
  try {
    return { ok: true, value: await backend.call(method, input) };
  } catch (error) {
    const e = error as Partial<BridgeErrorShape>;
    return { ok: false, error: e && typeof e.code === 'string' && typeof e.message === 'string' ? (e as BridgeErrorShape) : { code: 'internal', message: String((error as Error)?.message ?? error) } };
  }
}

export function registerIpc(electron: Pick<ElectronApi, 'ipcMain'>, backend: BridgeBackend, own: ReadonlySet<number>): void {
  for (const method of Object.keys(BridgeInputSchemas) as BridgeMethod[]) {
    electron.ipcMain.handle(channelFor(method), (event, input) => answer(event, method, input, backend, own));
  }
}

export function broadcast(electron: Pick<ElectronApi, 'BrowserWindow'>, event: KernelEvent): void {
  for (const win of electron.BrowserWindow.getAllWindows()) if (!win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event);
}
