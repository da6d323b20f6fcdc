/** The tray icon and its quick actions: show the window, push-to-talk, a new request, quit. */
import type { ElectronApi } from './electron-api.js';

export interface TrayActions {
  show(): void;
  pushToTalk(): void;
  quit(): void;
}

export const PUSH_TO_TALK_ACCELERATOR = 'CommandOrControl+Shift+Space';

export function trayMenuTemplate(actions: TrayActions) {
  return [
    { label: 'Open AgentOS', click: actions.show },
    { label: 'Push to talk', accelerator: PUSH_TO_TALK_ACCELERATOR, click: actions.pushToTalk },
    { type: 'separator' as const },
    { label: 'Quit AgentOS', click: actions.quit },
  ];
}

export function createTray(electron: Pick<ElectronApi, 'Tray' | 'Menu' | 'nativeImage'>, iconPath: string, actions: TrayActions) {
  const tray = new electron.Tray(electron.nativeImage.createFromPath(iconPath));
  tray.setToolTip('AgentOS');
  tray.setContextMenu(electron.Menu.buildFromTemplate(trayMenuTemplate(actions)));
  tray.on('click', actions.show);
  return tray;
}
