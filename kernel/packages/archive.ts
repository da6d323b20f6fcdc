/**
 * `.tgz` packages through the `tar` package: packing writes plain files only, with the digest list
 * inside; extracting refuses links, devices, absolute paths and `..`, and stops at size limits so a
 * hostile archive cannot write outside the staging folder or fill the disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import { MAX_FILES, MAX_TOTAL_BYTES, PackageError, digestTree } from './digest.js';

export async function packDir(dir: string, outFile: string): Promise<void> {
  const files = Object.keys(digestTree(dir));
  for (const meta of ['agentos.digests', 'agentos.sig']) if (fs.existsSync(path.join(dir, meta))) files.push(meta);
  await tar.c({ gzip: true, file: outFile, cwd: dir, portable: true, noMtime: true, follow: false }, files.sort());
}

export async function extractArchive(file: string, dest: string): Promise<void> {
  fs.mkdirSync(dest, { recursive: true });
  let count = 0;
  let total = 0;
  const problems: string[] = [];
  await tar.x({
    file,
    cwd: dest,
    strict: true,
    preservePaths: false,
    preserveOwner: false,
    filter: (p, entry) => {
      const type = 'type' in entry ? entry.type : 'File';
      const size = 'size' in entry && typeof entry.size === 'number' ? entry.size : 0;
      if (type !== 'File' && type !== 'Directory' && type !== 'OldFile' && type !== 'ContiguousFile') {
        problems.push(`${p} is a ${type}`);
        return false;
      }
      if (path.isAbsolute(p) || p.split(/[\\/]/).includes('..')) {
        problems.push(`${p} points outside the package`);
        return false;
      }
      count++;
      total += size;
      if (count > MAX_FILES || total > MAX_TOTAL_BYTES) {
        problems.push('the archive is larger than a skill package may be');
        return false;
      }
      return true;
    },
  });
  if (problems.length) throw new PackageError(`the archive is not a valid skill package: ${problems.slice(0, 5).join('; ')}`);
  // `npm pack`-style archives keep everything under package/.
  const entries = fs.readdirSync(dest);
  if (entries.length === 1 && !fs.existsSync(path.join(dest, 'skill.json')) && fs.statSync(path.join(dest, entries[0]!)).isDirectory()) {
    const inner = path.join(dest, entries[0]!);
    for (const e of fs.readdirSync(inner)) fs.renameSync(path.join(inner, e), path.join(dest, e));
    fs.rmdirSync(inner);
  }
}
