/**
 * The exec launcher of one community skill: every granted program it runs starts inside the same
 * confinement as the skill's own process (confine.ts: no network, the profile and home hidden,
 * capabilities dropped), seeing only its data folder (writable), its granted `fs.read` paths
 * (read-only) and `fs.write` paths (writable) — with the profile hidden again over any of them
 * that contains it — under prlimit CPU, memory (RLIMIT_DATA), open-file and file-size limits, with
 * the minimal environment the exec capability built. Where the machine has no namespaces (mode 'none') it refuses, unless the
 * user opted in to unconfined community code.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LaunchSpec, Launcher } from '../capabilities/index.js';
import { confine, visibleInside } from './confine.js';
import { dataLimitBytes, type SandboxLimits } from './process.js';
import { knownNodeReserve } from './node-program.js';
import { modeOf, type SandboxSupport } from './mode.js';
import { unconfinedRefusal } from './support.js';

export interface LauncherSpec {
  skillId: string;
  profileDir: string;
  dataDir: string;
  /** Granted fs.read scopes, expanded to absolute paths. */
  readPaths: string[];
  /** Granted fs.write scopes, expanded to absolute paths. */
  writePaths: string[];
  support: SandboxSupport;
  limits: Pick<SandboxLimits, 'cpuSeconds' | 'memoryMb'>;
}

export class LaunchRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CapabilityDenied';
  }
}

export function createLauncher(spec: LauncherSpec): Launcher {
  return (launch: LaunchSpec): LaunchSpec => {
    const refusal = unconfinedRefusal(spec.support, `programs of community skills (${spec.skillId} asked for ${path.basename(launch.file)})`);
    if (refusal) throw new LaunchRefused(refusal);
    // The exec capability built the environment (minimal, validated); it is passed as it is.
    const env = { ...launch.env };
    const existing = (ps: string[]) => ps.filter((p) => fs.existsSync(p));
    const reads = existing(spec.readPaths);
    const writes = existing(spec.writePaths);
    // A granted program that is a Node this kernel knows gets the same limit as a skill process (its
    // measured code-range reservation added, process.ts); any other program gets the plain limit.
    const dataBytes = dataLimitBytes(spec.limits.memoryMb, knownNodeReserve(launch.file));
    const base = { support: spec.support, profileDir: spec.profileDir, dataDir: spec.dataDir, read: reads, write: writes, private: [spec.profileDir], env, limits: { cpuSeconds: spec.limits.cpuSeconds, dataBytes, nofile: 1024 } };
    // Inside, the working folder must be one the program can see (else its data folder).
    const cwd = path.resolve(launch.cwd || spec.dataDir);
    const inner = visibleInside(base, cwd) ? cwd : spec.dataDir;
    const confined = confine({ ...base, cwd: inner }, [launch.file, ...launch.args]);
    // The confining program starts in the data folder (it exists on the host); the program inside starts in `cwd`.
    return { file: confined.file, args: confined.args, env: confined.env, cwd: modeOf(spec.support) === 'none' ? inner : spec.dataDir };
  };
}
