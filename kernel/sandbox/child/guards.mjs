// @ts-check
/**
 * Containment inside the sandboxed process (part of the child program: see runner.mjs; MCP servers
 * get it through preload.mjs). Installed before any skill code loads, in every sandbox mode:
 * - the process internals that reach past Node's permission model are removed (opening another
 *   process's debugger, raw signals, native bindings and addons, active handles, uid changes,
 *   V8 flags), and signals go only to the process itself (never SIGUSR1, which opens an inspector);
 * - denied file, process and worker operations are reported to the kernel as violations before
 *   the skill can catch and hide the error;
 * - direct network use is reported; where the process has no network namespace (mode 'none') it
 *   is also refused: TCP and IPC connections and servers, UDP, DNS (lookups and resolvers with
 *   their own servers), and through them http(s), http2, tls, fetch and WebSocket. That is best
 *   effort only (the install prompt says so); with a namespace the network does not exist.
 *
 * Whatever the guards call at run time was captured when they were installed: a skill that
 * replaces Function.prototype.apply/call/bind, Reflect, Array.prototype or Promise.prototype
 * cannot reach the real functions through them.
 */
import net from 'node:net';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import cp from 'node:child_process';
import wt from 'node:worker_threads';
import http from 'node:http';
import https from 'node:https';
import dgram from 'node:dgram';
import dns from 'node:dns';
import dnsp from 'node:dns/promises';
import http2 from 'node:http2';
import tls from 'node:tls';
import v8 from 'node:v8';
import inspector from 'node:inspector';
import asyncHooks from 'node:async_hooks';
import stream from 'node:stream';
import nodeModule from 'node:module';

// Captured before any skill code runs.
const apply = Reflect.apply;
const construct = Reflect.construct;
const defineProperty = Reflect.defineProperty;
const deleteProperty = Reflect.deleteProperty;
const getDescriptor = Reflect.getOwnPropertyDescriptor;
const charCodeAt = String.prototype.charCodeAt;
const promiseThen = Promise.prototype.then;
const streamWrite = stream.Writable.prototype.write;
const selfPid = process.pid;
const HEX = '0123456789abcdef';
const hasInstance = Function.prototype[Symbol.hasInstance];
/** `v instanceof C` without C's own (skill-definable) Symbol.hasInstance. @param {Function} C @param {unknown} v */
const isA = (C, v) => apply(hasInstance, C, [v]) === true;

/**
 * Reports one violation to the kernel.
 * @typedef {(kind: string, op: string, target: unknown, message: unknown) => void} Report
 */

/**
 * A value as short text without running skill code (no toString, no getters).
 * @param {unknown} v
 * @returns {string}
 */
function text(v) {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === undefined || v === null) return '' + v;
  if (typeof v === 'object') {
    // A URL, or options with a host, path or port: read as plain data only.
    const href = own(v, 'href');
    if (typeof href === 'string') return href;
    const p = own(v, 'path');
    if (typeof p === 'string') return p;
    const host = own(v, 'host') ?? own(v, 'hostname') ?? own(v, 'address');
    const port = own(v, 'port');
    if (host !== undefined || port !== undefined) return text(host ?? 'localhost') + ':' + text(port ?? '');
    return '[object]';
  }
  return '[' + typeof v + ']';
}

/**
 * An own data property, never a getter (URL's href is a getter on its prototype: read it through
 * the captured URL prototype instead).
 * @param {object} o
 * @param {string} k
 * @returns {unknown}
 */
function own(o, k) {
  if (k === 'href' && isA(URL, o)) return apply(urlHref, o, []);
  const d = getDescriptor(o, k);
  return d && 'value' in d ? d.value : undefined;
}
const urlHref = /** @type {() => string} */ (getDescriptor(URL.prototype, 'href')?.get);

/**
 * A JSON string literal built by hand (JSON.stringify and String.prototype are the skill's to patch).
 * @param {string} s
 * @param {number} max
 */
function quote(s, max) {
  let out = '"';
  const n = s.length < max ? s.length : max;
  for (let i = 0; i < n; i++) {
    const c = apply(charCodeAt, s, [i]);
    if (c === 34 || c === 92) out += '\\' + s[i];
    else if (c < 32 || c > 126) out += '\\u' + HEX[(c >> 12) & 15] + HEX[(c >> 8) & 15] + HEX[(c >> 4) & 15] + HEX[c & 15];
    else out += s[i];
  }
  return out + '"';
}

/**
 * The report function: one `violation` line on the kernel channel (the first 200 of them).
 * @param {net.Socket} channel
 * @returns {Report}
 */
export function channelReporter(channel) {
  let count = 0;
  return (kind, op, target, message) => {
    if (++count > 200) return;
    const line = '{"t":"violation","kind":' + quote(text(kind), 32) + ',"op":' + quote(text(op), 64) + ',"target":' + quote(text(target), 300) + ',"message":' + quote(text(message), 300) + '}\n';
    try {
      apply(streamWrite, channel, [line]);
    } catch {
      // channel gone
    }
  };
}

