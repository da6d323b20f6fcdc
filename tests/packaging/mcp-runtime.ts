/**
 * The packaged app's MCP runtime for tests: scripts/bundle-mcp.mjs (loaded as electron-builder
 * loads it), and the folder it would install, made from the repository's node_modules instead of
 * the registry (the same packages at the same versions: both follow package-lock.json).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './layout.js';

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  dev?: boolean;
  link?: boolean;
}
export interface Lock {
  lockfileVersion?: number;
  packages: Record<string, LockEntry>;
}
export interface BundleMcpModule {
  MCP_SDK: string;
  mcpRuntimeDir: string;
  lockSubset: (lock: Lock, name?: string) => { version: string; packageJson: { dependencies: Record<string, string> }; lock: Lock };
  bundleMcp: (o?: { repo?: string; out?: string }) => string;
}

export const loadBundleMcp = async () => (await import(pathToFileURL(path.join(root, 'scripts', 'bundle-mcp.mjs')).href)) as BundleMcpModule;

export const repoLock = () => JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as Lock;

/** Fills `dest` (a node_modules folder) with the packages bundle-mcp.mjs installs, copied from the repository's. */
export async function copyMcpRuntime(dest: string): Promise<void> {
  const { lockSubset } = await loadBundleMcp();
  const top = Object.keys(lockSubset(repoLock()).lock.packages).filter((k) => k && !k.slice('node_modules/'.length).includes('/node_modules/'));
  for (const rel of top) fs.cpSync(path.join(root, rel), path.join(dest, rel.slice('node_modules/'.length)), { recursive: true });
}
