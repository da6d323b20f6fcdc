/** The kernel's public API: what main/, the CLI host and tests import. */
export { Kernel, createKernel, defaultBuiltinSkillsDir, type KernelOptions, type KernelServices, type SkillInvoker } from './kernel.js';
export { CorruptDatabaseError } from './store/index.js';
export { resolveProfileDir } from './profile/index.js';
export * from './contracts/index.js';
