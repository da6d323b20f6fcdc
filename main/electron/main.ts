/**
 * Electron main: one instance, the kernel in its own process (restarted if it crashes), the
 * portal window from the agentos:// protocol with every checklist guard, typed IPC, a tray with
 * quick actions, the global push-to-talk shortcut, and OS notifications for reminders.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KernelEvent } from '../../kernel/contracts/index.js';
import { KernelHost, nodeSpawner, type SpawnKernel } from '../../hosts/kernel-process/index.js';
import { resolveProfileDir } from '../../kernel/profile/index.js';
import { guardInspector } from '../../kernel/sandbox/index.js';
import { loadElectron, type BrowserWindow, type ElectronApi } from './electron-api.js';
import { broadcast, registerIpc } from './ipc.js';
import { registerScheme, servePortal } from './protocol.js';
import { guardContents, applySessionPolicy, createMainWindow } from './window.js';
import { PUSH_TO_TALK_ACCELERATOR, createTray } from './tray.js';
import { appPaths } from './paths.js';
import { SKILL_NODE_ENV, skillNodeFor } from './skill-node.js';

const { rendererDir, preload, kernelEntry, trayIcon } = appPaths(path.dirname(fileURLToPath(import.meta.url)));

/**
 * How the kernel process starts. Packaged: a utilityProcess (native modules rebuilt for Electron
 * by scripts/rebuild-native.mjs). In development the repository's native modules are built for
 * Node (the CLI and the tests need them so), so the kernel runs under the development Node instead
 * of Electron, and nothing is rebuilt in place. Either way skill processes get a real Node (the app
 * binary is not one): the bundled one when packaged (skill-node.ts).
 */
function kernelSpawner(electron: ElectronApi): SpawnKernel {
  const skillNode = skillNodeFor({ packaged: electron.app.isPackaged, resourcesPath: (process as { resourcesPath?: string }).resourcesPath ?? '', platform: process.platform, env: process.env });
  const env = { ...process.env, ...(skillNode ? { [SKILL_NODE_ENV]: skillNode } : {}) };
  if (!electron.app.isPackaged && skillNode) return nodeSpawner(kernelEntry, { execPath: skillNode, env });
  return () => {
    const child = electron.utilityProcess.fork(kernelEntry, [], { serviceName: 'AgentOS kernel', stdio: 'inherit', env });
    return {
      send: (m) => child.postMessage(m),
      onMessage: (l) => child.on('message', l),
      onExit: (l) => child.on('exit', (code) => l(code)),
      kill: () => void child.kill(),
    };
  };
}

function run(electron: ElectronApi): void {
  const { app } = electron;
  // SIGUSR1 from another process must not open an inspector into the app's main process either.
  guardInspector();
  // Chromium's data (caches, storage, the single-instance lock) lives in the AgentOS profile, not in a second per-app folder
  app.setPath('userData', path.join(resolveProfileDir(), 'desktop'));
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  registerScheme(electron);
  const own = new Set<number>();
  const kernel = new KernelHost(kernelSpawner(electron));
  let win: BrowserWindow | undefined;

  const showWindow = () => {
    if (!win || win.isDestroyed()) {
      win = createMainWindow(electron, preload, false);
      own.add(win.webContents.id);
      win.on('closed', () => (win = undefined));
    }
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };
  const emit = (event: KernelEvent) => broadcast(electron, event);

  app.on('second-instance', showWindow);
  app.on('web-contents-created', (_e, contents) => guardContents(electron, contents));
  app.on('window-all-closed', () => {
    // Stay in the tray so reminders keep firing; quit from the tray menu.
  });
  app.on('activate', showWindow);
  app.on('will-quit', () => {
    electron.globalShortcut.unregisterAll();
    kernel.stop();
  });

  void app.whenReady().then(() => {
    if (!fs.existsSync(path.join(rendererDir, 'index.html'))) throw new Error(`The portal is not built (${rendererDir} is missing): run "npm run build".`);
    app.setAppUserModelId('org.agentos.desktop');
    electron.Menu.setApplicationMenu(null);
    applySessionPolicy(electron);
    servePortal(electron.session.defaultSession, rendererDir);
    kernel.onEvent((event) => {
      emit(event);
      if (event.type === 'timer.fired' && electron.Notification.isSupported()) {
        const n = new electron.Notification({ title: event.timer.kind === 'timer' ? 'Timer done' : 'Reminder', body: event.timer.title + (event.missed ? ' (missed while AgentOS was closed)' : '') });
        n.on('click', showWindow);
        n.show();
      }
    });
    kernel.start();
    registerIpc(electron, kernel, own);
    const pushToTalk = () => {
      showWindow();
      emit({ type: 'shell.pushToTalk', at: new Date().toISOString() });
    };
    if (!electron.globalShortcut.register(PUSH_TO_TALK_ACCELERATOR, pushToTalk)) {
      emit({ type: 'notification', title: 'Push-to-talk shortcut unavailable', body: `${PUSH_TO_TALK_ACCELERATOR} is taken by another application.` });
    }
    createTray(electron, trayIcon, { show: showWindow, pushToTalk, quit: () => app.quit() });
    showWindow();
  });
}

run(loadElectron());