/**
 * An error the permission model (or this guard) raised.
 * @param {unknown} e
 */
const denied = (e) => {
  if (typeof e !== 'object' || e === null) return false;
  const code = own(e, 'code');
  return code === 'ERR_ACCESS_DENIED' || code === 'ERR_SANDBOX_NET';
};

/**
 * @param {string} message
 * @param {string} [code]
 */
const refusal = (message, code = 'ERR_ACCESS_DENIED') => {
  const e = new Error(message);
  defineProperty(e, 'code', { value: code, enumerable: true });
  return e;
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
  const orig = obj[name];
  if (typeof orig !== 'function') return;
  /** @this {unknown} */
  const wrapped = function (/** @type {unknown[]} */ ...args) {
    let r;
    try {
      r = apply(orig, this, args);
    } catch (e) {
      if (denied(e)) report(kind, name, args[0], own(/** @type {object} */ (e), 'message'));
      throw e;
    }
    if (isA(Promise, r)) {
      /** @param {unknown} e */
      const rejected = (e) => {
        if (denied(e)) report(kind, name, args[0], own(/** @type {object} */ (e), 'message'));
        throw e;
      };
      return apply(promiseThen, r, [undefined, rejected]);
    }
    return r;
  };
  defineProperty(obj, name, { value: wrapped, writable: true, configurable: true, enumerable: true });
}

/**
 * Replaces `obj[name]` (a function or class) by one that reports and refuses (mode 'none'), or
 * reports and lets the namespace fail it.
 * @param {object} obj
 * @param {string} name
 * @param {string} op
 * @param {(target: unknown) => void} attempt
 */
function guardFn(obj, name, op, attempt) {
  const rec = /** @type {Record<string, unknown>} */ (obj);
  const orig = /** @type {Function} */ (rec[name]);
  if (typeof orig !== 'function') return;
  /** @this {unknown} */
  function guarded(/** @type {unknown[]} */ ...args) {
    attempt(args[0]);
    return new.target ? construct(orig, args, new.target === guarded ? orig : new.target) : apply(orig, this, args);
  }
  defineProperty(guarded, 'name', { value: op });
  defineProperty(obj, name, { value: guarded, writable: true, configurable: true, enumerable: true });
}

/** Process internals with no use to a skill that reach past the permission model or the guards. */
const REMOVED = ['_debugProcess', '_debugEnd', '_kill', 'binding', '_linkedBinding', 'dlopen', '_getActiveHandles', '_getActiveRequests', 'setuid', 'setgid', 'seteuid', 'setegid', 'setgroups', 'initgroups'];

/**
 * Installs the guards, once, before the skill's code is imported.
 * @param {{ report: Report, netEnforced: boolean }} options
 *   netEnforced: the process has its own (empty) network namespace.
 */
