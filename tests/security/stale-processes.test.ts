/**
 * Class 11: a long-running kernel (the portal's, the app's) must notice what another process
 * changed in the same profile before its next call. Kernel "portal" keeps running with its
 * sandbox processes; kernel "terminal" (its own database connection, as `agentos skill …` in a
 * terminal would have) installs, updates, removes, revokes and disables. After each change the
 * portal's very next request must follow it, without a restart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../hosts/bridge/index.js';
import { runInstructionSkill } from '../../kernel/agentskills/index.js';
import { Kernel } from '../../kernel/index.js';
import { mcpInvoker } from '../../kernel/mcp/index.js';
import { checkInstalled, installSkill, removeSkill, type InstallIo } from '../../kernel/packages/index.js';
import { SandboxRunner, sandboxSupport } from '../../kernel/sandbox/index.js';
import type { LoadedSkill } from '../../kernel/skills/index.js';
import { FAST_LIMITS, FIXTURES, copyFixture, tempDir } from './helpers.js';

const HELLO = path.join(FIXTURES, 'good', 'hello');
const quiet: InstallIo = { say: () => undefined, ask: async () => false };
const open: Kernel[] = [];
afterEach(() => {
  for (const k of open.splice(0)) k.close();
});

/** The portal's kernel: sandbox processes kept alive between calls, stopped through `stopSkill`. */
function portal(profile: string): { kernel: Kernel; runner: () => SandboxRunner } {
  let runner: SandboxRunner | undefined;
  const kernel = new Kernel({
    profileDir: profile,
    services: (parts) => {
      const deps = { profileDir: profile, grants: parts.grants, audit: parts.audit, limits: FAST_LIMITS };
      const verify = (skill: LoadedSkill) => checkInstalled(profile, skill.manifest.id, skill.dir);
      runner = new SandboxRunner({ ...deps, verify, events: parts.events, idleMs: 60_000, support: sandboxSupport(), kinds: { instructions: runInstructionSkill, mcp: mcpInvoker(deps) } });
      return { invoker: runner.invoke, stopSkill: (id) => runner!.stop(id) };
    },
  });
  kernel.onClose(() => runner?.close());
  open.push(kernel);
  return { kernel, runner: () => runner! };
}

/** The terminal's kernel: another connection to the same profile, opened for one command. */
async function inTerminal<T>(profile: string, run: (kernel: Kernel) => Promise<T> | T): Promise<T> {
  const kernel = new Kernel({ profileDir: profile });
  try {
    return await run(kernel);
  } finally {
    kernel.close();
  }
}

const greet = (kernel: Kernel) => kernel.handle({ text: 'greet Ada', source: 'ui' });

