/**
 * Moving and copying through ctx.fs. A folder is copied with everything in it; a move across
 * file systems (EXDEV: rename cannot cross them) becomes a copy, checked against the original,
 * then the removal of the original. A copy that fails half-way is removed again, so a failure
 * never leaves half a folder behind. Nothing here overwrites: callers check the destination first.
 * The fingerprint of what was moved or copied lets an undo tell whether it changed since.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { FsCapability } from '../../kernel/contracts/index.js';
import { tilde } from './paths.js';

/** ctx.fs with the calls that change files (present with an fs.write grant). */
export type WritableFs = FsCapability & Required<Pick<FsCapability, 'rename' | 'copyFile' | 'mkdir' | 'remove'>>;

export interface Entry {
  path: string;
  isDirectory: boolean;
  size: number;
  modified: string;
}

/** What one move or copy carried. */
export interface Carried {
  files: number;
  bytes: number;
  /** The move crossed file systems: it was a copy and a removal. */
  crossDevice?: boolean;
}

/** A folder tree larger than this is refused rather than walked without end. */
export const MAX_TREE_ENTRIES = 200_000;

/** Every entry under a folder (not the folder itself), parents before children, with paths relative to it. */
export async function walk(fs: FsCapability, root: string, signal?: AbortSignal): Promise<(Entry & { rel: string })[]> {
  const out: (Entry & { rel: string })[] = [];
  const queue = [''];
  while (queue.length > 0) {
    if (signal?.aborted) throw new Error('it was stopped');
    const rel = queue.shift()!;
    for (const e of await fs.readDir(path.join(root, rel))) {
      const child = rel ? path.join(rel, e.name) : e.name;
      out.push({ ...e, rel: child });
      if (out.length > MAX_TREE_ENTRIES) throw new Error(`${tilde(root)} holds more than ${MAX_TREE_ENTRIES.toLocaleString('en')} entries; copy it in parts`);
      if (e.isDirectory) queue.push(child);
    }
  }
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/**
 * What a file or folder is now: size and modification time of a file; of a folder, the names,
 * sizes and times of every file in it. Two fingerprints differ when anything in it changed.
 */
export async function fingerprint(fs: FsCapability, entry: Entry, signal?: AbortSignal): Promise<string> {
  if (!entry.isDirectory) return `file:${entry.size}:${entry.modified}`;
  const hash = createHash('sha256');
  // A folder's own size and time change with what the system does in it; its files' do not.
  for (const e of await walk(fs, entry.path, signal)) hash.update(`${e.rel}\0${e.isDirectory ? 'd' : `${e.size}:${e.modified}`}\n`);
  return `folder:${hash.digest('hex')}`;
}

/** Copies a file, or a folder with everything in it, to `to` (which must not exist yet). */
export async function copyEntry(fs: WritableFs, from: Entry, to: string, signal?: AbortSignal, progress?: (done: number, total: number) => void): Promise<Carried> {
  if (!from.isDirectory) {
    await fs.copyFile(from.path, to);
    return { files: 1, bytes: from.size };
  }
  const tree = await walk(fs, from.path, signal);
  const total = tree.filter((e) => !e.isDirectory).reduce((n, e) => n + e.size, 0);
  let bytes = 0;
  let files = 0;
  try {
    await fs.mkdir(to);
    for (const e of tree) {
      if (signal?.aborted) throw new Error('it was stopped');
      const target = path.join(to, e.rel);
      if (e.isDirectory) {
        await fs.mkdir(target);
        continue;
      }
      await fs.copyFile(e.path, target).catch((error: Error) => {
        throw new Error(`${tilde(e.path)} could not be copied (${error.message})`);
      });
      files++;
      bytes += e.size;
      progress?.(bytes, total);
    }
  } catch (error) {
    // The half-made copy goes: `to` did not exist before (the callers check).
    await fs.remove(to).catch(() => undefined);
    throw error;
  }
  return { files, bytes };
}

const crossDevice = (error: unknown) => (error as NodeJS.ErrnoException).code === 'EXDEV' || /\bEXDEV\b/.test((error as Error).message ?? '');

/** Moves a file or folder to `to` (which must not exist yet); across file systems by copy, check and removal. */
export async function moveEntry(fs: WritableFs, from: Entry, to: string, signal?: AbortSignal, progress?: (done: number, total: number) => void): Promise<Carried> {
  try {
    await fs.rename(from.path, to);
    return { files: from.isDirectory ? 0 : 1, bytes: from.isDirectory ? 0 : from.size };
  } catch (error) {
    if (!crossDevice(error)) throw error;
  }
  const carried = await copyEntry(fs, from, to, signal, progress);
  // The original goes only once the copy holds every file at its size.
  const copy = await fs.stat(to);
  const same = from.isDirectory ? sameSizes(await walk(fs, from.path), await walk(fs, to)) : copy.size === from.size;
  if (!same) {
    await fs.remove(to).catch(() => undefined);
    throw new Error(`the copy of ${tilde(from.path)} on the other drive did not match it, so it was removed and the original kept`);
  }
  try {
    await fs.remove(from.path);
  } catch (error) {
    throw new Error(`${tilde(from.path)} was copied to ${tilde(to)} (another drive), but the original could not be removed (${(error as Error).message}); both are there now`);
  }
  return { ...carried, crossDevice: true };
}

function sameSizes(a: (Entry & { rel: string })[], b: (Entry & { rel: string })[]): boolean {
  const key = (l: (Entry & { rel: string })[]) => l.map((e) => `${e.rel}:${e.isDirectory ? 'd' : e.size}`).join('\n');
  return key(a) === key(b);
}
