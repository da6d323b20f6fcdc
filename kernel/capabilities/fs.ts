/**
 * Filesystem access confined to granted roots, as skills get it in `ctx.fs`. Every path is
 * resolved through its symlinks (realpath of the longest existing prefix) before the check, so a
 * link inside a granted folder cannot lead out of it, and the real path is refused when it lies in
 * the protected area (the profile and the skill folders, except the skill's own data folder), even
 * inside a granted folder such as `~`. Reads may touch the read and the write roots; changes only
 * the write roots. Paths may start with `~`, `$HOME` and `$DATA`. Every change is reported to
 * `onWrite` (the audit) with its real path before it is made.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FsCapability } from '../contracts/index.js';
import { expandScopePath, expandTarget, isProtected, within, type ScopeVars } from '../permissions/index.js';
import { CapabilityDenied } from './denied.js';

/** Resolves symlinks (of the longest existing prefix) so a link cannot lead out of a granted root. */
export async function realpathLoose(p: string): Promise<string> {
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

const notFound = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT';

/** One change made through the capability, for the audit log. */
export interface FsWrite {
  method: 'writeFile' | 'mkdir' | 'makeTempDir' | 'remove' | 'rename' | 'copyFile';
  /** The real absolute path changed (the destination of a rename or copy). */
  path: string;
  from?: string;
  bytes?: number;
}

export interface FsOptions {
  /** Called before each change, with its real path (the kernel audits it). */
  onWrite?(write: FsWrite): void;
}

/** A granted root, absolute; a root that cannot be resolved (an escape stored before scopes were checked) grants nothing. */
function rootsOf(list: readonly string[], vars: ScopeVars): string[] {
  return list.flatMap((r) => {
    try {
      return [expandScopePath(r, vars)];
    } catch {
      return [];
    }
  });
}

export function createFsCapability(readRoots: readonly string[], writeRoots: readonly string[], vars: ScopeVars & { data: string }, options: FsOptions = {}): FsCapability {
  const wroots = [...new Set(rootsOf(writeRoots, vars))];
  const roots = [...new Set([...rootsOf(readRoots, vars), ...wroots])];
  const listed = (allowed: readonly string[]) => allowed.join(', ') || 'none';
  const absolute = (p: string) => {
    try {
      return expandTarget(p, vars);
    } catch (error) {
      throw new CapabilityDenied((error as Error).message);
    }
  };
  const refuseProtected = (real: string, p: string, what: string) => {
    if (isProtected(real, vars)) throw new CapabilityDenied(`${what} ${p} is refused: ${real} lies in the AgentOS profile or a skill folder, which no grant reaches (use $DATA for the skill's own files)`);
  };

  /** The real path of `p` (links followed) when it lies in one of `allowed` and outside the protected area, else CapabilityDenied. */
  const confine = async (p: string, allowed: readonly string[], what: string) => {
    const real = await realpathLoose(absolute(p));
    const realRoots = await Promise.all(allowed.map((r) => realpathLoose(r)));
    if (!realRoots.some((r) => within(real, r))) throw new CapabilityDenied(`${what} ${p} is outside the granted folders (${listed(allowed)})`);
    refuseProtected(real, p, what);
    return real;
  };
  /**
   * For calls that act on a directory entry itself (remove, rename): the entry's folder is resolved,
   * the last component is not, so removing a link removes the link and never what it points to.
   * A granted root itself cannot be removed or moved.
   */
  const confineEntry = async (p: string, allowed: readonly string[], what: string) => {
    const abs = absolute(p);
    const real = path.join(await realpathLoose(path.dirname(abs)), path.basename(abs));
    const realRoots = await Promise.all(allowed.map((r) => realpathLoose(r)));
    if (realRoots.includes(real) || realRoots.includes(abs)) throw new CapabilityDenied(`${what} ${p}: a granted folder itself cannot be removed or moved`);
    if (!realRoots.some((r) => within(real, r))) throw new CapabilityDenied(`${what} ${p} is outside the granted folders (${listed(allowed)})`);
    refuseProtected(real, p, what);
    return real;
  };
  const wrote = (w: FsWrite) => options.onWrite?.(w);
  /** Writes beside the target and renames over it, so readers never see half a file. */
  const atomicWrite = async (real: string, content: string | Uint8Array) => {
    await fs.mkdir(path.dirname(real), { recursive: true });
    const tmp = `${real}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await fs.writeFile(tmp, content);
      await fs.rename(tmp, real);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
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
    async exists(p) {
      const real = await confine(p, roots, 'reading');
      try {
        await fs.stat(real);
        return true;
      } catch (e) {
        if (notFound(e)) return false;
        throw e;
      }
    },
  };
  if (wroots.length > 0) {
    cap.writeFile = async (p, content) => {
      const real = await confine(p, wroots, 'writing');
      wrote({ method: 'writeFile', path: real, bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength });
      await atomicWrite(real, content);
    };
    cap.mkdir = async (p) => {
      const real = await confine(p, wroots, 'creating');
      wrote({ method: 'mkdir', path: real });
      await fs.mkdir(real, { recursive: true });
    };
    cap.makeTempDir = async (prefix, parent = '$DATA/tmp') => {
      if (!/^[\w.-]{0,64}$/.test(prefix)) throw new CapabilityDenied(`a temporary folder's prefix is a plain name (letters, digits, ".", "-", "_"), not "${prefix}"`);
      const real = await confine(parent, wroots, 'creating a temporary folder in');
      await fs.mkdir(real, { recursive: true });
      const made = await fs.mkdtemp(path.join(real, prefix));
      wrote({ method: 'makeTempDir', path: made });
      return made;
    };
    cap.remove = async (p) => {
      const real = await confineEntry(p, wroots, 'removing');
      wrote({ method: 'remove', path: real });
      await fs.rm(real, { recursive: true, force: true });
    };
    cap.rename = async (from, to) => {
      const src = await confineEntry(from, wroots, 'moving');
      const dst = await confineEntry(to, wroots, 'moving to');
      wrote({ method: 'rename', path: dst, from: src });
      await fs.mkdir(path.dirname(dst), { recursive: true });
      await fs.rename(src, dst);
    };
    cap.copyFile = async (from, to) => {
      const src = await confine(from, roots, 'copying');
      const dst = await confine(to, wroots, 'copying to');
      const bytes = (await fs.stat(src)).size;
      wrote({ method: 'copyFile', path: dst, from: src, bytes });
      await fs.mkdir(path.dirname(dst), { recursive: true });
      await fs.copyFile(src, dst);
    };
  }
  return cap;
}
