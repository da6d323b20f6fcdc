/**
 * Where Electron main finds the app's own files, from the folder of its compiled module
 * (dist/main/electron): the portal, the preload script, the kernel process's entry and the tray
 * icon. Kept apart from main.ts (which needs Electron) so tests/packaging can check, under plain
 * Node, that every path resolves inside the packaged layout (resources/app.asar/dist/…).
 */
import path from 'node:path';

export interface AppPaths {
  /** dist/ */
  distDir: string;
  /** dist/renderer: the portal (index.html and its assets), served over agentos:// */
  rendererDir: string;
  /** dist/main/electron/preload.cjs */
  preload: string;
  /** dist/hosts/kernel-process/entry.js, started in a utilityProcess */
  kernelEntry: string;
  /** The tray icon, part of the portal's bundle. */
  trayIcon: string;
}

export function appPaths(mainDir: string): AppPaths {
  const distDir = path.resolve(mainDir, '..', '..');
  const rendererDir = path.join(distDir, 'renderer');
  return {
    distDir,
    rendererDir,
    preload: path.join(mainDir, 'preload.cjs'),
    kernelEntry: path.join(distDir, 'hosts', 'kernel-process', 'entry.js'),
    trayIcon: path.join(rendererDir, 'icon.png'),
  };
}
