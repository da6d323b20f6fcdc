/**
 * The capabilities a skill receives in its context, each confined to what the user granted.
 * These run in the kernel; a sandboxed skill reaches them over IPC.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ExecCapability, FsCapability, NetCapability } from '../contracts/index.js';
import { expandPath } from '../profile/index.js';

export class CapabilityDenied extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CapabilityDenied';
  }
}

function isInside(child: string, root: string): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Resolves symlinks (of the longest existing prefix) so a link cannot lead out of a granted root. */
async function realpathLoose(p: string): Promise<string> {
  let current = path.resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      const real = await fs.realpath(current);
      return path.join(real, ...rest.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(p);
      rest.push(path.basename(current));
      current = parent;
    }
  }
}

export function createFsCapability(readRoots: readonly string[], writeRoots: readonly string[], vars: { data: string }): FsCapability {
  const roots = readRoots.map((r) => expandPath(r, vars));
  const wroots = writeRoots.map((r) => expandPath(r, vars));
  const confine = async (p: string, allowed: readonly string[], what: string) => {
    const real = await realpathLoose(expandPath(p, vars));
    const realRoots = await Promise.all(allowed.map((r) => realpathLoose(r)));
    if (!realRoots.some((r) => isInside(real, r))) {
      throw new CapabilityDenied(`${what} ${p} is outside the granted folders (${allowed.join(', ') || 'none'})`);
    }
    return real;
  };
  const cap: FsCapability = {
    roots,
    async readFile(p, options = {}) {
      const real = await confine(p, roots, 'reading');
      const max = options.maxBytes ?? 5_000_000;
      const handle = await fs.open(real, 'r');
      try {
        // Read until EOF (or the limit): /proc and /sys files report size 0 or a page size.
        const chunks: Buffer[] = [];
        let total = 0;
        while (total < max) {
          const buf = Buffer.alloc(Math.min(64 * 1024, max - total));
          const { bytesRead } = await handle.read(buf, 0, buf.length, total);
          if (bytesRead === 0) break;
          chunks.push(buf.subarray(0, bytesRead));
          total += bytesRead;
        }
        return Buffer.concat(chunks).toString('utf8');
      } finally {
        await handle.close();
      }
    },
    async readDir(p) {
      const real = await confine(p, roots, 'listing');
      const entries = await fs.readdir(real, { withFileTypes: true });
      const out = [];
      for (const e of entries) {
        const full = path.join(real, e.name);
        try {
          const st = await fs.lstat(full);
          out.push({ name: e.name, path: full, isDirectory: st.isDirectory(), size: st.size, modified: st.mtime.toISOString() });
        } catch {
          // vanished or unreadable: skip
        }
      }
      return out;
    },
    async stat(p) {
      const real = await confine(p, roots, 'reading');
      const st = await fs.stat(real);
      return { path: real, isDirectory: st.isDirectory(), size: st.size, modified: st.mtime.toISOString() };
    },
  };
  if (wroots.length > 0) {
    cap.writeFile = async (p, content) => {
      const real = await confine(p, wroots, 'writing');
      const tmp = `${real}.${process.pid}.tmp`;
      await fs.writeFile(tmp, content);
      await fs.rename(tmp, real);
    };
  }
  return cap;
}

export function createExecCapability(programs: readonly string[]): ExecCapability {
  const allowed = new Set(programs);
  return {
    programs: [...allowed],
    run(program, args, options = {}) {
      if (!allowed.has(program)) {
        return Promise.reject(new CapabilityDenied(`running "${program}" is not granted (granted: ${[...allowed].join(', ') || 'none'})`));
      }
      if (options.detached) {
        return import('node:child_process').then(({ spawn }) => {
          const child = spawn(program, [...args], { cwd: options.cwd, detached: true, stdio: 'ignore' });
          return new Promise((resolve, reject) => {
            child.once('error', (e) => reject(new Error(`${program} could not start: ${e.message}`)));
            child.once('spawn', () => {
              child.unref();
              resolve({ code: 0, stdout: '', stderr: '' });
            });
          });
        });
      }
      return new Promise((resolve, reject) => {
        const child = execFile(
          program,
          [...args],
          { cwd: options.cwd, timeout: options.timeoutMs ?? 30_000, maxBuffer: 10_000_000, encoding: 'utf8' },
          (error, stdout, stderr) => {
            if (error && typeof (error as NodeJS.ErrnoException).code === 'string') {
              reject(new Error(`${program} could not run: ${(error as NodeJS.ErrnoException).code}`));
              return;
            }
            resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
          },
        );
        if (options.input !== undefined) child.stdin?.end(options.input);
      });
    },
  };
}

function hostAllowed(host: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => p === '*' || p === host || (p.startsWith('*.') && (host === p.slice(2) || host.endsWith(p.slice(1)))));
}

export function createNetCapability(hosts: readonly string[]): NetCapability {
  return {
    async fetch(url, init = {}) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new CapabilityDenied(`"${url}" is not a valid URL`);
      }
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new CapabilityDenied(`only http(s) URLs can be fetched, not ${parsed.protocol}`);
      if (!hostAllowed(parsed.hostname, hosts)) throw new CapabilityDenied(`network access to ${parsed.hostname} is not granted (granted: ${hosts.join(', ')})`);
      const res = await fetch(parsed, {
        method: init.method ?? 'GET',
        headers: init.headers,
        body: init.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
      });
      const body = await res.text();
      return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body: body.slice(0, 10_000_000) };
    },
  };
}
