/**
 * The Node program Electron main names to the kernel process for sandboxed skill processes
 * (AGENTOS_SKILL_NODE, read by kernel/sandbox/node-program.ts). The Electron binary cannot be it:
 * the `runAsNode` fuse is off and its Node lacks the permission model the sandbox relies on.
 *
 * - Packaged: the Node that electron-builder's `extraResources` put at `<resources>/node/bin/node`
 *   (scripts/bundle-node.mjs fetches it for the target platform). tests/packaging checks that this
 *   path, the builder's `extraResources` target and the kernel's own fallback agree.
 * - Development (`npm start` runs Electron from node_modules, which has no bundled Node): the
 *   Node that started it (npm's `npm_node_execpath`), else the first `node` on PATH.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SKILL_NODE_ENV, bundledNodePath } from '../../kernel/sandbox/index.js';

export { SKILL_NODE_ENV };

export interface SkillNodeInputs {
  packaged: boolean;
  resourcesPath: string;
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
}

const executable = (file: string) => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/** The Node program for skill processes, or undefined in a development run with no Node to be found. */
export function skillNodeFor({ packaged, resourcesPath, platform, env }: SkillNodeInputs): string | undefined {
  if (env[SKILL_NODE_ENV]) return env[SKILL_NODE_ENV];
  if (packaged) return bundledNodePath(resourcesPath, platform);
  const exe = platform === 'win32' ? 'node.exe' : 'node';
  if (env.npm_node_execpath && executable(env.npm_node_execpath)) return env.npm_node_execpath;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && executable(path.join(dir, exe))) return path.join(dir, exe);
  }
  return undefined;
}
