/**
 * Portal benchmark (browser mode, real Chromium): cold start — from launching `agentos serve` to
 * the first answered request on screen — and the UI round trip of a request (Enter pressed →
 * answer rendered), p50/p95 over N requests, compared with the kernel's own time for the same
 * requests. Needs dist/ built. Run: npx tsx bench/ui.bench.ts [N]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.argv[2] ?? 100);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-uibench-'));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
const t0 = performance.now();
const server = spawn(process.execPath, [path.join(root, 'dist/hosts/cli/main.js'), 'serve', '--port', '0'], { env: { ...process.env, AGENTOS_HOME: home }, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  server.stdout!.on('data', (d) => {
    out += d;
    const m = out.match(/listening on (\S+)/);
    if (m) resolve(m[1]!);
  });
  server.on('exit', () => reject(new Error('agentos serve exited')));
});
const serverReady = performance.now() - t0;
const page = await browser.newPage();
await page.goto(url);
await page.locator('.conn.open').waitFor();
const interactive = performance.now() - t0;
const input = page.getByRole('textbox', { name: 'Request' });
await input.fill('what can you do');
await input.press('Enter');
await page.locator('.msg.agent .agent-body[data-status]').first().waitFor();
const firstAnswer = performance.now() - t0;

/** Runs in the page (a string: this file is type-checked without the DOM library). */
const ROUND_TRIP = `async (text) => {
  const answered = () => document.querySelectorAll('.msg.agent .agent-body[data-status]').length;
  const before = answered();
  const ta = document.querySelector('textarea');
  Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set.call(ta, text);
  ta.dispatchEvent(new Event('input', { bubbles: true }));
  const start = performance.now();
  ta.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
  await new Promise((resolve) => { if (answered() > before) return resolve(); const mo = new MutationObserver(() => { if (answered() > before) { mo.disconnect(); resolve(); } }); mo.observe(document.body, { subtree: true, childList: true, attributes: true }); });
  const rtt = performance.now() - start;
  const meta = [...document.querySelectorAll('.msg.agent .meta span')].at(-1)?.textContent ?? '';
  return { rtt, kernel: Number.parseFloat(meta) };
}`;

// Round trips: measured inside the page (Enter → answer node in the DOM), so CDP overhead is excluded.
const requests = Array.from({ length: N }, (_, i) => (i % 2 ? `what is ${i} + ${i * 3}` : `what is ${i % 50}% of ${200 + i}`));
const rtts: number[] = [];
const kernelMs: number[] = [];
for (const text of requests) {
  const r = (await page.evaluate(`(${ROUND_TRIP})(${JSON.stringify(text)})`)) as { rtt: number; kernel: number };
  rtts.push(r.rtt);
  if (Number.isFinite(r.kernel)) kernelMs.push(r.kernel);
}
await browser.close();
server.kill('SIGTERM');
fs.rmSync(home, { recursive: true, force: true });

const result = {
  date: new Date().toISOString(),
  machine: `${os.cpus().length} vCPU, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.versions.node}`,
  coldStart: { serverReadyMs: Math.round(serverReady), interactiveMs: Math.round(interactive), firstAnswerMs: Math.round(firstAnswer), targetMs: 1500 },
  roundTrip: { n: rtts.length, p50Ms: +pct(rtts, 50).toFixed(2), p95Ms: +pct(rtts, 95).toFixed(2), targetP95Ms: 50 },
  kernelOnly: { p50Ms: +pct(kernelMs, 50).toFixed(2), p95Ms: +pct(kernelMs, 95).toFixed(2) },
  uiOverheadRatioP50: +(pct(rtts, 50) / Math.max(0.01, pct(kernelMs, 50))).toFixed(2),
};
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results', 'ui.json'), JSON.stringify(result, null, 2));
console.log(`cold start: server ready ${result.coldStart.serverReadyMs} ms, portal interactive ${result.coldStart.interactiveMs} ms, first answer ${result.coldStart.firstAnswerMs} ms (target interactive < 1500 ms)`);
console.log(`UI round trip over ${N} requests: p50 ${result.roundTrip.p50Ms} ms, p95 ${result.roundTrip.p95Ms} ms (target p95 < 50 ms); kernel alone p50 ${result.kernelOnly.p50Ms} ms, p95 ${result.kernelOnly.p95Ms} ms; UI/kernel p50 ratio ${result.uiOverheadRatioP50}×`);
