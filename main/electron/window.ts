/**
 * The window factory: every window gets the checklist's webPreferences, deny-by-default
 * permission handlers, a window-open handler that denies (offering http(s) links to the
 * browser after the user confirms), and navigation and webview guards.
 */
import type { BrowserWindow, ElectronApi, WebContents } from './electron-api.js';
import { APP_URL, allowNavigation, allowPermission, allowPermissionCheck, externalUrl, mainWindowOptions } from './security.js';

/** Asks before opening a link in the user's browser (checklist: openExternal only after confirmation). */
async function confirmExternal(electron: Pick<ElectronApi, 'dialog' | 'shell'>, url: string): Promise<void> {
  const safe = externalUrl(url);
  if (!safe) return;
  const { response } = await electron.dialog.showMessageBox({ type: 'question', buttons: ['Open in browser', 'Cancel'], defaultId: 1, cancelId: 1, message: 'Open this link in your browser?', detail: safe });
  if (response === 0) await electron.shell.openExternal(safe);
}

/** Guards for any web contents the app creates (also applied app-wide through web-contents-created). */
export function guardContents(electron: Pick<ElectronApi, 'dialog' | 'shell'>, contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    void confirmExternal(electron, url);
    return { action: 'deny' };
  });
  const block = (event: { preventDefault(): void }, url: string) => {
    if (allowNavigation(url)) return;
    event.preventDefault();
    void confirmExternal(electron, url);
  };
  contents.on('will-navigate', block);
  contents.on('will-redirect', block);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function applySessionPolicy(electron: Pick<ElectronApi, 'session'>): void {
  const s = electron.session.defaultSession;
  s.setPermissionRequestHandler((wc, permission, callback, details) => callback(allowPermission(permission, details.requestingUrl ?? wc.getURL(), details)));
  s.setPermissionCheckHandler((_wc, permission, origin) => allowPermissionCheck(permission, origin));
}

export function createMainWindow(electron: ElectronApi, preload: string, dark: boolean): BrowserWindow {
  const win = new electron.BrowserWindow(mainWindowOptions(preload, dark));
  guardContents(electron, win.webContents);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_URL);
  return win;
}