describe('a running kernel follows changes made by another process', () => {
  it('a skill installed elsewhere is usable at the next request, without a restart', async () => {
    const profile = tempDir('agentos-stale-');
    const { kernel } = portal(profile);
    expect((await greet(kernel)).text).not.toMatch(/Hello, Ada/);
    await inTerminal(profile, (t) => installSkill(t, { source: HELLO, yes: true }, quiet));
    const r = await greet(kernel);
    expect(r.status).toBe('served');
    expect(r.text).toMatch(/Hello, Ada!/);
  });

  it('the portal\'s skills panel (a bridge call) shows an install and a removal made elsewhere', async () => {
    const profile = tempDir('agentos-stale-');
    const { kernel } = portal(profile);
    const listed = async () => ((await dispatch({ kernel }, 'skills.list', {})) as { ok: true; value: { id: string }[] }).value.map((s) => s.id);
    expect(await listed()).not.toContain('hello-world');
    await inTerminal(profile, (t) => installSkill(t, { source: HELLO, yes: true }, quiet));
    expect(await listed()).toContain('hello-world');
    await inTerminal(profile, (t) => removeSkill(t, 'hello-world', quiet, { yes: true, keepData: true }));
    expect(await listed()).not.toContain('hello-world');
  });

  it('a skill removed elsewhere is not run at the next request, and its process is stopped', async () => {
    const profile = tempDir('agentos-stale-');
    await inTerminal(profile, (t) => installSkill(t, { source: HELLO, yes: true }, quiet));
    const { kernel, runner } = portal(profile);
    expect((await greet(kernel)).text).toMatch(/Hello, Ada!/);
    const proc = runner().processOf('hello-world');
    expect(proc?.alive).toBe(true);
    await inTerminal(profile, (t) => removeSkill(t, 'hello-world', quiet, { yes: true, keepData: true }));
    const after = await greet(kernel);
    expect(after.text).not.toMatch(/Hello, Ada/);
    expect(kernel.registry.get('hello-world')).toBeUndefined();
    expect(runner().processOf('hello-world')).toBeUndefined();
    expect(proc?.alive).toBe(false);
    const contributed = await kernel.contribution({ skill: 'hello-world', kind: 'command', name: 'x', args: [] }).then(() => 'ran', (e: Error) => e.message);
    expect(contributed).not.toBe('ran');
  });

  it('a grant revoked elsewhere stops the next use: the skill restarts without it', async () => {
    const profile = tempDir('agentos-stale-');
    await inTerminal(profile, (t) => installSkill(t, { source: HELLO, yes: true }, quiet));
    const { kernel, runner } = portal(profile);
    const notified = () => kernel.audit.list({ skill: 'hello-world', action: 'call.privileged' }).length;
    expect((await greet(kernel)).text).toMatch(/Hello, Ada!/);
    // The grant works while it stands: the notification went through.
    expect(notified()).toBe(1);
    const before = runner().processOf('hello-world');
    await inTerminal(profile, (t) => {
      for (const g of t.grants.active('hello-world')) t.grants.revoke(g.id);
    });
    expect((await greet(kernel)).text).toMatch(/Hello, Ada!/);
    expect(notified()).toBe(1);
    expect(before?.alive).toBe(false);
    expect(runner().processOf('hello-world')).not.toBe(before);
  });

  it('an update installed elsewhere replaces the running code at the next request', async () => {
    const profile = tempDir('agentos-stale-');
    await inTerminal(profile, (t) => installSkill(t, { source: HELLO, yes: true }, quiet));
    const { kernel } = portal(profile);
    expect((await greet(kernel)).text).toMatch(/Hello, Ada!/);
    const v2 = copyFixture(HELLO);
    const manifest = JSON.parse(fs.readFileSync(path.join(v2, 'skill.json'), 'utf8')) as { version: string };
    fs.writeFileSync(path.join(v2, 'skill.json'), JSON.stringify({ ...manifest, version: '2.0.0' }));
    fs.writeFileSync(path.join(v2, 'index.js'), "export default { 'hello.greet': async (slots) => ({ text: `Version two greets ${slots.name}` }) };\n");
    await inTerminal(profile, (t) => installSkill(t, { source: v2, yes: true }, quiet));
    expect((await greet(kernel)).text).toMatch(/Version two greets Ada/);
    expect(kernel.registry.get('hello-world')?.manifest.version).toBe('2.0.0');
  });

  it('a skill disabled elsewhere is refused at the next request; enabled again, it answers', async () => {
    const profile = tempDir('agentos-stale-');
    await inTerminal(profile, (t) => installSkill(t, { source: HELLO, yes: true }, quiet));
    const { kernel } = portal(profile);
    expect((await greet(kernel)).text).toMatch(/Hello, Ada!/);
    await inTerminal(profile, (t) => t.setSkillEnabled('hello-world', false));
    expect((await greet(kernel)).text).not.toMatch(/Hello, Ada!/);
    expect(kernel.registry.isEnabled('hello-world')).toBe(false);
    await inTerminal(profile, (t) => t.setSkillEnabled('hello-world', true));
    expect((await greet(kernel)).text).toMatch(/Hello, Ada!/);
  });

  it('a skill whose files were changed on disk after another process rewrote the lock is refused', async () => {
    const profile = tempDir('agentos-stale-');
    await inTerminal(profile, (t) => installSkill(t, { source: HELLO, yes: true }, quiet));
    const { kernel } = portal(profile);
    expect((await greet(kernel)).text).toMatch(/Hello, Ada!/);
    // Someone edits the installed code and touches the lock (as a reinstall would), without a real install.
    fs.appendFileSync(path.join(profile, 'skills', 'hello-world', 'index.js'), '\n// changed\n');
    const lock = path.join(profile, 'skills.lock.json');
    const json = JSON.parse(fs.readFileSync(lock, 'utf8')) as { skills: Record<string, { installedAt: string }> };
    json.skills['hello-world']!.installedAt = new Date(Date.now() + 1000).toISOString();
    fs.writeFileSync(lock, JSON.stringify(json));
    expect((await greet(kernel)).text).not.toMatch(/Hello, Ada!/);
    expect(kernel.problems.map((p) => p.skill)).toContain('hello-world');
  });
});
