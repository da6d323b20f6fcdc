// @ts-check
/**
 * The program that runs inside a skill's sandboxed process (the kernel copies this folder into
 * the profile and starts Node on this file: see ../runner.ts). It installs the containment guards
 * (guards.mjs), speaks newline-delimited JSON with the kernel on fd 3, imports the skill's entry
 * module, and runs each call with a SkillContext whose capabilities are remotes to the kernel.
 *
 * Plain JavaScript importing only Node builtins and its sibling: it runs under the permission
 * model from its copy, without the kernel's sources or node_modules.
 *
 * Usage: node runner.mjs ENTRY_FILE netns|nonet   (fd 3: the channel to the kernel)
 */
import net from 'node:net';
import { pathToFileURL } from 'node:url';
import { channelReporter, guard } from './guards.mjs';

/** @typedef {{ name: string, message: string, code?: string }} WireError */
/**
 * What the kernel sends (see ../protocol.ts for what the child sends back).
 * @typedef {{ t: 'reply', id: number, ok: boolean, value?: unknown, error?: WireError }
 *   | { t: 'abort', id: number }
 *   | { t: 'call', id: number, intent: string, slots?: Record<string, unknown>, ctx: CallContextInfo }} KernelMessage
 */
/**
 * The context facts of one call (CallContextInfo in ../protocol.ts).
 * @typedef {{ skillId: string, requestId: string, text: string, now: string, timezone: string,
 *   settings?: Record<string, unknown>, dataDir: string, input?: unknown, caps?: CapsInfo }} CallContextInfo
 */
/**
 * The capabilities the kernel built for the call (CapsInfo in ../protocol.ts).
 * @typedef {{ fs?: { roots: string[], write: boolean }, exec?: { programs: string[] }, net?: true,
 *   notify?: true, scheduler?: true, llm?: true, clipboard?: true }} CapsInfo
 */
/** @typedef {(...args: unknown[]) => Promise<unknown>} Remote */
/** @typedef {(slots: Record<string, unknown>, ctx: object) => unknown} Handler */

const entry = process.argv[2] ?? '';
const netEnforced = process.argv[3] === 'netns';
const chan = new net.Socket({ fd: 3, readable: true, writable: true });
/** @param {object} m */
const send = (m) => {
  try {
    chan.write(JSON.stringify(m) + '\n');
  } catch {
    // channel gone
  }
};
// Violations are reported on the channel through functions captured before the skill loads.
guard({ report: channelReporter(chan), netEnforced });

// Console output goes to stderr so stdout stays the skill's own; both are size-limited by the kernel.
for (const k of /** @type {const} */ (['log', 'info', 'debug'])) console[k] = (...a) => process.stderr.write(a.map(String).join(' ') + '\n');

let seq = 0;
/** @type {Map<number, { resolve: (v: unknown) => void, reject: (e: Error) => void }>} */
const pending = new Map();
/** @type {Map<number, AbortController>} */
const running = new Map();

/**
 * One capability call to the kernel, on behalf of the skill's call `call`.
 * @param {number} call
 * @param {string} method
 * @param {unknown[]} args
 * @returns {Promise<unknown>}
 */
function rpc(call, method, args) {
  return new Promise((resolve, reject) => {
    const id = ++seq;
    pending.set(id, { resolve, reject });
    send({ t: 'req', id, call, method, args });
  });
}

/**
 * File content for `fs.writeFile`: JSON carries strings only, so bytes travel as `{ base64 }`
 * (the kernel decodes them back to bytes before writing).
 * @param {unknown} content
 */
function wireContent(content) {
  if (content instanceof Uint8Array) return { base64: Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('base64') };
  return content;
}

/**
 * The JSON part of ExecOptions (cwd, env, input, timeoutMs, maxOutput, detached). Callbacks and
 * the abort signal cannot cross the channel: the output arrives with the result instead.
 * @param {Record<string, unknown>} options
 */
function wireExecOptions(options) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [k, v] of Object.entries(options)) if (typeof v !== 'function' && k !== 'signal') out[k] = v;
  return out;
}

/**
 * The skill's context for one call: facts, and a remote for each capability the kernel granted
 * (absent ones stay absent, as in the kernel's own context).
 * @param {number} call
 * @param {CallContextInfo} c
 * @param {AbortController} controller
 */
