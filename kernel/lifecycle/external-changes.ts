/**
 * Changes another process made to the profile, taken in before this kernel's next call. The CLI,
 * the portal's server and the app's kernel process each hold their own registry, grants view and
 * sandbox processes; `agentos skill remove` in a terminal must not leave a running portal serving
 * the removed skill. `check()` is cheap enough for every call: SQLite's `data_version` (it changes
 * only when another connection commits) and one stat each of the package lock and the community
 * skills folder. Only when one of them moved does it look closer:
 *  - the lock: skills added, removed or replaced are loaded, unloaded or reloaded (re-checked
 *    against the lock first, as at start), and their sandbox processes are stopped;
 *  - the database: a skill whose active grants changed has its process stopped (its next call
 *    starts one confined to the new grants); a skill enabled or disabled elsewhere follows.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { IntentEngine } from '../contracts/index.js';
import type { AuditLog } from '../audit/index.js';
import { checkInstalled, communityDir, lockPath, readLock, type LockEntry, type LockFile } from '../packages/index.js';
import type { GrantStore } from '../permissions/index.js';
import type { Settings } from '../settings/index.js';
import { loadManifest, type LoadedSkill, type SkillLoadProblem, type SkillRegistry } from '../skills/index.js';
import type { Db } from '../store/index.js';

export interface ExternalChangesHost {
  profileDir: string;
  db: Pick<Db, 'pragma'>;
  registry: SkillRegistry;
  engine: Pick<IntentEngine, 'removeSkill'>;
  grants: Pick<GrantStore, 'active'>;
  settings: Pick<Settings, 'getRaw'>;
  audit: Pick<AuditLog, 'append'>;
  /** The kernel's list of skills that did not load (lifecycle's). */
  problems: SkillLoadProblem[];
  /** Loads or replaces a skill (lifecycle's add: registry, intent engine, `skills.changed`). */
  add(skill: LoadedSkill): void;
  /** Unloads a skill (lifecycle's remove). */
  remove(id: string): void;
  /** Stops the skill's sandbox process, if one runs. */
  stopSkill(id: string): void;
}

export class ExternalChanges {
  private dataVersion: number;
  private stamp: string;
  /** What the lock said of each community skill when last read: a change means it was reinstalled, updated or rolled back. */
  private installed: Map<string, string>;
  /** Each skill's active grants (ids) when last looked at. */
  private granted: Map<string, string>;

  constructor(private readonly host: ExternalChangesHost) {
    this.dataVersion = this.readDataVersion();
    this.stamp = this.readStamp();
    this.installed = signatures(this.tryReadLock());
    this.granted = this.readGrants();
  }

  /** Takes in what other processes changed since the last call. */
  check(): void {
    const dataVersion = this.readDataVersion();
    const stamp = this.readStamp();
    if (stamp !== this.stamp) {
      this.stamp = stamp;
      this.syncSkills();
    }
    if (dataVersion !== this.dataVersion) {
      this.dataVersion = dataVersion;
      this.syncEnabled();
      this.syncGrants();
    }
  }

  /**
   * This kernel itself installed, updated, rolled back or removed `id` (the package manager calls
   * the kernel's addSkill/removeSkill): what the lock now says of it is already loaded, so the next
   * check does not load it again — which would also turn a later "files changed" refusal at the
   * call into a silent unload.
   */
  ownChange(id: string): void {
    const entry = this.tryReadLock()?.skills[id];
    if (entry) this.installed.set(id, signature(entry));
    else this.installed.delete(id);
  }

  private readDataVersion(): number {
    return Number(this.host.db.pragma('data_version', { simple: true }));
  }

  /** Identity, size and modification time of the lock and of the community folder (a folder added or removed). */
  private readStamp(): string {
    const stat = (file: string) => {
      try {
        const s = fs.statSync(file, { bigint: true });
        return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
      } catch {
        return 'none';
      }
    };
    return `${stat(lockPath(this.host.profileDir))}|${stat(communityDir(this.host.profileDir))}`;
  }

