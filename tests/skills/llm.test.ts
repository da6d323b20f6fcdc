import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../hosts/cli/main.js';
import { openKernel } from '../../kernel/index.js';
import { startScriptedServer, type ScriptedServer } from '../../kernel/llm/test-server.js';
import { tempDir } from './helpers.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(() => server.close());

async function withHome<T>(fn: (home: string, run: (...argv: string[]) => Promise<{ code: number; out: string }>) => Promise<T>): Promise<T> {
  const home = tempDir();
  const previous = process.env.AGENTOS_HOME;
  process.env.AGENTOS_HOME = home;
  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    const code = await main(argv, { out: (t) => lines.push(t), err: (t) => lines.push(t) });
    return { code, out: lines.join('\n') };
  };
  try {
    return await fn(home, run);
  } finally {
    if (previous === undefined) delete process.env.AGENTOS_HOME;
    else process.env.AGENTOS_HOME = previous;
  }
}

describe('agentos llm', () => {
  it('without an endpoint says how to configure one', () =>
    withHome(async (_home, run) => {
      const r = await run('llm', 'test');
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/agentos settings set llm\.endpoint http:\/\/127\.0\.0\.1:11434\/v1/);
    }));

  it('test reports the model and the latency of a working endpoint', () =>
    withHome(async (_home, run) => {
      expect((await run('settings', 'set', 'llm.endpoint', server.url)).code).toBe(0);
      const text = await run('llm', 'test');
      expect(text.code).toBe(0);
      expect(text.out).toMatch(/works: model tiny-chat, chat round trip \d+ ms, model list \d+ ms/);
      const json = await run('llm', 'test', '--json');
      const report = JSON.parse(json.out) as { ok: boolean; model: string; chatLatencyMs: number; models: string[]; reply: string };
      expect(report).toMatchObject({ ok: true, model: 'tiny-chat', models: ['tiny-chat', 'slow-chat'], reply: 'pong' });
      expect(report.chatLatencyMs).toBeGreaterThanOrEqual(0);
    }));

  it('test names a model the server does not have, and what it offers', () =>
    withHome(async (_home, run) => {
      await run('settings', 'set', 'llm.endpoint', server.url);
      await run('settings', 'set', 'llm.model', 'gpt-9');
      const r = await run('llm', 'test');
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/no model "gpt-9"; it offers tiny-chat, slow-chat/);
      expect(r.out).toMatch(/agentos settings set llm\.model tiny-chat/);
    }));

  it('chat streams an answer', () =>
    withHome(async (_home, run) => {
      await run('settings', 'set', 'llm.endpoint', server.url);
      await run('settings', 'set', 'llm.model', 'tiny-chat');
      const r = await run('llm', 'chat', 'good', 'morning', '--json');
      expect(JSON.parse(r.out)).toMatchObject({ ok: true, model: 'tiny-chat', text: 'You said: good morning' });
    }));

  it('the host wires the model into the kernel as services.llm when llm.endpoint is set', () =>
    withHome(async (home) => {
      const bare = await openKernel({ profileDir: home });
      expect(bare.services.llm).toBeUndefined();
      bare.settings.set('llm.endpoint', server.url);
      bare.settings.set('llm.model', 'tiny-chat');
      bare.close();
      const kernel = await openKernel({ profileDir: home });
      try {
        expect(await kernel.services.llm?.chat([{ role: 'user', content: 'ping' }])).toBe('pong');
      } finally {
        kernel.close();
      }
    }));
});
