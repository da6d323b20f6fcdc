/**
 * Filesystem access confined to granted roots, as skills get it in `ctx.fs`. Every path is
 * resolved through its symlinks (realpath of the longest existing prefix) before the check, so a
 * link inside a granted folder cannot lead out of it. Reads may touch the read and the write
 * roots; changes only the write roots. Paths may start with `~` and use `$HOME` and `$DATA`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FsCapability } from '../contracts/index.js';
import { expandPath, isInside } from '../profile/index.js';
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

export function createFsCapability(readRoots: readonly string[], writeRoots: readonly string[], vars: { data: string }): FsCapability {
  const wroots = [...new Set(writeRoots.map((r) => expandPath(r, vars)))];
  const roots = [...new Set([...readRoots.map((r) => expandPath(r, vars)), ...wroots])];
  const listed = (allowed: readonly string[]) => allowed.join(', ') || 'none';

  /** The real path of `p` (links followed) when it lies in one of `allowed`, else CapabilityDenied. */
  const confine = async (p: string, allowed: readonly string[], what: string) => {
    const real = await realpathLoose(expandPath(p, vars));
    const realRoots = await Promise.all(allowed.map((r) => realpathLoose(r)));
    if (!realRoots.some((r) => isInside(real, r))) throw new CapabilityDenied(`${what} ${p} is outside the granted folders (${listed(allowed)})`);
    return real;
  };
  /**
   * For calls that act on a directory entry itself (remove, rename): the entry's folder is resolved,
   * the last component is not, so removing a link removes the link and never what it points to.
   * A granted root itself cannot be removed or moved.
   */
  const confineEntry = async (p: string, allowed: readonly string[], what: string) => {
    const abs = expandPath(p, vars);
    const real = path.join(await realpathLoose(path.dirname(abs)), path.basename(abs));
    const realRoots = await Promise.all(allowed.map((r) => realpathLoose(r)));
    if (realRoots.includes(real) || realRoots.includes(abs)) throw new CapabilityDenied(`${what} ${p}: a granted folder itself cannot be removed or moved`);
    if (!realRoots.some((r) => isInside(real, r))) throw new CapabilityDenied(`${what} ${p} is outside the granted folders (${listed(allowed)})`);
    return real;
  };
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
    cap.writeFile = async (p, content) => atomicWrite(await confine(p, wroots, 'writing'), content);
    cap.mkdir = async (p) => {
      await fs.mkdir(await confine(p, wroots, 'creating'), { recursive: true });
    };
    cap.makeTempDir = async (prefix, parent = '$DATA/tmp') => {
      if (!/^[\w.-]{0,64}$/.test(prefix)) throw new CapabilityDenied(`a temporary folder's prefix is a plain name (letters, digits, ".", "-", "_"), not "${prefix}"`);
      const real = await confine(parent, wroots, 'creating a temporary folder in');
      await fs.mkdir(real, { recursive: true });
      return fs.mkdtemp(path.join(real, prefix));
    };
    cap.remove = async (p) => {
      await fs.rm(await confineEntry(p, wroots, 'removing'), { recursive: true, force: true });
    };
    cap.rename = async (from, to) => {
      const src = await confineEntry(from, wroots, 'moving');
      const dst = await confineEntry(to, wroots, 'moving to');
      await fs.mkdir(path.dirname(dst), { recursive: true });
      await fs.rename(src, dst);
    };
    cap.copyFile = async (from, to) => {
      const src = await confine(from, roots, 'copying');
      const dst = await confine(to, wroots, 'copying to');
      await fs.mkdir(path.dirname(dst), { recursive: true });
      await fs.copyFile(src, dst);
    };
  }
  return cap;
}
