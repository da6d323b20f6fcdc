/**
 * Paths as people write them and as replies show them: "~" for the home folder both ways, and
 * the small path arithmetic the files skill needs (is one path inside another, a glob's pattern).
 */
import os from 'node:os';
import path from 'node:path';

export const home = () => os.homedir();

/** "/home/me/Documents" → "~/Documents", for replies. */
export const tilde = (p: string) => (p === home() ? '~' : p.startsWith(home() + path.sep) ? `~${p.slice(home().length)}` : p);

/** "~/x" → "/home/me/x"; a relative path from `base` (the working folder when none is given). */
export const expand = (p: string, base?: string) =>
  p === '~' ? home() : p.startsWith('~/') ? path.join(home(), p.slice(2)) : base ? path.resolve(base, p) : path.resolve(p);

/** Is `child` the folder `parent` or inside it? */
export function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Words that are a path as typed: "~/x", "/x", "./x", "../x", or "a/b.txt". */
export const looksLikePath = (s: string) => /^(?:~(?=$|\/)|\.{1,2}\/|\/)/.test(s) || /^[^\s/]+\/\S/.test(s);

/** A file name's extension, without the dot ("" for none; a leading dot is a hidden file, not an extension). */
export const extensionOf = (name: string) => /(?<=[^.])\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toLowerCase() ?? '';


export const isGlob = (s: string) => /[*?]/.test(path.basename(s));
