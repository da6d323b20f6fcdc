// Security of browser mode: nothing of Node in the page, the CSP present and enforced, and the
/* global window, document -- functions passed to page.evaluate run in the browser */
// server refusing requests without the token, from a foreign Origin, or with a foreign Host.
import http from 'node:http';
import os from 'node:os';
import WebSocket from 'ws';
import { assert, openPortal } from './helpers.mjs';

function get(port, path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'GET', headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function wsOpens(url, origin) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.on('open', () => {
      ws.close();
      resolve(true);
    });
    ws.on('error', () => resolve(false));
    ws.on('unexpected-response', () => resolve(false));
  });
}

export const tests = [
  {
    name: 'no require, process or module in the page; inline script and eval blocked by the CSP',
    async run({ page, server }) {
      await openPortal(page, server);
      const globals = await page.evaluate(() => ({ require: typeof window.require, process: typeof window.process, module: typeof window.module, Buffer: typeof window.Buffer, agentos: typeof window.agentos }));
      assert(globals.require === 'undefined' && globals.process === 'undefined' && globals.module === 'undefined' && globals.Buffer === 'undefined', `Node globals in the page: ${JSON.stringify(globals)}`);
      // Script injected into the page (not run by DevTools, which CSP exempts): inline code and string eval must both be blocked.
      const blocked = await page.evaluate(
        () =>
          new Promise((resolve) => {
            const violations = [];
            document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
            const s = document.createElement('script');
            s.textContent = 'window.__inlineRan = true';
            document.body.append(s);
            setTimeout('window.__evalRan = true', 0);
            setTimeout(() => resolve({ inline: window.__inlineRan === true, evalRan: window.__evalRan === true, violations }), 200);
          }),
      );
      assert(!blocked.inline && !blocked.evalRan, `CSP did not block: ${JSON.stringify(blocked)}`);
      assert(blocked.violations.length >= 2, `expected two CSP violations, saw ${JSON.stringify(blocked.violations)}`);
    },
  },
  {
    name: 'the CSP header is present and strict',
    async run({ server }) {
      const res = await get(server.port, `/?token=${server.token}`);
      assert(res.status === 200, `the portal with the token answered ${res.status}`);
      const csp = res.headers['content-security-policy'] ?? '';
      for (const part of ["default-src 'none'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"]) assert(csp.includes(part), `CSP lacks ${part}: ${csp}`);
      assert(!csp.includes('unsafe-eval') && !/script-src[^;]*unsafe-inline/.test(csp), `CSP allows eval or inline script: ${csp}`);
      assert(res.headers['x-content-type-options'] === 'nosniff', 'nosniff missing');
    },
  },
  {
    name: 'requests without the token are refused (page, assets, WebSocket)',
    async run({ server }) {
      const page = await get(server.port, '/');
      assert(page.status === 401, `the portal without a token answered ${page.status}`);
      const wrong = await get(server.port, '/?token=not-the-token');
      assert(wrong.status === 401, `a wrong token answered ${wrong.status}`);
      const asset = await get(server.port, '/icon.svg');
      assert(asset.status === 401, `an asset without a token answered ${asset.status}`);
      const origin = `http://127.0.0.1:${server.port}`;
      assert(!(await wsOpens(`ws://127.0.0.1:${server.port}/bridge`, origin)), 'the bridge WebSocket opened without a token');
      assert(await wsOpens(`ws://127.0.0.1:${server.port}/bridge?token=${server.token}`, origin), 'the bridge WebSocket refused our own origin with the token');
    },
  },
  {
    name: 'a foreign Origin or Host is refused even with the token',
    async run({ server }) {
      const evil = await get(server.port, `/?token=${server.token}`, { origin: 'http://evil.example' });
      assert(evil.status === 403, `a foreign Origin answered ${evil.status}`);
      const rebinding = await get(server.port, `/?token=${server.token}`, { host: `evil.example:${server.port}` });
      assert(rebinding.status === 403, `a foreign Host answered ${rebinding.status}`);
      assert(!(await wsOpens(`ws://127.0.0.1:${server.port}/bridge?token=${server.token}`, 'http://evil.example')), 'the bridge WebSocket opened for a foreign Origin');
      assert(!(await wsOpens(`ws://127.0.0.1:${server.port}/bridge?token=${server.token}`)), 'the bridge WebSocket opened without an Origin');
      const other = await get(server.port, `/../../etc/passwd?token=${server.token}`);
      assert(other.status === 404, `a path outside the portal answered ${other.status}`);
    },
  },
  {
    name: 'the server listens on 127.0.0.1 only',
    async run({ server }) {
      const external = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
      if (!external) return { skip: 'this machine has no non-loopback IPv4 address to try' };
      const reached = await new Promise((resolve) => {
        const req = http.get({ host: external.address, port: server.port, path: '/', timeout: 2000 }, () => resolve(true));
        req.on('error', () => resolve(false));
        req.on('timeout', () => (req.destroy(), resolve(false)));
      });
      assert(!reached, `the server answered on ${external.address}`);
    },
  },
];
