/**
 * Where tests find a Node 24 to run skills on (CI has only Node 22): AGENTOS_TEST_NODE24, else the
 * newest Node 24 that scripts/node-runtime.mjs cached (`AGENTOS_NODE_VERSION=24.x . scripts/use-node.sh`
 * puts one there), else the running Node when it is 24. Otherwise the reason a test skips.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const NODE24_ENV = 'AGENTOS_TEST_NODE24';

const major = (version: string) => Number(version.replace(/^v/, '').split('.')[0]);

/** The version a Node program answers, or undefined when it does not run. */
function versionOf(program: string): string | undefined {
  const r = spawnSync(program, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export function findNode24(env = process.env): { program: string; version: string } | { reason: string } {
  const named = env[NODE24_ENV];
  if (named) {
    const version = versionOf(named);
    return version && major(version) === 24 ? { program: named, version } : { reason: `${NODE24_ENV}=${named} is not a Node 24 that runs (it answered ${version ?? 'nothing'})` };
  }
  const cache = path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'agentos');
  const suffix = `-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
  const cached = (fs.existsSync(cache) ? fs.readdirSync(cache) : [])
    .filter((d) => d.startsWith('node-v24.') && d.endsWith(suffix))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .reverse();
  for (const dir of cached) {
    const program = path.join(cache, dir, 'bin', 'node');
    const version = versionOf(program);
    if (version && major(version) === 24) return { program, version };
  }
  if (major(process.version) === 24) return { program: process.execPath, version: process.version };
  return { reason: `no Node 24 here: set ${NODE24_ENV}, or run AGENTOS_NODE_VERSION=24.x . scripts/use-node.sh once to cache one in ${cache}` };
}
