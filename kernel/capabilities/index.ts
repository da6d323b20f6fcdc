/** The capabilities a skill receives in its context, each confined to what the user granted. */
export { CapabilityDenied } from './denied.js';
export { createFsCapability } from './fs.js';
export { createExecCapability } from './exec.js';
export { createNetCapability } from './net.js';
export { ContextFactory, type ContextHost, type ContextScope, type ContextSkill } from './context.js';
export type { LaunchSpec, Launcher } from './launch.js';
