/**
 * Every item of SECURITY.md's Electron checklist that is decided in code, as plain functions so
 * unit tests pin them: the window's webPreferences, the permission handlers (deny by default;
 * the microphone only for our own origin), navigation and window-open guards, external links
 * (http(s) only, after the user confirms), and IPC sender validation.
 */
import type { BrowserWindowOptions, IpcMainInvokeEvent, PermissionDetails, WebPreferences } from './electron-api.js';

/** The portal is served from this custom protocol, never from file:// (checklist: custom protocol). */
export const APP_SCHEME = 'agentos';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: true,
    safeDialogs: true,
  };
}

export function mainWindowOptions(preload: string, dark: boolean): BrowserWindowOptions {
  return {
    width: 1180,
    height: 780,
    minWidth: 640,
    minHeight: 480,
    show: false,
    title: 'AgentOS',
    backgroundColor: dark ? '#0f1018' : '#f6f6fb',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preload),
  };
}

export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === 'app';
  } catch {
    return false;
  }
}

/** Permission requests: only the microphone (audio only, no camera), only for our own pages. */
export function allowPermission(permission: string, requestingUrl: string | undefined, details: PermissionDetails = {}): boolean {
  if (!requestingUrl || !isAppUrl(requestingUrl)) return false;
  if (permission === 'media') {
    const types = details.mediaTypes ?? [];
    return types.length > 0 && types.every((t) => t === 'audio');
  }
  return false;
}

/** Permission checks (synchronous queries such as enumerateDevices): same rule, by origin. */
export function allowPermissionCheck(permission: string, requestingOrigin: string): boolean {
  return (permission === 'media' || permission === 'audioCapture') && isAppUrl(`${requestingOrigin}/`);
}

/** Links the user may open outside the app, after confirming: http and https only. */
export function externalUrl(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** Navigation inside the window is allowed only to our own pages. */
export function allowNavigation(url: string): boolean {
  return isAppUrl(url);
}

/** IPC is answered only for our own top-level page in a window we created. */
export function validSender(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>, ownWebContents: ReadonlySet<number>): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent) return false;
  return ownWebContents.has(event.sender.id) && isAppUrl(frame.url);
}