  private tryReadLock(): LockFile | undefined {
    try {
      return readLock(this.host.profileDir);
    } catch {
      return undefined;
    }
  }

  private syncSkills(): void {
    const { registry, profileDir } = this.host;
    const lock = this.tryReadLock();
    const now = signatures(lock);
    for (const skill of registry.all().filter((s) => !s.builtin)) {
      const id = skill.manifest.id;
      if (!lock) this.refuse(skill.manifest.id, skill.dir, `${lockPath(profileDir)} cannot be read; community skills are refused until it is restored or they are reinstalled`);
      else if (!now.has(id) || !fs.existsSync(skill.dir)) this.unload(id);
    }
    for (const [id, signature] of now) {
      const current = registry.get(id);
      if (current?.builtin) continue;
      if (current && this.installed.get(id) === signature) continue;
      this.reload(id, lock!);
    }
    this.installed = now;
  }

  /** Loads a skill another process installed or replaced, after the same lock check as at start. */
  private reload(id: string, lock: LockFile): void {
    const dir = path.join(communityDir(this.host.profileDir), id);
    this.host.stopSkill(id);
    const loaded = loadManifest(dir);
    if (!loaded.ok || loaded.manifest.id !== id) {
      this.refuse(id, dir, loaded.ok ? `its manifest says id "${loaded.manifest.id}", not "${id}"` : loaded.errors.join('; '));
      return;
    }
    const check = checkInstalled(this.host.profileDir, id, dir, lock);
    if (!check.ok) {
      this.host.audit.append('skill.refused', id, { reason: check.reason });
      this.refuse(id, dir, `refused: ${check.reason}`);
      return;
    }
    this.forgetProblems(id);
    this.host.add({ manifest: loaded.manifest, dir, builtin: false });
  }

  private unload(id: string): void {
    this.host.stopSkill(id);
    this.forgetProblems(id);
    if (this.host.registry.get(id)) this.host.remove(id);
  }

  private refuse(id: string, dir: string, error: string): void {
    this.unload(id);
    this.host.problems.push({ skill: id, dir, errors: [error] });
  }

  private forgetProblems(id: string): void {
    const { problems } = this.host;
    for (let i = problems.length - 1; i >= 0; i--) if (problems[i]!.skill === id) problems.splice(i, 1);
  }

  /** Follows `skills enable|disable` run elsewhere, without writing the setting back (that could undo a newer change). */
  private syncEnabled(): void {
    const { registry, settings, engine } = this.host;
    const disabled = new Set(settings.getRaw<string[]>('skills.disabled', []));
    for (const skill of registry.all()) {
      const id = skill.manifest.id;
      const enabled = !disabled.has(id);
      if (registry.isEnabled(id) === enabled) continue;
      registry.setEnabled(id, enabled);
      if (!enabled) {
        engine.removeSkill(id);
        this.host.stopSkill(id);
      }
      // Re-adding retrains an enabled skill, leaves a disabled one untrained, and tells the portal.
      this.host.add(skill);
    }
  }

  /** A skill whose active grants changed (revoked, added, narrowed) gets a fresh process confined to them. */
  private syncGrants(): void {
    const now = this.readGrants();
    for (const id of new Set([...now.keys(), ...this.granted.keys()])) {
      if (now.get(id) !== this.granted.get(id)) this.host.stopSkill(id);
    }
    this.granted = now;
  }

  private readGrants(): Map<string, string> {
    const bySkill = new Map<string, string[]>();
    for (const g of this.host.grants.active()) bySkill.set(g.skill, [...(bySkill.get(g.skill) ?? []), g.id]);
    return new Map([...bySkill].map(([skill, ids]) => [skill, ids.sort().join(',')]));
  }
}

/** A lock entry's identity: any reinstall, update or rollback changes it. */
function signature(e: LockEntry): string {
  return JSON.stringify([e.version, e.kind, e.installedAt, e.source, e.publisherKey?.id ?? null, e.files]);
}

function signatures(lock: LockFile | undefined): Map<string, string> {
  return new Map(Object.entries(lock?.skills ?? {}).map(([id, entry]) => [id, signature(entry)]));
}
