/**
 * Where the user's profile lives: `AGENTOS_HOME`, or `~/.agentos`.
 */
import os from 'node:os';
import path from 'node:path';

export function resolveProfileDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.AGENTOS_HOME?.trim();
  if (fromEnv) return path.resolve(fromEnv.replace(/^~(?=$|\/)/, os.homedir()));
  return path.join(os.homedir(), '.agentos');
}

/** Expands `~`, `$HOME` and `$DATA` in a granted path. */
export function expandPath(p: string, vars: { data?: string } = {}): string {
  let out = p.replace(/^~(?=$|\/)/, os.homedir()).replace(/\$HOME\b/g, os.homedir());
  if (vars.data) out = out.replace(/\$DATA\b/g, vars.data);
  return path.resolve(out);
}

/** Is `child` the folder `root` or inside it (both absolute)? */
export function isInside(child: string, root: string): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
