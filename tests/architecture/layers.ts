/**
 * The order of the kernel's subsystems, bottom first. A subsystem may import the ones below it,
 * never one above it: this is what keeps the kernel free of cycles between subsystems and what a
 * new dependency is checked against. The composition root (the files directly in kernel/, such as
 * kernel.ts, open.ts and index.ts) sits above them all and wires them together.
 *
 * The order follows the real graph: each entry lists (in its comment) what it uses today. To add
 * a subsystem, put it just above the highest one it needs; if it must import one that sits above
 * it, the design needs another look (a narrow interface the lower one declares, given to it by the
 * composition root, as the sandbox gets its integrity check and packages its SkillHost).
 */

export const KERNEL_ORDER = [
  'contracts', //    types and schemas shared by everything: imports nothing of ours
  'sdk', //          small pure helpers for skills and the kernel (numbers in words, seeded RNG): contracts
  'store', //        the profile database
  'profile', //      where the profile lives, path variables
  'log', //          the operational log file (levels, rotation): nothing of ours
  'settings', //     contracts, store
  'events', //       the event bus and log: contracts, store
  'permissions', //  grants: contracts, profile, store
  'audit', //        the hash-chained audit log: store
  'skills', //       manifests, registry, skill records: contracts, store
  'scheduler', //    reminders and timers: contracts, events, store
  'scan', //         static scan of packages: contracts
  'capabilities', // fs, exec, net, the context of one call: contracts, profile
  'intent', //       the intent engine and planner: contracts, sdk
  'llm', //          the language-model client: contracts
  'agent', //        a language model plans with skills as tools; dispatch's policy and executor come in through a narrow interface: contracts, intent, llm
  'graph', //        the knowledge graph: contracts, events, store
  'patterns', //     workflow mining: events
  'recommender', //  skill suggestions: contracts, events, skills
  'voice', //        speech in and out: contracts, intent, sdk, settings
  'agentskills', //  SKILL.md instruction skills: contracts, skills
  'sandbox', //      confined community-skill processes: audit, capabilities, events, permissions, profile, skills
  'mcp', //          MCP servers as skills: sandbox, audit, permissions, profile, skills
  'packages', //     install, update, remove, the lock: agentskills, mcp, sandbox, scan, permissions, skills, store
  'lifecycle', //    skills loaded, enabled, added and removed at run time: packages, permissions, settings, skills, audit
  'rules', //        automations from language, their engine and store: contracts, events, permissions, store
  'dispatch', //     request to plan to steps, confirmation, suggestions, sessions: contracts, events, intent, skills, store
] as const;

/** The composition root: the files directly in kernel/. */
export const ROOT = '(root)';

/** The subsystem of a kernel file (`kernel/intent/x.ts` → `intent`), the root for `kernel/x.ts`, undefined outside kernel/. */
export function subsystemOf(file: string): string | undefined {
  const m = /^kernel\/([^/]+)\//.exec(file);
  if (m) return m[1];
  return /^kernel\/[^/]+$/.test(file) ? ROOT : undefined;
}

/** Position in the order: the root above every subsystem; -1 for a subsystem the order does not declare. */
export function rankOf(subsystem: string): number {
  if (subsystem === ROOT) return KERNEL_ORDER.length;
  return (KERNEL_ORDER as readonly string[]).indexOf(subsystem);
}

/** Why an import from one kernel file to another breaks the order, or undefined when it keeps it. */
export function layerViolation(from: string, to: string): string | undefined {
  const a = subsystemOf(from);
  const b = subsystemOf(to);
  if (!a || !b || a === b) return undefined;
  for (const s of [a, b]) {
    if (rankOf(s) < 0) return `kernel/${s} is not in the declared subsystem order: add it to KERNEL_ORDER (tests/architecture/layers.ts) above what it uses`;
  }
  if (rankOf(b) > rankOf(a)) {
    const name = (s: string) => (s === ROOT ? 'the composition root (kernel/*.ts)' : `kernel/${s}`);
    return `${name(a)} sits below ${name(b)} in the subsystem order: a lower subsystem never imports a higher one (give it a narrow interface it declares instead)`;
  }
  return undefined;
}
