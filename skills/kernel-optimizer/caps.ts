/**
 * The capabilities the optimizer works through, taken from the skill context: files (it reads
 * problem folders and writes run folders, reports and temporary builds under its data folder) and
 * programs (compilers, nvidia-smi, Python, and the harnesses it builds under its data folder).
 * The library never touches the machine any other way; tests and the bench build the same
 * capabilities with the kernel's createFsCapability and createExecCapability.
 */
import type { ExecCapability, FsCapability, SkillContext } from '../../kernel/contracts/index.js';

/** The file system with the write methods (present with an fs.write grant). */
export type Fs = FsCapability & Required<Pick<FsCapability, 'writeFile' | 'mkdir' | 'makeTempDir' | 'remove' | 'rename' | 'copyFile'>>;

export interface Caps {
  readonly fs: Fs;
  readonly exec: ExecCapability;
}

const WRITE_METHODS = ['writeFile', 'mkdir', 'makeTempDir', 'remove', 'rename', 'copyFile'] as const;

/** The capabilities from a context, or what the user must grant first. */
export function capsFrom(ctx: SkillContext): Caps | { missing: string } {
  if (!ctx.exec) return { missing: 'The kernel optimizer needs permission to run compilers (exec: gcc, clang, nvcc, python3). Grant it in the skills panel.' };
  const fs = ctx.fs;
  if (!fs || WRITE_METHODS.some((m) => typeof fs[m] !== 'function')) {
    return { missing: 'The kernel optimizer needs permission to read problem folders and to write its run folders (fs.read: ~, fs.write: $DATA). Grant it in the skills panel.' };
  }
  return { fs: fs as Fs, exec: ctx.exec };
}

/** A folder for one piece of work under the data folder's tmp/, removed when `work` settles. */
export async function withTempDir<T>(caps: Caps, prefix: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await caps.fs.makeTempDir(prefix);
  try {
    return await work(dir);
  } finally {
    await caps.fs.remove(dir);
  }
}
