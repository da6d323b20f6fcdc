/**
 * What skills contribute besides intents (manifest `contributes`): CLI commands and portal views,
 * called through the same executor as intents, so a contributed handler gets exactly the context
 * and grants its skill has. Hosts render the results generically.
 */
import { randomUUID } from 'node:crypto';
import { CommandResultDataSchema, SkillViewSchema, describeIssues, type ContributionResult } from '../contracts/index.js';
import type { SkillRegistry } from '../skills/index.js';
import type { Executor } from './executor.js';

export type ContributionKind = 'command' | 'view';

export interface ContributionCall {
  skill: string;
  kind: ContributionKind;
  name: string;
  args?: readonly string[];
  /** Progress events of the call carry this request id (the CLI follows it to draw a bar). */
  requestId?: string;
  signal?: AbortSignal;
  /**
   * Files or folders the user named for this call (paths typed after a CLI command): the skill may
   * read them during this call even outside its fs.read grant, as a file picker would allow.
   */
  readPaths?: readonly string[];
  /** Replaces the step timeout (Infinity: none — a command run in a terminal, which Ctrl-C stops). */
  timeoutMs?: number;
}

/** A contribution that does not exist or belongs to a disabled skill. */
export class ContributionNotFound extends Error {
  override readonly name = 'ContributionNotFound';
}

/** Every contributed command of the enabled skills, by name. */
export function contributedCommands(registry: Pick<SkillRegistry, 'enabled'>): Map<string, { skill: string; summary: string; usage: string }> {
  const out = new Map<string, { skill: string; summary: string; usage: string }>();
  for (const s of registry.enabled()) {
    for (const c of s.manifest.contributes.commands) if (!out.has(c.name)) out.set(c.name, { skill: s.manifest.id, summary: c.summary, usage: c.usage });
  }
  return out;
}

export async function callContribution(registry: Pick<SkillRegistry, 'get' | 'isEnabled'>, executor: Executor, call: ContributionCall): Promise<ContributionResult> {
  const skill = registry.get(call.skill);
  if (!skill || !registry.isEnabled(call.skill)) throw new ContributionNotFound(`the skill "${call.skill}" is not installed or is disabled`);
  const list = call.kind === 'command' ? skill.manifest.contributes.commands : skill.manifest.contributes.views;
  const found = list.find((c) => ('name' in c ? c.name : c.id) === call.name);
  if (!found) throw new ContributionNotFound(`${skill.manifest.name} has no ${call.kind} "${call.name}"`);
  const args = [...(call.args ?? [])];
  const slots = call.kind === 'command' ? { argv: args } : args[0] ? { selected: args[0] } : {};
  const text = `${call.kind} ${call.name} ${args.join(' ')}`.trim().slice(0, 10_000);
  const result = await executor.call(skill, found.handler, slots, {
    requestId: call.requestId ?? randomUUID().replace(/-/g, '').slice(0, 16),
    text,
    now: new Date(),
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    ...(call.signal ? { signal: call.signal } : {}),
    ...(call.timeoutMs !== undefined ? { timeoutMs: call.timeoutMs } : {}),
    ...(call.readPaths?.length ? { readPaths: call.readPaths } : {}),
  });
  if (call.kind === 'view') {
    const view = SkillViewSchema.safeParse(result.data);
    if (!view.success) throw new Error(`${skill.manifest.name}'s view "${call.name}" returned a malformed view (${describeIssues(view.error).join('; ')})`);
    return { text: result.text, exitCode: 0, view: view.data };
  }
  const data = CommandResultDataSchema.safeParse(result.data ?? { exitCode: 0 });
  if (!data.success) throw new Error(`${skill.manifest.name}'s command "${call.name}" returned malformed data (${describeIssues(data.error).join('; ')})`);
  return { text: result.text, exitCode: data.data.exitCode, ...(typeof data.data.stderr === 'string' ? { stderr: data.data.stderr } : {}) };
}
