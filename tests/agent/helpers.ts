/** Agent-mode test helpers: a kernel over the built-in skills with a fresh profile, pointed at a scripted model server. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openKernel, type Kernel } from '../../kernel/index.js';
import type { ScriptedRequest } from '../../kernel/llm/test-server.js';

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
