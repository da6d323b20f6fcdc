/** The kernel in its own process, for the Electron main process: spawn it, talk to it, restart it after a crash. */
export { KernelHost, nodeSpawner, type KernelChild, type SpawnKernel } from './host.js';
