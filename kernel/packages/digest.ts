/**
 * The digest list of a skill package: the SHA-256 of every file, one `sha256  path` line each,
 * sorted by path. It is what a publisher signs and what the lock records, so one changed byte in
 * any file is caught. Symbolic links, devices and oversized trees are refused: a package is plain
 * files only.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const DIGEST_FILE = 'agentos.digests';
export const SIGNATURE_FILE = 'agentos.sig';
/** Files that describe the package rather than belong to it. */
const META = new Set([DIGEST_FILE, SIGNATURE_FILE]);
const SKIP_DIRS = new Set(['.git']);
export const MAX_FILES = 5000;
export const MAX_TOTAL_BYTES = 200 * 1024 * 1024;

export class PackageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackageError';
  }

  /** The message is written for the user (what, why, fix); the CLI prints it as is. */
  describe(): string {
    return this.message;
  }
}

export type DigestMap = Record<string, string>;

function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Every package file's digest, keyed by its `/`-separated path relative to `dir`. */
export function digestTree(dir: string): DigestMap {
  const out: DigestMap = {};
  let total = 0;
  let count = 0;
  const walk = (rel: string) => {
    const abs = path.join(dir, rel);
    for (const entry of fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(relPath);
        continue;
      }
      if (entry.isSymbolicLink()) throw new PackageError(`${relPath} is a symbolic link; a skill package holds plain files only (copy the target in instead)`);
      if (!entry.isFile()) throw new PackageError(`${relPath} is not a regular file; a skill package holds plain files only`);
      if (!rel && META.has(entry.name)) continue;
      if (++count > MAX_FILES) throw new PackageError(`the package has more than ${MAX_FILES} files`);
      total += fs.statSync(path.join(abs, entry.name)).size;
      if (total > MAX_TOTAL_BYTES) throw new PackageError(`the package is larger than ${MAX_TOTAL_BYTES / 1024 / 1024} MB`);
      out[relPath] = sha256File(path.join(abs, entry.name));
    }
  };
  walk('');
  return out;
}

export function formatDigestList(digests: DigestMap): string {
  return Object.keys(digests)
    .sort()
    .map((p) => `${digests[p]}  ${p}\n`)
    .join('');
}

export function parseDigestList(text: string): DigestMap {
  const out: DigestMap = {};
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!m) throw new PackageError(`${DIGEST_FILE} line ${i + 1} is not "sha256  path"`);
    out[m[2]!] = m[1]!;
  });
  return out;
}

export interface TreeDiff {
  changed: string[];
  added: string[];
  missing: string[];
}

export function diffDigests(expected: DigestMap, actual: DigestMap): TreeDiff {
  const changed: string[] = [];
  const missing: string[] = [];
  for (const [p, d] of Object.entries(expected)) {
    if (!(p in actual)) missing.push(p);
    else if (actual[p] !== d) changed.push(p);
  }
  const added = Object.keys(actual).filter((p) => !(p in expected));
  return { changed, added, missing };
}

export function describeDiff(diff: TreeDiff): string {
  const parts: string[] = [];
  if (diff.changed.length) parts.push(`changed: ${diff.changed.slice(0, 5).join(', ')}${diff.changed.length > 5 ? ' …' : ''}`);
  if (diff.added.length) parts.push(`added: ${diff.added.slice(0, 5).join(', ')}${diff.added.length > 5 ? ' …' : ''}`);
  if (diff.missing.length) parts.push(`missing: ${diff.missing.slice(0, 5).join(', ')}${diff.missing.length > 5 ? ' …' : ''}`);
  return parts.join('; ');
}

export const isClean = (d: TreeDiff) => d.changed.length + d.added.length + d.missing.length === 0;

/** Writes the digest list into the folder and returns it. */
export function writeDigestList(dir: string): { digests: DigestMap; text: string } {
  const digests = digestTree(dir);
  const text = formatDigestList(digests);
  fs.writeFileSync(path.join(dir, DIGEST_FILE), text);
  return { digests, text };
}
