// The preload as Electron runs it (compiled to CommonJS, in a sandbox-like context): it exposes only
// `agentos`, with exactly the bridge's methods, and never hands the page ipcRenderer or the IPC event.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { BridgeInputSchemas } from '../../kernel/contracts/index.js';

function loadPreload() {
  const source = fs.readFileSync(path.join(import.meta.dirname, 'preload.cts'), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const exposed: Record<string, unknown> = {};
  const invoked: unknown[][] = [];
  const listeners = new Map<string, (event: unknown, payload: unknown) => void>();
  const ipcRenderer = {
    invoke: async (channel: string, input: unknown) => {
      invoked.push([channel, input]);
      return channel === 'agentos:history.list' ? { ok: false, error: { code: 'bad_input', message: 'limit' } } : { ok: true, value: 'v' };
    },
    on: (c: string, l: (event: unknown, payload: unknown) => void) => listeners.set(c, l),
    removeListener: (c: string) => listeners.delete(c),
  };
  const electron = { contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) }, ipcRenderer };
  const module = { exports: {} };
  vm.runInNewContext(js, { require: (name: string) => (name === 'electron' ? electron : undefined), module, exports: module.exports, process: { versions: { electron: '45' } } });
  return { exposed, invoked, listeners };
}

describe('preload', () => {
  it('exposes only window.agentos with exactly the bridge methods plus onEvent', () => {
    const { exposed } = loadPreload();
    expect(Object.keys(exposed)).toEqual(['agentos']);
    const api = exposed.agentos as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...Object.keys(BridgeInputSchemas), 'onEvent'].sort());
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
  });

  it('forwards each call on its own channel and rejects with the kernel error', async () => {
    const { exposed, invoked } = loadPreload();
    const api = exposed.agentos as Record<string, (input?: unknown) => Promise<unknown>>;
    expect(await api['skills.list']!({})).toBe('v');
    expect(invoked[0]).toEqual(['agentos:skills.list', {}]);
    await expect(api['history.list']!({ limit: 1e9 })).rejects.toEqual({ code: 'bad_input', message: 'limit' });
  });

  it('delivers events without the IPC event object', () => {
    const { exposed, listeners } = loadPreload();
    const got: unknown[][] = [];
    const off = (exposed.agentos as { onEvent(l: (...a: unknown[]) => void): () => void }).onEvent((...args) => got.push(args));
    listeners.get('agentos:event')!({ sender: 'secret' }, { type: 'skills.changed' });
    expect(got).toEqual([[{ type: 'skills.changed' }]]);
    off();
    expect(listeners.has('agentos:event')).toBe(false);
  });
});
