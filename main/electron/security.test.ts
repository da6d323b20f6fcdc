// The Electron checklist items decided in code: webPreferences, permissions, navigation, external links, IPC senders.
import { describe, expect, it } from 'vitest';
import { BridgeInputSchemas } from '../../kernel/contracts/index.js';
import { allowNavigation, allowPermission, allowPermissionCheck, externalUrl, mainWindowOptions, secureWebPreferences, validSender, APP_URL } from './security.js';
import { answer, channelFor, registerIpc } from './ipc.js';

const frame = (url: string, parent: unknown = null) => ({ url, parent });

describe('window options', () => {
  it('applies every webPreferences item of the checklist', () => {
    const p = secureWebPreferences('/x/preload.cjs');
    expect(p).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, experimentalFeatures: false });
    expect(mainWindowOptions('/p', true).webPreferences).toEqual(p.preload === '/p' ? p : secureWebPreferences('/p'));
  });

  it('loads the portal from the custom protocol, not file://', () => {
    expect(APP_URL).toMatch(/^agentos:\/\/app\//);
  });
});

describe('permission handlers', () => {
  it('deny by default and allow only the microphone for our own origin', () => {
    expect(allowPermission('media', 'agentos://app/index.html', { mediaTypes: ['audio'] })).toBe(true);
    expect(allowPermission('media', 'agentos://app/index.html', { mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(allowPermission('media', 'https://evil.example/', { mediaTypes: ['audio'] })).toBe(false);
    expect(allowPermission('media', 'file:///etc/passwd', { mediaTypes: ['audio'] })).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'midi', 'hid', 'usb']) expect(allowPermission(p, 'agentos://app/')).toBe(false);
    expect(allowPermissionCheck('media', 'agentos://app')).toBe(true);
    expect(allowPermissionCheck('media', 'https://evil.example')).toBe(false);
    expect(allowPermissionCheck('geolocation', 'agentos://app')).toBe(false);
  });
});

describe('navigation and external links', () => {
  it('keeps navigation inside the app and opens only http(s) outside', () => {
    expect(allowNavigation('agentos://app/index.html')).toBe(true);
    expect(allowNavigation('https://example.com/')).toBe(false);
    expect(allowNavigation('file:///etc/passwd')).toBe(false);
    expect(externalUrl('https://example.com/a')).toBe('https://example.com/a');
    expect(externalUrl('file:///etc/passwd')).toBeUndefined();
    expect(externalUrl('javascript:alert(1)')).toBeUndefined();
    expect(externalUrl('smb://host/share')).toBeUndefined();
  });
});

describe('IPC', () => {
  const own = new Set([7]);
  const backend = { call: async (method: string, input: unknown) => ({ method, input }) };

  it('answers only our own top-level page in our own window', async () => {
    expect(validSender({ sender: { id: 7 } as never, senderFrame: frame('agentos://app/index.html') }, own)).toBe(true);
    expect(validSender({ sender: { id: 8 } as never, senderFrame: frame('agentos://app/index.html') }, own)).toBe(false);
    expect(validSender({ sender: { id: 7 } as never, senderFrame: frame('https://evil.example/') }, own)).toBe(false);
    expect(validSender({ sender: { id: 7 } as never, senderFrame: frame('agentos://app/x', {}) }, own)).toBe(false);
    expect(validSender({ sender: { id: 7 } as never, senderFrame: null }, own)).toBe(false);
    const denied = await answer({ sender: { id: 7 } as never, senderFrame: frame('https://evil.example/') }, 'skills.list', {}, backend, own);
    expect(denied).toMatchObject({ ok: false, error: { code: 'denied' } });
    const ok = await answer({ sender: { id: 7 } as never, senderFrame: frame('agentos://app/index.html') }, 'skills.list', {}, backend, own);
    expect(ok).toEqual({ ok: true, value: { method: 'skills.list', input: {} } });
  });

  it('carries kernel errors as values', async () => {
    const failing = { call: async () => Promise.reject({ code: 'bad_input', message: 'limit: too big' }) };
    expect(await answer({ sender: { id: 7 } as never, senderFrame: frame('agentos://app/') }, 'history.list', {}, failing, own)).toEqual({ ok: false, error: { code: 'bad_input', message: 'limit: too big' } });
  });

  it('registers exactly one channel per bridge method', () => {
    const channels: string[] = [];
    registerIpc({ ipcMain: { handle: (c: string) => void channels.push(c) } }, backend as never, own);
    expect(channels.sort()).toEqual(Object.keys(BridgeInputSchemas).map((m) => channelFor(m as never)).sort());
  });
});
