/**
 * Skill packages: digests, keys and signatures, the lock, and install/update/remove.
 * The kernel checks the lock on every start, so that part loads eagerly; the install paths
 * (archives, MCP servers, Agent Skills, sandbox probes) load on first use to keep a plain request fast.
 */
export { digestTree, formatDigestList, parseDigestList, writeDigestList, diffDigests, describeDiff, DIGEST_FILE, SIGNATURE_FILE, PackageError, type DigestMap } from './digest.js';
export { newKey, loadPrivateKey, listKeys, keyIdOf, keysDir, type PublicKeyInfo } from './keys.js';
export { signDir, verifyPackage, type PackageIntegrity } from './sign.js';
export { readLock, writeLock, checkInstalled, lockPath, communityDir, LOCK_FILE, type LockEntry, type LockFile } from './lock.js';
export { sourceKind } from './source.js';
export { cliInstallIo } from './prompt.js';
export { recognisedManifest, broadTemplates, type BroadTemplate } from './phrases.js';
export { signatureLabel, type AskTopic } from './consent.js';
export type { InstallIo, InstallOptions, InstallResult, StagedPackage } from './install.js';
export type { SkillHost } from './host.js';

import type * as ArchiveModule from './archive.js';
import type * as SourceModule from './source.js';
import type * as InstallModule from './install.js';
import type * as ManageModule from './manage.js';

type Archive = typeof ArchiveModule;
type Source = typeof SourceModule;
type Install = typeof InstallModule;
type Manage = typeof ManageModule;

export const packDir: Archive['packDir'] = async (...args) => (await import('./archive.js')).packDir(...args);
export const extractArchive: Archive['extractArchive'] = async (...args) => (await import('./archive.js')).extractArchive(...args);
export const fetchSource: Source['fetchSource'] = async (...args) => (await import('./source.js')).fetchSource(...args);
export const installSkill: Install['installSkill'] = async (...args) => (await import('./install.js')).installSkill(...args);
/** The whole install module, loaded on first use (the app's install dialog stages, previews and installs through it). */
export const loadInstaller = (): Promise<Install> => import('./install.js');
export const removeSkill: Manage['removeSkill'] = async (...args) => (await import('./manage.js')).removeSkill(...args);
export const rollbackSkill = async (...args: Parameters<Manage['rollbackSkill']>): Promise<ReturnType<Manage['rollbackSkill']>> => (await import('./manage.js')).rollbackSkill(...args);
