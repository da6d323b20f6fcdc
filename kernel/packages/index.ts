export { digestTree, formatDigestList, parseDigestList, writeDigestList, diffDigests, describeDiff, DIGEST_FILE, SIGNATURE_FILE, PackageError, type DigestMap } from './digest.js';
export { newKey, loadPrivateKey, listKeys, keyIdOf, keysDir, type PublicKeyInfo } from './keys.js';
export { signDir, verifyPackage, type PackageIntegrity } from './sign.js';
export { packDir, extractArchive } from './archive.js';
export { readLock, writeLock, checkInstalled, lockPath, communityDir, LOCK_FILE, type LockEntry, type LockFile } from './lock.js';
export { fetchSource, sourceKind } from './source.js';
export { installSkill, describePermission, type InstallIo, type InstallOptions, type InstallResult } from './install.js';
export { removeSkill, rollbackSkill } from './manage.js';
export { cliInstallIo } from './prompt.js';
