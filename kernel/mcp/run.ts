/**
 * Calling an MCP skill's tool: start its confined server (refused without OS confinement unless
 * the user opted in; violations its guards report go to the audit log), call the tool named by
 * the intent, stop the server. The audit log records the call; the result text is untrusted content.
 */
import type { AuditLog } from '../audit/index.js';
import type { SkillContext, SkillResult, Slots } from '../contracts/index.js';
import type { GrantStore } from '../permissions/index.js';
import type { LoadedSkill } from '../skills/index.js';
import type { SandboxLimits, SandboxSupport } from '../sandbox/index.js';
import { argumentsFor, intentId } from './intents.js';
import { connectMcp, type McpTool } from './server.js';

export function mcpInvoker(deps: { profileDir: string; grants: GrantStore; audit: AuditLog; limits?: Partial<SandboxLimits>; support?: SandboxSupport }) {
  return async (skill: LoadedSkill, intent: string, slots: Slots, ctx: SkillContext): Promise<SkillResult> => {
    const id = skill.manifest.id;
    const { client, close, stderr } = await connectMcp({
      skillId: id,
      skillDir: skill.dir,
      entry: skill.manifest.entry,
      dataDir: ctx.dataDir,
      profileDir: deps.profileDir,
      ...(deps.limits ? { limits: deps.limits } : {}),
      ...(deps.support ? { support: deps.support } : {}),
      onViolation: (v) => deps.audit.append('sandbox.violation', id, v),
    });
    try {
      const { tools } = await client.listTools();
      const tool = (tools as McpTool[]).find((t) => intentId(t.name) === intent);
      if (!tool) throw new Error(`the MCP server no longer offers a tool for "${intent}"; reinstall the skill`);
      const args = argumentsFor(tool, slots.input);
      deps.audit.append('call.privileged', id, { method: 'mcp.callTool', target: tool.name, requestId: ctx.requestId });
      const timeoutMs = deps.limits?.callTimeoutMs ?? 30_000;
      const result = (await client.callTool({ name: tool.name, arguments: args }, undefined, { timeout: timeoutMs })) as { content?: { type: string; text?: string }[]; isError?: boolean };
      const text = (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text ?? '').join('\n').slice(0, 100_000);
      if (result.isError) throw new Error(`the tool ${tool.name} failed: ${text || 'no details'}`);
      return { text: text || `${tool.name} done`, data: { tool: tool.name, arguments: args }, untrusted: true };
    } catch (error) {
      const tail = stderr().trim();
      if (tail && process.env.AGENTOS_DEBUG) process.stderr.write(`[${id}] ${tail}\n`);
      throw error;
    } finally {
      await close();
    }
  };
}
