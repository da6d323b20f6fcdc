/**
 * Bringing a package into a staging folder: from a folder (copied, plain files only), a `.tgz`
 * (extracted safely), an https URL of a `.tgz` (downloaded with a size limit) or a git URL (a
 * shallow clone, its `.git` dropped). Offline or unreachable sources fail with what to do instead.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { MAX_TOTAL_BYTES, PackageError } from './digest.js';

type SourceKind = 'folder' | 'archive' | 'url' | 'git';

export function sourceKind(src: string): SourceKind {
  if (/^(git\+|git:\/\/|ssh:\/\/|git@)/.test(src) || /^https:\/\/.+\.git(#.*)?$/.test(src)) return 'git';
  if (/^https?:\/\//.test(src)) return 'url';
  if (/\.(tgz|tar\.gz)$/i.test(src)) return 'archive';
  return 'folder';
}

function copyTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isSymbolicLink()) throw new PackageError(`${src} is a symbolic link; a skill package holds plain files only`);
    if (e.isDirectory()) {
      if (e.name !== '.git') copyTree(src, dst);
    } else if (e.isFile()) fs.copyFileSync(src, dst);
    else throw new PackageError(`${src} is not a regular file`);
  }
}

async function download(url: string, file: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new PackageError(`could not download ${url} (${cause}). Check that you are online, or download the .tgz yourself and run "agentos skill install FILE.tgz"`);
  }
  if (!res.ok || !res.body) throw new PackageError(`downloading ${url} failed: HTTP ${res.status}`);
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > MAX_TOTAL_BYTES) throw new PackageError(`${url} is ${length} bytes; a skill package may be at most ${MAX_TOTAL_BYTES}`);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > MAX_TOTAL_BYTES) throw new PackageError(`${url} is larger than a skill package may be`);
    chunks.push(Buffer.from(chunk));
  }
  fs.writeFileSync(file, Buffer.concat(chunks));
}

function gitClone(url: string, dest: string): Promise<void> {
  const [repo, ref] = url.replace(/^git\+/, '').split('#') as [string, string | undefined];
  const args = ['clone', '--depth', '1', '--quiet', ...(ref ? ['--branch', ref] : []), '--', repo, dest];
  return new Promise((resolve, reject) => {
    execFile('git', args, { timeout: 120_000, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }, (error, _out, stderr) => {
      if (!error) return resolve();
      const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'git is not installed' : stderr.trim().split('\n').slice(-1)[0] || error.message;
      reject(new PackageError(`could not clone ${repo} (${why}). Check that you are online and the URL is right, or clone it yourself and run "agentos skill install FOLDER"`));
    });
  });
}

/** Fills `stage` (an empty folder) with the package's files. */
export async function fetchSource(src: string, stage: string): Promise<SourceKind> {
  const kind = sourceKind(src);
  if (kind === 'url') {
    if (!src.startsWith('https://')) throw new PackageError(`${src} is not https; AgentOS installs from https URLs only`);
    const file = `${stage}.download.tgz`;
    try {
      await download(src, file);
      await (await import('./archive.js')).extractArchive(file, stage);
    } finally {
      fs.rmSync(file, { force: true });
    }
    return kind;
  }
  if (kind === 'git') {
    fs.rmSync(stage, { recursive: true, force: true });
    await gitClone(src, stage);
    fs.rmSync(path.join(stage, '.git'), { recursive: true, force: true });
    return kind;
  }
  const abs = path.resolve(src);
  if (!fs.existsSync(abs)) throw new PackageError(`${src} does not exist; give a skill folder, a .tgz, an https URL or a git URL`);
  if (kind === 'archive') {
    await (await import('./archive.js')).extractArchive(abs, stage);
    return kind;
  }
  if (!fs.statSync(abs).isDirectory()) throw new PackageError(`${src} is neither a folder nor a .tgz package`);
  copyTree(abs, stage);
  return kind;
}
