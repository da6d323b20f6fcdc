export { SandboxRunner, SkillRefused, type IntegrityCheck, type SandboxRunnerOptions } from './runner.js';
export { runnerFile } from './child-program.js';
export { SandboxProcess, SandboxKilled, buildCommand, DEFAULT_LIMITS, MEMORY_ALLOWANCE_MB, dataLimitBytes, type SandboxLimits, type SpawnSpec } from './process.js';
export { sandboxSupport, describeSupport, supportInMode, availableModes, unconfinedRefusal, INSTALL_LINE, ALLOW_UNCONFINED_ENV, type SandboxSupport, type SandboxMode } from './support.js';
export { confine, type ConfineSpec, type ConfineLimits } from './confine.js';
export { createLauncher, type LauncherSpec } from './launcher.js';
export { guardInspector, type InspectorGuardOptions } from './inspector.js';
export { serveCapability, PRIVILEGED_METHODS } from './capability-server.js';
export { SKILL_NODE_ENV, SkillNodeMissing, bundledNodePath, resolveSkillNode, skillNode } from './node-program.js';