export function guard({ report, netEnforced }) {
  // The standard streams exist before their handles' classes are stripped below.
  void process.stdout;
  void process.stderr;
  void process.stdin;

  // Signals: only to this process, and never SIGUSR1 (it would open an inspector). The raw kill is
  // captured before it is removed with the other internals.
  const rawKill = /** @type {(pid: number, sig: number) => number} */ (/** @type {Record<string, unknown>} */ (/** @type {unknown} */ (process))._kill);
  const signals = /** @type {Record<string, number>} */ (os.constants.signals);
  const SIGUSR1 = signals.SIGUSR1;
  /** @param {unknown} pid @param {unknown} [sig] */
  const kill = (pid, sig = 'SIGTERM') => {
    const num = typeof sig === 'number' ? sig : typeof sig === 'string' ? getDescriptor(signals, sig)?.value : undefined;
    if (pid !== selfPid || typeof num !== 'number' || num === SIGUSR1) {
      report('signal', 'kill', pid, 'signalling other processes (or SIGUSR1) is not allowed');
      throw refusal('signalling other processes is not allowed in the sandbox');
    }
    const err = apply(rawKill, process, [pid, num]);
    if (err) throw refusal('kill failed (' + err + ')', 'ESRCH');
    return true;
  };
  defineProperty(process, 'kill', { value: kill, writable: true, configurable: true, enumerable: true });
  for (let i = 0; i < REMOVED.length; i++) deleteProperty(process, /** @type {string} */ (REMOVED[i]));
  // Scheduling priority: this process's own only (another's, the kernel's included, could be starved).
  const realSetPriority = /** @type {Function} */ (os.setPriority);
  /** @param {unknown[]} args */
  const setPriority = (...args) => {
    if (args.length > 1 && args[0] !== 0 && args[0] !== selfPid) {
      report('signal', 'setPriority', args[0], 'changing the priority of other processes is not allowed');
      throw refusal('changing the priority of other processes is not allowed in the sandbox');
    }
    return apply(realSetPriority, os, args);
  };
  defineProperty(os, 'setPriority', { value: setPriority, writable: true, configurable: true, enumerable: true });
  // A listener on SIGUSR1 keeps Node from starting its inspector on that signal.
  process.on('SIGUSR1', () => report('signal', 'SIGUSR1', selfPid, 'SIGUSR1 received (an inspector would have opened)'));

  // V8 flags (natives syntax and the like) and the inspector.
  guardFn(v8, 'setFlagsFromString', 'setFlagsFromString', () => {
    report('process', 'v8.setFlagsFromString', '', 'changing V8 flags is not allowed');
    throw refusal('changing V8 flags is not allowed in the sandbox');
  });
  for (const k of ['open', 'Session', 'waitForDebugger', 'url']) {
    guardFn(inspector, k, 'inspector.' + k, () => {
      report('process', 'inspector.' + k, '', 'the inspector is not available in the sandbox');
      throw refusal('the inspector is not available in the sandbox');
    });
  }

  // Denied file, process and worker operations.
  const fsFns = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (fs));
  for (const k of Object.keys(fs)) if (typeof fsFns[k] === 'function' && /^[a-z]/.test(k)) wrap(fs, k, 'fs', report);
  const fspFns = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (fsp));
  for (const k of Object.keys(fsp)) if (typeof fspFns[k] === 'function') wrap(fsp, k, 'fs', report);
  for (const k of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) wrap(cp, k, 'exec', report);
  const RealWorker = wt.Worker;
  /** @type {{ Worker: typeof wt.Worker }} */ (wt).Worker = new Proxy(RealWorker, {
    construct(target, args, newTarget) {
      try {
        return construct(target, args, newTarget);
      } catch (e) {
        if (denied(e)) report('worker', 'Worker', args[0], own(/** @type {object} */ (e), 'message'));
        throw e;
      }
    },
  });

  // Direct network use.
  /** @param {string} op @returns {(target: unknown) => void} */
  const attempt = (op) => (target) => {
    report('net', op, target, netEnforced ? 'direct network access (the sandbox has no network)' : 'direct network access blocked');
    if (!netEnforced) throw refusal('direct network access is not allowed; use ctx.net', 'ERR_SANDBOX_NET');
  };
  // Every TCP, TLS and IPC client (net, tls, http, https, http2, fetch, WebSocket) ends in Socket#connect.
  guardFn(net.Socket.prototype, 'connect', 'connect', attempt('connect'));
  guardFn(net.Server.prototype, 'listen', 'listen', attempt('listen'));
  for (const k of ['send', 'bind', 'connect']) guardFn(dgram.Socket.prototype, k, 'udp.' + k, attempt('udp.' + k));
  // Kept for the report's target (the URL); the connection itself is refused in Socket#connect.
  for (const mod of [http, https]) for (const k of ['request', 'get']) guardFn(mod, k, k, attempt(k));
  guardFn(http2, 'connect', 'http2.connect', attempt('http2.connect'));
  guardFn(tls, 'connect', 'tls.connect', attempt('tls.connect'));
  const g = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (globalThis));
  guardFn(g, 'fetch', 'fetch', attempt('fetch'));
  if (typeof g.WebSocket === 'function') guardFn(g, 'WebSocket', 'WebSocket', attempt('WebSocket'));
  if (typeof g.EventSource === 'function') guardFn(g, 'EventSource', 'EventSource', attempt('EventSource'));
  if (!netEnforced) {
    // DNS goes out through libc and c-ares, never through a socket the guard above sees.
    for (const mod of [dns, dnsp]) {
      const rec = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (mod));
      for (const k of Object.keys(mod)) if (typeof rec[k] === 'function' && k !== 'getDefaultResultOrder' && k !== 'getServers') guardFn(mod, k, 'dns.' + k, attempt('dns.' + k));
    }
    // Raw handles reachable from the standard streams (their class can bind, listen and connect) and async hooks that hand out others.
    const handles = [/** @type {{ _handle?: object }} */ (/** @type {unknown} */ (process.stdout))._handle, /** @type {{ _handle?: object }} */ (/** @type {unknown} */ (process.stderr))._handle];
    for (let i = 0; i < handles.length; i++) {
      const proto = handles[i] ? Object.getPrototypeOf(handles[i]) : undefined;
      if (!proto || proto === Object.prototype) continue;
      for (const k of ['bind', 'bind6', 'listen', 'connect', 'connect6', 'open']) if (typeof proto[k] === 'function') guardFn(proto, k, 'handle.' + k, attempt('handle.' + k));
    }
    guardFn(asyncHooks, 'createHook', 'async_hooks.createHook', () => {
      throw refusal('async hooks are not available without a network namespace');
    });
  }
  nodeModule.syncBuiltinESMExports();
}