function buildContext(call, c, controller) {
  /** @param {string} method @returns {Remote} */
  const r = (method) => (...args) => rpc(call, method, args);
  /** @type {Record<string, unknown>} */
  const ctx = {
    skillId: c.skillId,
    requestId: c.requestId,
    text: c.text,
    now: new Date(c.now),
    timezone: c.timezone,
    settings: Object.freeze(c.settings ?? {}),
    dataDir: c.dataDir,
    store: { put: r('store.put'), get: r('store.get'), delete: r('store.delete'), list: r('store.list'), search: r('store.search') },
    skills: { list: r('skills.list') },
    /** @param {unknown} m */
    log: (m) => send({ t: 'note', call, method: 'log', args: [String(m).slice(0, 2000)] }),
    /** @param {unknown} f @param {unknown} [m] */
    progress: (f, m) => send({ t: 'note', call, method: 'progress', args: [Number(f), m === undefined ? undefined : String(m).slice(0, 500)] }),
    signal: controller.signal,
  };
  if (c.input) ctx.input = c.input;
  const caps = c.caps ?? {};
  if (caps.fs) {
    /** @type {Record<string, unknown>} */
    const fsCap = { roots: caps.fs.roots, readFile: r('fs.readFile'), readDir: r('fs.readDir'), stat: r('fs.stat'), exists: r('fs.exists') };
    if (caps.fs.write) {
      /** @param {unknown} p @param {unknown} content */
      fsCap.writeFile = (p, content) => rpc(call, 'fs.writeFile', [p, wireContent(content)]);
      for (const m of ['mkdir', 'makeTempDir', 'remove', 'rename', 'copyFile']) fsCap[m] = r(`fs.${m}`);
    }
    ctx.fs = fsCap;
  }
  if (caps.exec) {
    /**
     * @param {unknown} program
     * @param {unknown} args
     * @param {Record<string, unknown>} [options]
     */
    const run = async (program, args, options) => {
      if (!options) return rpc(call, 'exec.run', [program, args]);
      const result = /** @type {{ stdout?: string, stderr?: string } | undefined} */ (await rpc(call, 'exec.run', [program, args, wireExecOptions(options)]));
      // No streaming across the channel: a skill that reads output through the callbacks gets it whole, once.
      if (typeof options.onStdout === 'function' && result?.stdout) options.onStdout(result.stdout);
      if (typeof options.onStderr === 'function' && result?.stderr) options.onStderr(result.stderr);
      return result;
    };
    ctx.exec = { programs: caps.exec.programs, run, which: r('exec.which') };
  }
  if (caps.net) ctx.net = { fetch: r('net.fetch') };
  if (caps.notify) ctx.notify = { notify: r('notify.notify') };
  if (caps.scheduler) ctx.scheduler = { schedule: r('scheduler.schedule'), list: r('scheduler.list'), cancel: r('scheduler.cancel') };
  if (caps.llm) ctx.llm = { chat: r('llm.chat') };
  if (caps.clipboard) ctx.clipboard = { read: r('clipboard.read'), write: r('clipboard.write') };
  return Object.freeze(ctx);
}

/**
 * @param {unknown} e
 * @returns {WireError}
 */
const errorOf = (e) => {
  const err = /** @type {{ name?: unknown, message?: unknown, code?: unknown } | null | undefined} */ (e);
  return {
    name: String((err && err.name) || 'Error'),
    message: String((err && err.message) || e).slice(0, 2000),
    code: err && typeof err.code === 'string' ? err.code : undefined,
  };
};

/** @type {Record<string, unknown>} */
let handlers = {};

/** @param {KernelMessage} m */
async function onMessage(m) {
  if (m.t === 'reply') {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    // JSON has no undefined: the kernel sends an absent result (store.get of nothing, exec.which
    // of a missing program) as null, and the contract says undefined.
    if (m.ok) p.resolve(m.value === null ? undefined : m.value);
    else {
      const e = new Error(m.error?.message);
      e.name = m.error?.name ?? 'Error';
      p.reject(e);
    }
  } else if (m.t === 'abort') {
    running.get(m.id)?.abort();
  } else if (m.t === 'call') {
    const controller = new AbortController();
    running.set(m.id, controller);
    try {
      const handler = /** @type {Handler | undefined} */ (handlers[m.intent]);
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
    try {
      m = JSON.parse(line);
    } catch {
      continue;
    }
    onMessage(m);
  }
});
chan.on('close', () => process.exit(0));
process.on('unhandledRejection', (e) => process.stderr.write('unhandled rejection: ' + (e instanceof Error ? e.message : String(e)) + '\n'));

try {
  const mod = await import(pathToFileURL(entry).href);
  handlers = mod.default;
  if (!handlers || typeof handlers !== 'object') throw new Error('the entry module has no default export mapping intent ids to handlers');
  send({ t: 'ready', intents: Object.keys(handlers) });
} catch (e) {
  send({ t: 'failed', error: errorOf(e) });
  setTimeout(() => process.exit(1), 20);
}
