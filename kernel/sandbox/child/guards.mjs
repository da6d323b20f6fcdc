// @ts-check
/**
 * Containment reporting for the sandboxed skill process (part of the child program: see
 * runner.mjs). Node's permission model denies what the skill was not granted; these guards report
 * each denial to the kernel as a violation before the skill can catch and hide the error, refuse
 * signals to other processes, and stop direct network use (the skill must use ctx.net): with a
 * network namespace a connection fails on its own, without one this guard is all there is (best
 * effort, as the install prompt says).
 */
import net from 'node:net';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import cp from 'node:child_process';
import wt from 'node:worker_threads';
import http from 'node:http';
import https from 'node:https';
import nodeModule from 'node:module';

/**
 * Reports one violation to the kernel.
 * @typedef {(kind: string, op: string, target: unknown, message: unknown) => void} Report
 */

/**
 * An error the permission model (or this runner's network guard) raised.
 * @param {unknown} e
 * @returns {e is Error & { code: string }}
 */
const denied = (e) => {
  const code = /** @type {{ code?: unknown } | null} */ (e)?.code;
  return code === 'ERR_ACCESS_DENIED' || code === 'ERR_SANDBOX_NET';
};

/**
 * Replaces `obj[name]` by a function that reports denied operations before the skill sees (and
 * maybe hides) the error, synchronous and promise-returning alike.
 * @param {object} target
 * @param {string} name
 * @param {string} kind
 * @param {Report} report
 */
function wrap(target, name, kind, report) {
  const obj = /** @type {Record<string, unknown>} */ (target);
  const orig = /** @type {((...a: unknown[]) => unknown) & { __sandboxed?: true }} */ (obj[name]);
  if (typeof orig !== 'function' || orig.__sandboxed) return;
  /** @this {unknown} @param {unknown[]} args */
  const wrapped = function (...args) {
    try {
      const r = /** @type {{ then?: unknown, catch: (f: (e: unknown) => never) => unknown } | undefined} */ (orig.apply(this, args));
      if (r && typeof r.then === 'function') {
        return r.catch((e) => {
          if (denied(e)) report(kind, name, args[0], e.message);
          throw e;
        });
      }
      return r;
    } catch (e) {
      if (denied(e)) report(kind, name, args[0], e.message);
      throw e;
    }
  };
  Object.defineProperty(wrapped, '__sandboxed', { value: true });
  try {
    obj[name] = wrapped;
  } catch {
    // read-only
  }
}

/**
 * Installs the guards, once, before the skill's code is imported.
 * @param {{ report: Report, channel: net.Socket, netEnforced: boolean }} options
 *   `channel` is the kernel's socket, the one connection the process may make.
 */
export function guard({ report, channel, netEnforced }) {
  // Denied file, process and worker operations.
  const fsFns = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (fs));
  for (const k of Object.keys(fs)) if (typeof fsFns[k] === 'function' && /^[a-z]/.test(k)) wrap(fs, k, 'fs', report);
  const fspFns = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (fsp));
  for (const k of Object.keys(fsp)) if (typeof fspFns[k] === 'function') wrap(fsp, k, 'fs', report);
  for (const k of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) wrap(cp, k, 'exec', report);
  const RealWorker = wt.Worker;
  /** @type {{ Worker: typeof wt.Worker }} */ (wt).Worker = new Proxy(RealWorker, {
    construct(target, args) {
      try {
        return Reflect.construct(target, args);
      } catch (e) {
        if (denied(e)) report('worker', 'Worker', args[0], e.message);
        throw e;
      }
    },
  });
  // Signals to any other process.
  const origKill = process.kill.bind(process);
  process.kill = (pid, sig) => {
    if (pid !== process.pid) {
      report('signal', 'kill', pid, 'signalling other processes is not allowed');
      const e = Object.assign(new Error('signalling other processes is not allowed in the sandbox'), { code: 'ERR_ACCESS_DENIED' });
      throw e;
    }
    return origKill(pid, sig);
  };

  // Direct network use: sockets, http(s) and fetch.
  /** @param {unknown} target */
  function netAttempt(target) {
    report('net', 'connect', target, netEnforced ? 'direct network access (the sandbox has no network)' : 'direct network access blocked');
    if (!netEnforced) throw Object.assign(new Error('direct network access is not allowed; use ctx.net'), { code: 'ERR_SANDBOX_NET' });
  }
  const realConnect = net.Socket.prototype.connect;
  /** @type {(this: net.Socket, ...args: unknown[]) => net.Socket} */
  const guardedConnect = function (...args) {
    const connect = /** @type {(...a: unknown[]) => net.Socket} */ (realConnect);
    if (this === channel) return connect.apply(this, args);
    const o = /** @type {{ path?: string, host?: string, port?: number } | null} */ (args[0]);
    const target = typeof o === 'object' && o ? (o.path ?? (o.host ?? 'localhost') + ':' + o.port) : args.join(':');
    netAttempt(target);
    return connect.apply(this, args);
  };
  net.Socket.prototype.connect = /** @type {typeof realConnect} */ (/** @type {unknown} */ (guardedConnect));
  for (const mod of [http, https]) {
    const fns = /** @type {Record<string, (...a: unknown[]) => unknown>} */ (/** @type {unknown} */ (mod));
    for (const k of ['request', 'get']) {
      const orig = /** @type {(...a: unknown[]) => unknown} */ (fns[k]);
      /** @this {unknown} @param {unknown[]} args */
      fns[k] = function (...args) {
        const a = /** @type {string | URL | { hostname?: string, host?: string } | undefined} */ (args[0]);
        const target = typeof a === 'string' ? a : a instanceof URL ? a.href : a && (a.hostname ?? a.host);
        netAttempt(target);
        return orig.apply(this, args);
      };
    }
  }
  const realFetch = globalThis.fetch;
  /** @type {(input: string | URL | Request, init?: RequestInit) => Promise<Response>} */
  const guardedFetch = async (input, init) => {
    netAttempt(typeof input === 'string' ? input : input instanceof URL ? input.href : input && input.url);
    return realFetch(input, init);
  };
  /** @type {{ fetch: unknown }} */ (globalThis).fetch = guardedFetch;
  nodeModule.syncBuiltinESMExports();
}
