/**
 * The program a sandboxed skill process runs: the plain-JavaScript modules of `child/` beside this
 * file (in the sources and, copied there by the build, in dist/), copied into the profile where
 * the confined process may read them.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The child program's files, read once per process. */
let childProgram: { name: string; text: string }[] | undefined;
function readChildProgram(): { name: string; text: string }[] {
  if (!childProgram) {
    const dir = fileURLToPath(new URL('./child/', import.meta.url));
    try {
      const names = fs.readdirSync(dir).filter((n) => n.endsWith('.mjs') && !n.includes('.test.')).sort();
      if (!names.includes('runner.mjs')) throw Object.assign(new Error('no runner.mjs'), { code: 'ENOENT' });
      childProgram = names.map((name) => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }));
    } catch (error) {
      throw new Error(`the sandbox's child program is missing (${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); rebuild with "npm run build", which copies kernel/**/*.mjs into dist/`);
    }
  }
  return childProgram;
}

/**
 * Copies the child program into the profile once per content hash, read-only, and returns its
 * main file: the sandboxed process may read that folder and nothing else of AgentOS, wherever
 * (and however packed) the kernel itself is installed.
 */
export function runnerFile(profileDir: string): string {
  const files = readChildProgram();
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f.name}\0${f.text}\0`);
  const dir = path.join(profileDir, 'sandbox', `runner-${hash.digest('hex').slice(0, 12)}`);
  const main = path.join(dir, 'runner.mjs');
  if (!fs.existsSync(main)) {
    fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o700 });
    // Built beside, then renamed into place: a concurrent kernel sees the whole folder or none.
    const tmp = `${dir}.${process.pid}.tmp`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { mode: 0o700 });
    for (const f of files) fs.writeFileSync(path.join(tmp, f.name), f.text, { mode: 0o444 });
    try {
      fs.renameSync(tmp, dir);
    } catch (error) {
      fs.rmSync(tmp, { recursive: true, force: true });
      if (!fs.existsSync(main)) throw error;
    }
  }
  return main;
}
