/**
 * Writing an export file whole or not at all: the lines go to a temporary file beside the target,
 * which replaces the target only when every line was written. A failure (no such folder, a folder
 * in the way, disk full, no permission) leaves the target as it was, removes the temporary file and
 * throws an error that names the path and the cause.
 */
import fs from 'node:fs';
import path from 'node:path';

const CAUSES: Record<string, string> = {
  ENOENT: 'its folder does not exist',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
};

export class ExportWriteError extends Error {
  constructor(readonly file: string, cause: NodeJS.ErrnoException) {
    super(`Cannot write ${file}: ${CAUSES[cause.code ?? ''] ?? cause.message}. Nothing was written; pick another path${cause.code === 'ENOSPC' || cause.code === 'EDQUOT' ? ' or free some space' : ''}.`);
    this.name = 'ExportWriteError';
  }
}

/** Writes every line of `lines` to `file` (mode 0600); returns the number of lines. */
export async function writeLinesAtomically(file: string, lines: AsyncIterable<string>): Promise<number> {
  if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw new ExportWriteError(file, Object.assign(new Error('is a folder'), { code: 'EISDIR' }));
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  let handle: fs.promises.FileHandle | undefined;
  let n = 0;
  try {
    handle = await fs.promises.open(temp, 'w', 0o600);
    let buffer = '';
    for await (const line of lines) {
      buffer += `${line}\n`;
      n++;
      if (buffer.length >= 1 << 16) {
        await handle.write(buffer);
        buffer = '';
      }
    }
    if (buffer) await handle.write(buffer);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.promises.rename(temp, file);
    return n;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.promises.rm(temp, { force: true });
    if ((error as NodeJS.ErrnoException).code) throw new ExportWriteError(file, error as NodeJS.ErrnoException);
    throw error;
  }
}
