/** Agent-mode test helpers: a kernel over the built-in skills with a fresh profile, pointed at a scripted model server. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openKernel, type Kernel } from '../../kernel/index.js';
import { startScriptedServer, type ScriptedRequest, type ScriptedServer, type ScriptedTurn } from '../../kernel/llm/test-server.js';

const skillsDir = path.resolve(import.meta.dirname, '../../skills');
/** The trained intent model, shared between the profiles of one test file (training is the slow part of opening). */
const modelCache = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-agent-model-'));

export async function agentKernel(settings: Record<string, unknown> = {}): Promise<Kernel> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-agent-'));
  const profileDir = path.join(home, '.agentos');
  if (fs.readdirSync(modelCache).length) fs.cpSync(modelCache, path.join(profileDir, 'cache'), { recursive: true });
  const kernel = await openKernel({ profileDir, builtinSkillsDir: skillsDir, communitySkillsDir: path.join(home, 'no-community-skills') });
  for (const [key, value] of Object.entries(settings)) kernel.settings.set(key, value);
  return kernel;
}

/** After a first request has trained the model: keep it for the next kernels. */
export function keepModel(kernel: Kernel): void {
  const cache = path.join(kernel.profileDir, 'cache');
  if (fs.existsSync(cache) && fs.readdirSync(modelCache).length === 0) fs.cpSync(cache, modelCache, { recursive: true });
}

/** The last message of a scripted request, and the text of every tool result the model was shown. */
export const lastMessage = (r: ScriptedRequest) => r.messages[r.messages.length - 1]!;
export const toolResults = (r: ScriptedRequest) => r.messages.filter((m) => m.role === 'tool' || (m.role === 'user' && String(m.content).includes('<tool-result'))).map((m) => String(m.content));
export const toolNames = (r: ScriptedRequest) => (r.tools ?? []).map((t) => t.function.name);

/**
 * The scripted model and the kernel of each test, both closed after it (call once at a test file's
 * top level). `setup` starts a server playing `script` and a kernel pointed at it; `track` hands
 * over a kernel or server a test opened itself, so it is closed all the same.
 */
export function perTest() {
  const open: { server?: ScriptedServer; kernel?: Kernel } = {};
  afterEach(async () => {
    open.kernel?.close();
    await open.server?.close();
    open.kernel = open.server = undefined;
  });
  return {
    async setup(script: (r: ScriptedRequest, n: number) => ScriptedTurn, settings: Record<string, unknown> = {}) {
      const server = (open.server = await startScriptedServer({ script }));
      const kernel = (open.kernel = await agentKernel({ 'llm.endpoint': server.url, 'llm.model': 'tiny-chat', ...settings }));
      return { server, kernel };
    },
    track<T extends { server?: ScriptedServer; kernel?: Kernel }>(opened: T): T {
      if (opened.server) open.server = opened.server;
      if (opened.kernel) open.kernel = opened.kernel;
      return opened;
    },
  };
}
