/**
 * The kernel with its optional services wired in (language model, recommender, sandbox,
 * knowledge graph, pattern suggestions): the one place the CLI, the browser-mode server and the
 * Electron kernel host get a ready kernel from.
 */
import { Kernel, type KernelOptions } from './kernel.js';

export interface HostOptions extends KernelOptions {
  /** Extra wiring for the long-running hosts (serve, Electron): learners that follow every request. */
  longRunning?: boolean;
}

export async function openKernel(options: HostOptions = {}): Promise<Kernel> {
  const kernel = new Kernel(options);
  return kernel;
}
