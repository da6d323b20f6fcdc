/**
 * What installing, updating, removing and rolling back need from the kernel they change: its
 * profile folder, the audit log, the grants, the registry of loaded skills, the skills' stored
 * records, and the two calls that load and unload a skill. Declared here, narrow, so the package
 * manager depends on these pieces and not on the whole kernel (the Kernel satisfies it as is).
 */
import type { AuditLog } from '../audit/index.js';
import type { GrantStore } from '../permissions/index.js';
import type { LoadedSkill, SkillRegistry, SqliteSkillStore } from '../skills/index.js';
import type { Db } from '../store/index.js';

export interface SkillHost {
  readonly profileDir: string;
  readonly audit: Pick<AuditLog, 'append'>;
  readonly grants: Pick<GrantStore, 'grant' | 'list' | 'revoke' | 'revokeUndeclared' | 'varsFor'>;
  /** Which skills are loaded (a built-in id cannot be taken by a community skill; an incoming skill's phrases are checked against the enabled ones). */
  readonly registry: Pick<SkillRegistry, 'get' | 'enabled'>;
  /** Removing a skill counts its stored records before asking whether to delete them. */
  readonly db: Pick<Db, 'prepare'>;
  readonly store: Pick<SqliteSkillStore, 'dropSkill'>;
  /** Loads (or reloads) an installed skill: registry and intent engine. */
  addSkill(skill: LoadedSkill): void;
  /** Unloads a skill that is being removed. */
  removeSkill(id: string): void;
}
