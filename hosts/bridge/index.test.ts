// The bridge's handler map over a real kernel: dispatch validates, answers, and turns failures into actionable errors.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeInputSchemas } from '../../kernel/contracts/index.js';
import { Kernel } from '../../kernel/index.js';
import { bridgeHandlers, dispatch } from './index.js';
import { testLlmEndpoint } from './llm.js';

let home: string;
let kernel: Kernel;

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-bridge-'));
  kernel = new Kernel({ profileDir: home });
});
afterAll(() => {
  kernel.close();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('bridge dispatch', () => {
  it('has a handler for every BridgeApi method', () => {
    expect(Object.keys(bridgeHandlers).sort()).toEqual(Object.keys(BridgeInputSchemas).sort());
  });

  it('refuses unknown methods and inputs that fail their schema, naming the field', async () => {
    expect(await dispatch({ kernel }, 'process.exit', {})).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const bad = await dispatch({ kernel }, 'history.list', { limit: 5000 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(!bad.ok && bad.error.message).toMatch(/limit/);
    expect(await dispatch({ kernel }, 'skills.list', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(await dispatch({ kernel }, 'kernel.handle', { text: '   ' })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
  });

  it('runs a request and records it in the activity history', async () => {
    const r = await dispatch({ kernel }, 'kernel.handle', { text: 'what can you do', source: 'ui' });
    expect(r).toMatchObject({ ok: true, value: { status: 'served' } });
    const h = await dispatch({ kernel }, 'history.list', {});
    expect(h.ok && (h.value as { text: string; source: string }[])[0]).toMatchObject({ text: 'what can you do', source: 'ui' });
  });

  it('lists skills with version, publisher and permissions; disables and re-enables one', async () => {
    const list = await dispatch({ kernel }, 'skills.list', {});
    const help = list.ok && (list.value as { id: string; version: string; permissions: unknown[] }[]).find((s) => s.id === 'help');
    expect(help).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), permissions: expect.any(Array) });
    expect(await dispatch({ kernel }, 'skills.setEnabled', { id: 'help', enabled: false })).toEqual({ ok: true, value: { ok: true } });
    expect(kernel.registry.isEnabled('help')).toBe(false);
    await dispatch({ kernel }, 'skills.setEnabled', { id: 'help', enabled: true });
    expect(kernel.registry.isEnabled('help')).toBe(true);
    expect(await dispatch({ kernel }, 'skills.setEnabled', { id: 'nope', enabled: true })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('schedules, lists and cancels a portal timer; refuses a time in the past', async () => {
    const dueAt = new Date(Date.now() + 60_000).toISOString();
    const t = await dispatch({ kernel }, 'timers.schedule', { title: 'tea', dueAt });
    expect(t).toMatchObject({ ok: true, value: { title: 'tea', kind: 'reminder', skill: 'portal', status: 'pending' } });
    const id = t.ok ? (t.value as { id: string }).id : '';
    const listed = await dispatch({ kernel }, 'timers.list', {});
    expect(listed.ok && (listed.value as { id: string }[]).some((x) => x.id === id)).toBe(true);
    expect(await dispatch({ kernel }, 'timers.cancel', { id })).toEqual({ ok: true, value: { ok: true } });
    expect(await dispatch({ kernel }, 'timers.cancel', { id })).toEqual({ ok: true, value: { ok: false } });
    expect(await dispatch({ kernel }, 'timers.schedule', { title: 'late', dueAt: '2001-01-01T00:00:00Z' })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
  });

  it('reads and writes settings, refusing invalid values with the reason', async () => {
    const set = await dispatch({ kernel }, 'settings.set', { key: 'ui.theme', value: 'dark' });
    expect(set.ok && (set.value as { values: Record<string, unknown> }).values['ui.theme']).toBe('dark');
    const bad = await dispatch({ kernel }, 'settings.set', { key: 'llm.endpoint', value: 'ftp://x' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(!bad.ok && bad.error.message).toMatch(/http/);
    const view = await dispatch({ kernel }, 'settings.get', {});
    expect(view.ok && (view.value as { profileDir: string }).profileDir).toBe(home);
  });
});

describe('llm.test', () => {
  it('says what to do when no endpoint is set', async () => {
    expect(await dispatch({ kernel }, 'llm.test', {})).toMatchObject({ ok: true, value: { ok: false, detail: expect.stringMatching(/No language-model endpoint/) } });
  });

  it('connects to an OpenAI-compatible server and checks the model name', async () => {
    const server = http.createServer((req, res) => {
      if (req.url === '/v1/models' && req.headers.authorization === 'Bearer k') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [{ id: 'tiny' }] }));
      else res.writeHead(401).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    try {
      expect(await testLlmEndpoint(base, 'tiny', 'k')).toMatchObject({ ok: true, model: 'tiny' });
      expect(await testLlmEndpoint(base, 'huge', 'k')).toMatchObject({ ok: false, detail: expect.stringMatching(/no model "huge"/) });
      expect(await testLlmEndpoint(base, '', 'wrong')).toMatchObject({ ok: false, detail: expect.stringMatching(/API key/) });
    } finally {
      server.close();
    }
    expect(await testLlmEndpoint('http://127.0.0.1:9/v1', '', '')).toMatchObject({ ok: false, detail: expect.stringMatching(/Could not reach/) });
  });
});
