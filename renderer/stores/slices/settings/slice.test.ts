import { describe, expect, it } from 'vitest';
import { scriptedBridge } from '../../test-bridge';

const view = (values: Record<string, unknown>) => ({ profileDir: '/p', values, schema: {} });

describe('settings slice', () => {
  it('loads settings and adopts the saved theme', async () => {
    const { store } = scriptedBridge({ 'settings.get': () => view({ 'ui.theme': 'dark' }) });
    await store.getState().loadSettings();
    expect(store.getState().settings?.profileDir).toBe('/p');
    expect(store.getState().theme).toBe('dark');
  });

  it('shows why a value was refused and reports the connection test', async () => {
    const { store } = scriptedBridge({ 'settings.set': () => Promise.reject({ code: 'bad_input', message: 'must start with http://' }), 'llm.test': () => ({ ok: false, detail: 'No endpoint' }) });
    expect(await store.getState().saveSetting('llm.endpoint', 'ftp://x')).toBe(false);
    expect(store.getState().settingsError?.message).toMatch(/http/);
    await store.getState().testLlm();
    expect(store.getState().llmTest).toEqual({ running: false, result: { ok: false, detail: 'No endpoint' } });
  });
});
