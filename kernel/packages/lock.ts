/**
 * The lock: for every installed community skill, the digest of every file, the pinned publisher
 * key, where it came from and the versions it can roll back to. `<profile>/skills.lock.json`,
 * written atomically. Loading a skill checks its folder against the lock: a changed, added or
 * missing file refuses the skill with a message that names the file and the fix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PermissionSchema } from '../contracts/index.js';
import { describeDiff, diffDigests, digestTree, isClean, PackageError, type TreeDiff } from './digest.js';

const VersionSchema = z.object({
  version: z.string(),
  kind: z.enum(['module', 'instructions', 'mcp']).default('module'),
  publisherKey: z.object({ id: z.string(), publicKey: z.string() }).nullable(),
  files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
  source: z.string(),
  installedAt: z.string(),
  permissions: z.array(PermissionSchema),
  /** Where the folder of this version is kept (rollback copies). Empty for the current one. */
  dir: z.string().default(''),
  /** The manifest's publisher name when installed (older locks: absent, read from the folder). */
  publisher: z.string().max(200).optional(),
  /** packageDigest() of the files as shipped, before install generated anything (an MCP server's intents). */
  packageDigest: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});

const LockEntrySchema = VersionSchema.extend({
  id: z.string(),
  previous: z.array(VersionSchema).default([]),
  /** When the skill was first installed; updates keep it. Earlier-installed skills win overlapping phrases. */
  firstInstalledAt: z.string().optional(),
  /** Phrases of other skills ("skill/intent") the user accepted this one overlaps (asked again only for new ones). */
  acceptedOverlaps: z.array(z.string().max(200)).max(2000).default([]),
});
export type LockEntry = z.infer<typeof LockEntrySchema>;

const LockFileSchema = z.object({ lockVersion: z.literal(1), skills: z.record(z.string(), LockEntrySchema) });
export type LockFile = z.infer<typeof LockFileSchema>;

export const LOCK_FILE = 'skills.lock.json';
export const lockPath = (profileDir: string) => path.join(profileDir, LOCK_FILE);
export const communityDir = (profileDir: string) => path.join(profileDir, 'skills');
export const versionsDir = (profileDir: string, id: string) => path.join(profileDir, 'skill-versions', id);

export function readLock(profileDir: string): LockFile {
  const file = lockPath(profileDir);
  if (!fs.existsSync(file)) return { lockVersion: 1, skills: {} };
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PackageError(`${file} is not valid JSON (${(error as Error).message}); restore it from a backup or reinstall the community skills`);
  }
  const parsed = LockFileSchema.safeParse(json);
  if (!parsed.success) throw new PackageError(`${file} is malformed (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}); restore it or reinstall the community skills`);
  return parsed.data;
}

export function writeLock(profileDir: string, lock: LockFile): void {
  const file = lockPath(profileDir);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(lock, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

type InstalledCheck = { ok: true; entry: LockEntry } | { ok: false; reason: string; diff?: TreeDiff };

/** Verifies an installed skill folder against its lock entry (every file's SHA-256). */
export function checkInstalled(profileDir: string, id: string, dir: string, lock?: LockFile): InstalledCheck {
  let file: LockFile;
  try {
    file = lock ?? readLock(profileDir);
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  const entry = file.skills[id];
  if (!entry) return { ok: false, reason: `it is not in ${LOCK_FILE}: it was not installed with "agentos skill install" (install it that way, or remove ${dir})` };
  let actual;
  try {
    actual = digestTree(dir);
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  const diff = diffDigests(entry.files, actual);
  if (!isClean(diff)) {
    return { ok: false, diff, reason: `its files changed since it was installed (${describeDiff(diff)}); it was refused. Reinstall it with "agentos skill install SRC" or remove it with "agentos skill remove ${id}"` };
  }
  return { ok: true, entry };
}
