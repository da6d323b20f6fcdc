// End-to-end tests of the portal in a real browser (Debian's Chromium through playwright-core),
// against browser mode. Builds nothing: expects dist/ built (npm run build). Starts
// `node dist/hosts/cli/main.js serve --port 0` with a temporary AGENTOS_HOME, reads its URL line,
// runs every tests/e2e/*.spec.mjs, saves screenshots to artifacts/e2e/, and ends with
// "e2e: N passed, M failed, K skipped" (exit 1 on any failure).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'hosts', 'cli', 'main.js');
const artifacts = path.join(root, 'artifacts', 'e2e');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function fail(message) {
  process.stderr.write(`e2e: ${message}\n`);
  process.stdout.write('e2e: 0 passed, 1 failed, 0 skipped\n');
  process.exit(1);
}

if (!fs.existsSync(cli) || !fs.existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) fail('dist/ is not built (dist/hosts/cli/main.js or dist/renderer/index.html missing): run "npm run build" first.');
if (!fs.existsSync(chromiumPath)) fail(`Chromium is not installed at ${chromiumPath}: "apt-get install chromium" (or set CHROMIUM_PATH).`);
const { chromium } = await import('playwright-core');

/** Starts browser mode and resolves with its URL once the one line is printed. */
export function startServer(home) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'serve', '--port', '0'], { cwd: root, env: { ...process.env, AGENTOS_HOME: home, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`agentos serve printed no URL within 20 s.\nstdout: ${out}\nstderr: ${err}`)), 20_000);
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/^AgentOS listening on (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+))$/m);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], port: Number(m[2]), token: m[3], lines: () => out.split('\n').filter(Boolean) });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`agentos serve exited with ${code} before listening.\nstderr: ${err}`));
    });
  });
}

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-e2e-'));
fs.mkdirSync(artifacts, { recursive: true });
const server = await startServer(home).catch((e) => fail(e.message));
const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });

const specDir = path.join(root, 'tests', 'e2e');
const only = process.argv.slice(2);
// A full run starts from an empty folder, so no screenshot of an earlier failure is mistaken for this run's.
if (only.length === 0) {
  fs.rmSync(artifacts, { recursive: true, force: true });
  fs.mkdirSync(artifacts, { recursive: true });
}
const specs = fs.readdirSync(specDir).filter((f) => f.endsWith('.spec.mjs') && (only.length === 0 || only.some((o) => f.includes(o)))).sort();
let passed = 0;
let failed = 0;
let skipped = 0;
const started = Date.now();
for (const file of specs) {
  const mod = await import(pathToFileURL(path.join(specDir, file)).href);
  for (const t of mod.tests) {
    const label = `${file.replace('.spec.mjs', '')} › ${t.name}`;
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: t.colorScheme ?? 'light' });
    const page = await context.newPage();
    const consoleErrors = [];
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    const t0 = Date.now();
    try {
      const result = await t.run({ page, context, browser, server, home, root, artifacts, shot: (name) => page.screenshot({ path: path.join(artifacts, `${name}.png`) }), consoleErrors });
      if (result && result.skip) {
        skipped++;
        process.stdout.write(`  - ${label} (skipped: ${result.skip})\n`);
      } else {
        if (consoleErrors.length) throw new Error(`page errors: ${consoleErrors.join('; ')}`);
        passed++;
        process.stdout.write(`  ✓ ${label} (${Date.now() - t0} ms)\n`);
      }
    } catch (error) {
      failed++;
      process.stdout.write(`  ✗ ${label} (${Date.now() - t0} ms)\n    ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n    ')}\n`);
      await page.screenshot({ path: path.join(artifacts, `FAILED-${file.replace('.spec.mjs', '')}-${t.name.replace(/\W+/g, '-')}.png`) }).catch(() => undefined);
    } finally {
      await context.close();
    }
  }
}
await browser.close();
server.child.kill('SIGTERM');
fs.rmSync(home, { recursive: true, force: true });
if (process.env.AGENTOS_E2E_SUMMARY) fs.writeFileSync(process.env.AGENTOS_E2E_SUMMARY, JSON.stringify({ passed, failed, skipped }));
process.stdout.write(`e2e: ${passed} passed, ${failed} failed, ${skipped} skipped (${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in artifacts/e2e/)\n`);
process.exit(failed > 0 ? 1 : 0);
