export { SandboxRunner, SkillRefused, runnerFile, type SandboxRunnerOptions } from './runner.js';
export { SandboxProcess, SandboxKilled, buildCommand, DEFAULT_LIMITS, type SandboxLimits, type SpawnSpec } from './process.js';
export { sandboxSupport, describeSupport, type SandboxSupport } from './support.js';
export { serveCapability, PRIVILEGED_METHODS } from './capability-server.js';
