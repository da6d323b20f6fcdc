/**
 * The program that runs inside a skill's sandboxed process, kept as source text so it works the
 * same from sources (tsx) and from the build: the runner writes it to the profile and starts Node
 * on it. It speaks newline-delimited JSON on fd 3, imports the skill's entry module, builds a
 * SkillContext whose capabilities call back to the kernel, and reports every operation Node's
 * permission model denied (and every direct network attempt) as a violation before the skill can
 * swallow the error. Plain JavaScript, no imports beyond Node builtins.
 */
export const RUNNER_SOURCE = String.raw`
import net from 'node:net';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import cp from 'node:child_process';
import wt from 'node:worker_threads';
import http from 'node:http';
import https from 'node:https';
import nodeModule from 'node:module';
import { pathToFileURL } from 'node:url';

const entry = process.argv[2];
const netEnforced = process.argv[3] === 'netns';
const chan = new net.Socket({ fd: 3, readable: true, writable: true });
const send = (m) => { try { chan.write(JSON.stringify(m) + '\n'); } catch { /* channel gone */ } };
const realConnect = net.Socket.prototype.connect;
let violations = 0;
const violation = (kind, op, target, message) => {
  if (++violations > 200) return;
  send({ t: 'violation', kind, op, target: String(target ?? '').slice(0, 300), message: String(message ?? '').slice(0, 300) });
};

// Report denied operations before the skill sees (and maybe hides) the error.
const denied = (e) => e && (e.code === 'ERR_ACCESS_DENIED' || e.code === 'ERR_SANDBOX_NET');
function wrap(obj, name, kind) {
  const orig = obj[name];
  if (typeof orig !== 'function' || orig.__sandboxed) return;
  const wrapped = function (...args) {
    try {
      const r = orig.apply(this, args);
      if (r && typeof r.then === 'function') return r.catch((e) => { if (denied(e)) violation(kind, name, args[0], e.message); throw e; });
      return r;
    } catch (e) {
      if (denied(e)) violation(kind, name, args[0], e.message);
      throw e;
    }
  };
  Object.defineProperty(wrapped, '__sandboxed', { value: true });
  try { obj[name] = wrapped; } catch { /* read-only */ }
}
for (const k of Object.keys(fs)) if (typeof fs[k] === 'function' && /^[a-z]/.test(k)) wrap(fs, k, 'fs');
for (const k of Object.keys(fsp)) if (typeof fsp[k] === 'function') wrap(fsp, k, 'fs');
for (const k of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) wrap(cp, k, 'exec');
const RealWorker = wt.Worker;
wt.Worker = new Proxy(RealWorker, {
  construct(target, args) {
    try { return Reflect.construct(target, args); } catch (e) { if (denied(e)) violation('worker', 'Worker', args[0], e.message); throw e; }
  },
});
const origKill = process.kill.bind(process);
process.kill = (pid, sig) => {
  if (pid !== process.pid) { violation('signal', 'kill', pid, 'signalling other processes is not allowed'); const e = new Error('signalling other processes is not allowed in the sandbox'); e.code = 'ERR_ACCESS_DENIED'; throw e; }
  return origKill(pid, sig);
};
// Direct network use: the skill must go through ctx.net. With a network namespace the connection
// fails on its own; without one this guard is all there is (best effort, said at install).
function netAttempt(target) {
  violation('net', 'connect', target, netEnforced ? 'direct network access (the sandbox has no network)' : 'direct network access blocked');
  if (!netEnforced) { const e = new Error('direct network access is not allowed; use ctx.net'); e.code = 'ERR_SANDBOX_NET'; throw e; }
}
net.Socket.prototype.connect = function (...args) {
  if (this === chan) return realConnect.apply(this, args);
  const o = args[0];
  const target = typeof o === 'object' && o ? (o.path ?? (o.host ?? 'localhost') + ':' + o.port) : args.join(':');
  netAttempt(target);
  return realConnect.apply(this, args);
};
for (const mod of [http, https]) for (const k of ['request', 'get']) {
  const orig = mod[k];
  mod[k] = function (...args) {
    const a = args[0];
    const target = typeof a === 'string' ? a : a instanceof URL ? a.href : a && (a.hostname ?? a.host);
    netAttempt(target);
    return orig.apply(this, args);
  };
}
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => { netAttempt(typeof input === 'string' ? input : input && input.url); return realFetch(input, init); };
nodeModule.syncBuiltinESMExports();

// Console output goes to stderr so stdout stays the skill's own; both are size-limited by the kernel.
for (const k of ['log', 'info', 'debug']) console[k] = (...a) => process.stderr.write(a.map(String).join(' ') + '\n');

let seq = 0;
const pending = new Map();
const running = new Map();
function rpc(call, method, args) {
  return new Promise((resolve, reject) => {
    const id = ++seq;
    pending.set(id, { resolve, reject });
    send({ t: 'req', id, call, method, args });
  });
}

function buildContext(call, c, controller) {
  const r = (method) => (...args) => rpc(call, method, args);
  const ctx = {
    skillId: c.skillId, requestId: c.requestId, text: c.text, now: new Date(c.now), timezone: c.timezone,
    settings: Object.freeze(c.settings ?? {}), dataDir: c.dataDir,
    store: { put: r('store.put'), get: r('store.get'), delete: r('store.delete'), list: r('store.list'), search: r('store.search') },
    skills: { list: r('skills.list') },
    log: (m) => send({ t: 'note', call, method: 'log', args: [String(m).slice(0, 2000)] }),
    progress: (f, m) => send({ t: 'note', call, method: 'progress', args: [Number(f), m === undefined ? undefined : String(m).slice(0, 500)] }),
    signal: controller.signal,
  };
  if (c.input) ctx.input = c.input;
  const caps = c.caps ?? {};
  if (caps.fs) {
    ctx.fs = { roots: caps.fs.roots, readFile: r('fs.readFile'), readDir: r('fs.readDir'), stat: r('fs.stat') };
    if (caps.fs.write) ctx.fs.writeFile = r('fs.writeFile');
  }
  if (caps.exec) ctx.exec = { programs: caps.exec.programs, run: r('exec.run') };
  if (caps.net) ctx.net = { fetch: r('net.fetch') };
  if (caps.notify) ctx.notify = { notify: r('notify.notify') };
  if (caps.scheduler) ctx.scheduler = { schedule: r('scheduler.schedule'), list: r('scheduler.list'), cancel: r('scheduler.cancel') };
  if (caps.llm) ctx.llm = { chat: r('llm.chat') };
  if (caps.clipboard) ctx.clipboard = { read: r('clipboard.read'), write: r('clipboard.write') };
  return Object.freeze(ctx);
}

const errorOf = (e) => ({ name: String(e && e.name || 'Error'), message: String(e && e.message || e).slice(0, 2000), code: e && typeof e.code === 'string' ? e.code : undefined });

let handlers;
async function onMessage(m) {
  if (m.t === 'reply') {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else { const e = new Error(m.error.message); e.name = m.error.name; p.reject(e); }
  } else if (m.t === 'abort') {
    running.get(m.id)?.abort();
  } else if (m.t === 'call') {
    const controller = new AbortController();
    running.set(m.id, controller);
    try {
      const handler = handlers[m.intent];
      if (typeof handler !== 'function') throw new Error('the skill has no handler for intent "' + m.intent + '"');
      const value = await handler(m.slots ?? {}, buildContext(m.id, m.ctx, controller));
      send({ t: 'result', id: m.id, ok: true, value });
    } catch (e) {
      send({ t: 'result', id: m.id, ok: false, error: errorOf(e) });
    } finally {
      running.delete(m.id);
    }
  }
}

let buf = '';
chan.setEncoding('utf8');
chan.on('data', (chunk) => {
  buf += chunk;
  let i;
  while ((i = buf.indexOf('\n')) >= 0) {
    const line = buf.slice(0, i);
    buf = buf.slice(i + 1);
    let m;
    try { m = JSON.parse(line); } catch { continue; }
    onMessage(m);
  }
});
chan.on('close', () => process.exit(0));
process.on('unhandledRejection', (e) => process.stderr.write('unhandled rejection: ' + (e && e.message) + '\n'));

try {
  const mod = await import(pathToFileURL(entry).href);
  handlers = mod.default;
  if (!handlers || typeof handlers !== 'object') throw new Error('the entry module has no default export mapping intent ids to handlers');
  send({ t: 'ready', intents: Object.keys(handlers) });
} catch (e) {
  send({ t: 'failed', error: errorOf(e) });
  setTimeout(() => process.exit(1), 20);
}
`;
