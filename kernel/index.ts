/**
 * The kernel's public API: what hosts (hosts/), main/ and tests import. Open a kernel with
 * `openKernel` (its optional services loading on first use); `Kernel` is the composition root.
 */
export { openKernel, type OpenOptions } from './open.js';
export { Kernel, defaultBuiltinSkillsDir, type KernelOptions, type KernelServices, type KernelParts } from './kernel.js';
export { ContributionNotFound, contributedCommands, type SkillInvoker, type ContributionCall } from './dispatch/index.js';
export { CorruptDatabaseError } from './store/index.js';
export { resolveProfileDir } from './profile/index.js';
export * from './contracts/index.js';
