/**
 * The part of Electron's API the shell uses, typed here because the `electron` package is an
 * optional dependency (its binary may be absent, and then so are its types). Loaded at run time
 * with createRequire so the kernel-side build never needs Electron installed.
 */
import { createRequire } from 'node:module';

export interface WebPreferences {
  preload: string;
  contextIsolation: boolean;
  sandbox: boolean;
  nodeIntegration: boolean;
  nodeIntegrationInWorker: boolean;
  nodeIntegrationInSubFrames: boolean;
  webSecurity: boolean;
  allowRunningInsecureContent: boolean;
  webviewTag: boolean;
  experimentalFeatures: boolean;
  navigateOnDragDrop: boolean;
  spellcheck: boolean;
  safeDialogs: boolean;
}

export interface BrowserWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  backgroundColor: string;
  autoHideMenuBar: boolean;
  webPreferences: WebPreferences;
}

export interface PermissionDetails {
  mediaTypes?: ('video' | 'audio')[];
  requestingUrl?: string;
  securityOrigin?: string;
}

export interface Session {
  setPermissionRequestHandler(handler: ((wc: WebContents, permission: string, callback: (granted: boolean) => void, details: PermissionDetails) => void) | null): void;
  setPermissionCheckHandler(handler: ((wc: WebContents | null, permission: string, requestingOrigin: string, details: PermissionDetails) => boolean) | null): void;
  protocol: { handle(scheme: string, handler: (request: { url: string; method: string }) => Response | Promise<Response>): void };
}

export interface WebContents {
  id: number;
  session: Session;
  send(channel: string, ...args: unknown[]): void;
  getURL(): string;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void; url: string }, url: string) => void): void;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): void;
  on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string }) => void): void;
}

export interface BrowserWindow {
  webContents: WebContents;
  loadURL(url: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  once(event: 'ready-to-show', listener: () => void): void;
  on(event: 'closed', listener: () => void): void;
}

export interface UtilityProcess {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
  kill(): boolean;
}

export interface IpcMainInvokeEvent {
  sender: WebContents;
  senderFrame: { url: string; parent: unknown } | null;
}

export interface ElectronApi {
  app: {
    requestSingleInstanceLock(): boolean;
    quit(): void;
    whenReady(): Promise<void>;
    on(event: 'second-instance' | 'window-all-closed' | 'activate' | 'will-quit' | 'before-quit', listener: () => void): void;
    on(event: 'web-contents-created', listener: (event: unknown, contents: WebContents) => void): void;
    setAppUserModelId(id: string): void;
    setPath(name: 'userData', path: string): void;
    isPackaged: boolean;
  };
  BrowserWindow: { new (options: BrowserWindowOptions): BrowserWindow; getAllWindows(): BrowserWindow[] };
  ipcMain: { handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void };
  protocol: { registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void };
  session: { defaultSession: Session };
  shell: { openExternal(url: string): Promise<void> };
  dialog: { showMessageBox(options: { type: string; buttons: string[]; defaultId: number; cancelId: number; message: string; detail?: string }): Promise<{ response: number }> };
  globalShortcut: { register(accelerator: string, callback: () => void): boolean; unregisterAll(): void };
  Tray: new (icon: unknown) => { setToolTip(t: string): void; setContextMenu(menu: unknown): void; on(event: 'click', l: () => void): void };
  Menu: { buildFromTemplate(template: { label?: string; type?: 'separator'; accelerator?: string; click?: () => void }[]): unknown; setApplicationMenu(menu: unknown): void };
  nativeImage: { createFromPath(path: string): unknown; createFromDataURL(url: string): unknown };
  Notification: { new (options: { title: string; body?: string; silent?: boolean }): { show(): void; on(e: 'click', l: () => void): void }; isSupported(): boolean };
  net: { fetch(url: string): Promise<Response> };
  utilityProcess: {
    fork(modulePath: string, args?: string[], options?: { serviceName?: string; env?: Record<string, string | undefined>; stdio?: 'inherit' | 'pipe' }): UtilityProcess;
  };
}

export function loadElectron(): ElectronApi {
  return createRequire(import.meta.url)('electron') as ElectronApi;
}
