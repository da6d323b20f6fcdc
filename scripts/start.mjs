// `npm start`: the AgentOS desktop app. Opens the Electron window when the Electron binary is
// installed; otherwise starts browser mode (agentos serve) and opens Chromium in app mode, or
// prints the URL when no browser (or no display) is available.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'hosts', 'cli', 'main.js');
const say = (line) => process.stdout.write(`${line}\n`);

if (!fs.existsSync(cli) || !fs.existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) {
  say('AgentOS is not built yet: building it now (npm run build)…');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
}


function findBrowser() {
  const names = process.env.AGENTOS_BROWSER ? [process.env.AGENTOS_BROWSER] : ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge'];
  for (const name of names) {
    if (path.isAbsolute(name) && fs.existsSync(name)) return name;
    for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
      const candidate = path.join(dir, name);
      if (dir && fs.existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

const electron = electronBinary(root);
if (electron && !process.env.AGENTOS_BROWSER_MODE) {
  say('Starting the AgentOS desktop app (Electron)…');
  const child = spawn(electron, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!electron) say('The Electron binary is not installed here, so AgentOS runs in browser mode.');
  const port = process.env.AGENTOS_PORT ?? '0';
  const server = spawn(process.execPath, [cli, 'serve', '--port', port], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let buffer = '';
  let opened = false;
  server.stdout.on('data', (chunk) => {
    buffer += chunk;
    const match = buffer.match(/AgentOS listening on (\S+)/);
    if (!match || opened) return;
    opened = true;
    const url = match[1];
    say(`AgentOS listening on ${url}`);
    const browser = findBrowser();
    const display = process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
    if (browser && display) {
      const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-browser-'));
      const app = spawn(browser, [`--app=${url}`, `--user-data-dir=${profile}`, '--no-first-run', '--disable-sync', '--window-size=1180,780'], { stdio: 'ignore', detached: false });
      app.on('error', () => say(`Could not start ${browser}: open the URL above in your browser.`));
      say(`Opened the portal in ${path.basename(browser)} (app mode). Press Ctrl+C here to stop AgentOS.`);
    } else {
      say(browser ? 'No display found: open the URL above in a browser on this machine. Ctrl+C stops AgentOS.' : 'No Chromium-based browser found: open the URL above in your browser. Ctrl+C stops AgentOS.');
    }
  });
  const stop = () => server.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.on('exit', (code) => process.exit(code ?? 0));
}
