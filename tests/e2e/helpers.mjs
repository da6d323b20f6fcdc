// Shared steps of the end-to-end specs: type a request, wait for its answer, call the bridge.
/* global location -- functions passed to page.evaluate run in the browser */

/** Types a request in the portal and waits for the answer of that request (the newest agent message). */
export async function ask(page, text) {
  const before = await page.locator('.msg.agent').count();
  const input = page.getByRole('textbox', { name: /Request|Your answer/ });
  await input.fill(text);
  await input.press('Enter');
  const answer = page.locator('.msg.agent').nth(before);
  await answer.locator('.agent-body:not(.pending)').waitFor({ timeout: 10_000 });
  return answer;
}

/** Opens the portal and waits until the kernel is connected. */
export async function openPortal(page, server) {
  await page.goto(server.url);
  await page.getByRole('status', { name: 'Kernel connected' }).waitFor({ timeout: 10_000 });
}

/** A bridge call over a fresh WebSocket from inside the page (same origin and token as the portal). */
export function bridgeCall(page, method, input) {
  return page.evaluate(
    ([method, input]) =>
      new Promise((resolve, reject) => {
        const token = new URLSearchParams(location.search).get('token');
        const ws = new WebSocket(`ws://${location.host}/bridge?token=${token}`);
        ws.onopen = () => ws.send(JSON.stringify({ kind: 'call', id: 1, method, input }));
        ws.onmessage = (m) => {
          const frame = JSON.parse(m.data);
          if (frame.kind !== 'result') return;
          ws.close();
          if (frame.ok) resolve(frame.value);
          else reject(new Error(JSON.stringify(frame.error)));
        };
        ws.onerror = () => reject(new Error('WebSocket refused'));
      }),
    [method, input],
  );
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/**
 * Launches a Chromium of its own for a spec that needs extra command-line switches (the harness's
 * shared browser cannot take them), e.g. a fake microphone. Same binary and base switches as
 * scripts/e2e.mjs. The caller closes it.
 */
export async function launchChromium(extraArgs = []) {
  const { chromium } = await import('playwright-core');
  const base = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...base, ...extraArgs] });
}
