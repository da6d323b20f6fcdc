/** Filesystem access confined to granted roots (realpath-checked), as skills get it in `ctx.fs`. */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FsCapability } from '../contracts/index.js';
import { expandPath } from '../profile/index.js';
import { CapabilityDenied } from './denied.js';

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
