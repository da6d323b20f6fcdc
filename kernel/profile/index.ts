/**
 * Where the user's profile lives, by the platform's convention (env-paths): `$XDG_DATA_HOME/agentos`
 * (~/.local/share/agentos) on Linux, ~/Library/Application Support/agentos on macOS,
 * %LOCALAPPDATA%\agentos\Data on Windows; caches beside it by the same convention
 * (~/.cache/agentos …). `AGENTOS_HOME` overrides both (caches then go inside it), and a
 * `~/.agentos` made by an earlier version is kept where it is.
 */
import envPaths from 'env-paths';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The platform's folders for AgentOS (no "-nodejs" suffix: this is the app's own name). */
export const platformDirs = () => envPaths('agentos', { suffix: '' });

/** The profile folder of versions before the platform convention. */
export const legacyProfileDir = () => path.join(os.homedir(), '.agentos');

export function resolveProfileDir(env: NodeJS.ProcessEnv = process.env, legacy = legacyProfileDir()): string {
  const fromEnv = env.AGENTOS_HOME?.trim();
  if (fromEnv) return path.resolve(fromEnv.replace(/^~(?=$|\/)/, os.homedir()));
  if (fs.existsSync(legacy)) return legacy;
  return platformDirs().data;
}

/**
 * Where caches go (compiled intent models, downloaded or converted model files that can be made
 * again): the platform's cache folder for the platform's profile; inside the profile otherwise,
 * so a profile named by AGENTOS_HOME (or the old ~/.agentos) stays one folder to move or delete.
 */
export function resolveCacheDir(profileDir: string): string {
  return path.resolve(profileDir) === path.resolve(platformDirs().data) ? platformDirs().cache : path.join(profileDir, 'cache');
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
