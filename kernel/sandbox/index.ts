export { SandboxRunner, SkillRefused, type IntegrityCheck, type SandboxRunnerOptions } from './runner.js';
export { runnerFile } from './child-program.js';
export { SandboxProcess, SandboxKilled, buildCommand, DEFAULT_LIMITS, type SandboxLimits, type SpawnSpec } from './process.js';
export { sandboxSupport, describeSupport, type SandboxSupport } from './support.js';
export { serveCapability, PRIVILEGED_METHODS } from './capability-server.js';
