/**
 * What a failed write to the profile means for the user. A full disk or a folder that cannot be
 * written is not a damaged profile: the message says what happened and how to fix it, and never
 * advises moving a healthy profile aside (that advice is for a file that is not a database).
 * SQLite reports these as SqliteError codes (better-sqlite3's `code`), the file system as errno codes.
 */
const DISK_FULL = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);
const UNWRITABLE = new Set(['SQLITE_READONLY', 'SQLITE_READONLY_DIRECTORY', 'SQLITE_READONLY_DBMOVED', 'SQLITE_CANTOPEN', 'SQLITE_PERM', 'EACCES', 'EPERM', 'EROFS']);

export type StorageProblem = 'disk_full' | 'unwritable';

/** The kind of storage problem behind `error`, or undefined when it is none of these. */
export function storageProblem(error: unknown): StorageProblem | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (DISK_FULL.has(code)) return 'disk_full';
  if (UNWRITABLE.has(code) || code.startsWith('SQLITE_READONLY')) return 'unwritable';
  return undefined;
}

/** A write to the profile failed because of the disk or the folder, not the data. */
export class ProfileStorageError extends Error {
  readonly problem: StorageProblem;
  constructor(
    readonly dir: string,
    problem: StorageProblem,
    /** What could not be saved, e.g. "the profile database". */
    what: string,
  ) {
    super(
      problem === 'disk_full'
        ? `The disk holding the AgentOS profile (${dir}) is full, so ${what} could not be saved. The profile is intact and nothing already saved was lost. ` +
            `Free some space on that disk (df -h "${dir}" shows what is left) and try again.`
        : `The AgentOS profile folder (${dir}) cannot be written, so ${what} could not be saved. The profile is intact. ` +
            `Give your user write access to it (ls -ld "${dir}"), or point AGENTOS_HOME at a folder you can write.`,
    );
    this.name = 'ProfileStorageError';
    this.problem = problem;
  }
}

/** `error` as a ProfileStorageError when it is a storage problem, else unchanged. */
export function explainStorage(error: unknown, dir: string, what: string): unknown {
  if (error instanceof ProfileStorageError) return error;
  const problem = storageProblem(error);
  return problem ? new ProfileStorageError(dir, problem, what) : error;
}
