// The Electron window, when the Electron binary is installed: it opens the portal with the bridge
/* global window -- functions passed to page.evaluate run in the browser */
// exposed as window.agentos and nothing of Node. Skipped with the reason where it is not installed.
import fs from 'node:fs';
import path from 'node:path';
import { electronBinary } from '../../scripts/electron-binary.mjs';
import { assert } from './helpers.mjs';


export const tests = [
  {
    name: 'the Electron window exposes only window.agentos',
    async run({ root, home }) {
      const bin = electronBinary(root);
      if (!bin) return { skip: 'the Electron binary is not installed (optional dependency "electron" missing or its download failed); browser mode was tested instead' };
      if (!fs.existsSync(path.join(root, 'dist', 'main', 'electron', 'main.js'))) return { skip: 'dist/main is not built' };
      const { _electron } = await import('playwright-core');
      const app = await _electron.launch({ executablePath: bin, args: [path.join(root, 'dist', 'main', 'electron', 'main.js'), '--no-sandbox'], env: { ...process.env, AGENTOS_HOME: home } });
      try {
        const win = await app.firstWindow();
        await win.waitForSelector('.conn.open', { timeout: 20_000 });
        const g = await win.evaluate(() => ({ agentos: typeof window.agentos, require: typeof window.require, process: typeof window.process }));
        assert(g.agentos === 'object' && g.require === 'undefined' && g.process === 'undefined', JSON.stringify(g));
      } finally {
        await app.close();
      }
    },
  },
];
