/**
 * Remove and roll back. Removing revokes every grant, deletes the skill's folder, kept versions and
 * lock entry and — only when the user says so — its data (data folder and stored records).
 * Rolling back swaps the current folder for the newest kept version, re-checked against the digests
 * recorded when that version was installed; grants are narrowed to what it declares.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadManifest } from '../skills/index.js';
import { describeDiff, diffDigests, digestTree, isClean, PackageError } from './digest.js';
import type { SkillHost } from './host.js';
import { communityDir, readLock, versionsDir, writeLock } from './lock.js';
import type { InstallIo } from './install.js';

export async function removeSkill(host: SkillHost, id: string, io: InstallIo, options: { yes?: boolean; keepData?: boolean; deleteData?: boolean } = {}): Promise<{ grantsRevoked: number; dataDeleted: boolean }> {
  const lock = readLock(host.profileDir);
  const dir = path.join(communityDir(host.profileDir), id);
  if (!lock.skills[id] && !fs.existsSync(dir)) {
    if (host.registry.get(id)?.builtin) throw new PackageError(`${id} is a built-in skill; disable it with "agentos skills disable ${id}" instead`);
    throw new PackageError(`no community skill "${id}" is installed (see agentos skills list)`);
  }
  let revoked = 0;
  // Every grant not yet revoked goes, including other processes' session grants (the app's, when removed from the CLI).
  for (const g of host.grants.list({ skill: id, all: true }).filter((r) => r.state !== 'revoked')) {
    if (host.grants.revoke(g.id)) {
      revoked++;
      host.audit.append('grant.revoke', id, { grant: g.id, kind: g.permission.kind, reason: 'skill removed' });
    }
  }
  if (host.registry.get(id)) host.removeSkill(id);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(versionsDir(host.profileDir, id), { recursive: true, force: true });
  delete lock.skills[id];
  writeLock(host.profileDir, lock);

  const dataDir = path.join(host.profileDir, 'data', id);
  const records = (host.db.prepare('SELECT count(*) AS n FROM skill_records WHERE skill = ?').get(id) as { n: number }).n;
  const hasData = fs.existsSync(dataDir) || records > 0;
  let dataDeleted = false;
  if (hasData && !options.keepData) {
    const yes = options.deleteData || (!options.yes && (await io.ask(`Also delete ${id}'s data (${records} stored record(s)${fs.existsSync(dataDir) ? ` and ${dataDir}` : ''})?`)));
    if (yes) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      host.store.dropSkill(id);
      dataDeleted = true;
    }
  }
  host.audit.append('skill.remove', id, { grantsRevoked: revoked, dataDeleted, dataKept: hasData && !dataDeleted });
  return { grantsRevoked: revoked, dataDeleted };
}

export function rollbackSkill(host: SkillHost, id: string): { from: string; to: string } {
  const lock = readLock(host.profileDir);
  const entry = lock.skills[id];
  if (!entry) throw new PackageError(`no community skill "${id}" is installed`);
  const target = entry.previous.find((v) => v.dir && fs.existsSync(v.dir));
  if (!target) throw new PackageError(`${id} has no earlier version to roll back to`);
  const diff = diffDigests(target.files, digestTree(target.dir));
  if (!isClean(diff)) throw new PackageError(`the kept copy of ${id} ${target.version} changed since it was installed (${describeDiff(diff)}); reinstall that version instead`);
  const dest = path.join(communityDir(host.profileDir), id);
  const keep = path.join(versionsDir(host.profileDir, id), `${entry.version}-${Date.now()}`);
  if (fs.existsSync(dest)) fs.renameSync(dest, keep);
  fs.renameSync(target.dir, dest);
  lock.skills[id] = {
    ...target,
    dir: '',
    id,
    previous: [{ version: entry.version, kind: entry.kind, publisherKey: entry.publisherKey, publisher: entry.publisher, files: entry.files, packageDigest: entry.packageDigest, source: entry.source, installedAt: entry.installedAt, permissions: entry.permissions, dir: keep }, ...entry.previous.filter((v) => v !== target)].slice(0, 5),
    // The pinned key never goes back to "none"; the skill keeps its place in the install order and the overlaps the user accepted.
    publisherKey: target.publisherKey ?? entry.publisherKey,
    firstInstalledAt: entry.firstInstalledAt ?? entry.installedAt,
    acceptedOverlaps: entry.acceptedOverlaps,
  };
  writeLock(host.profileDir, lock);
  const revoked = host.grants.revokeUndeclared(id, target.permissions);
  host.audit.append('skill.rollback', id, { from: entry.version, to: target.version, grantsRevoked: revoked });
  const loaded = loadManifest(dest);
  if (loaded.ok) host.addSkill({ manifest: loaded.manifest, dir: dest, builtin: false });
  return { from: entry.version, to: target.version };
}
