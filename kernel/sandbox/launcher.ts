/**
 * The exec launcher of one community skill: every granted program it runs starts inside the same
 * confinement as the skill's own process (confine.ts: no network, the profile and home hidden,
 * capabilities dropped), seeing only its data folder (writable), its granted `fs.read` paths
 * (read-only) and `fs.write` paths (writable) — with the profile hidden again over any of them
 * that contains it — under prlimit CPU, memory (RLIMIT_DATA), open-file and file-size limits, with
 * a minimal environment. Where the machine has no namespaces (mode 'none') it refuses, unless the
 * user opted in to unconfined community code.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LaunchSpec, Launcher } from '../capabilities/index.js';
import { confine } from './confine.js';
import { dataLimitBytes, type SandboxLimits } from './process.js';
import { unconfinedRefusal, type SandboxSupport } from './support.js';

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

/** Environment a granted program keeps (the exec capability already made it minimal); home and temp point into the data folder. */
const KEEP_ENV = /^(PATH|LANG|LC_\w+|TERM|TZ|USER|LOGNAME|LD_LIBRARY_PATH|CUDA_\w+|NVIDIA_\w+)$/;

export class LaunchRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CapabilityDenied';
  }
}

const within = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith('/') ? dir : `${dir}/`);

export function createLauncher(spec: LauncherSpec): Launcher {
  return (launch: LaunchSpec): LaunchSpec => {
    const refusal = unconfinedRefusal(spec.support, `programs of community skills (${spec.skillId} asked for ${path.basename(launch.file)})`);
    if (refusal) throw new LaunchRefused(refusal);
    const env: Record<string, string> = { PATH: '/usr/local/bin:/usr/bin:/bin' };
    for (const [k, v] of Object.entries(launch.env)) if (KEEP_ENV.test(k)) env[k] = v;
    env.HOME = spec.dataDir;
    env.TMPDIR = spec.dataDir;
    const existing = (ps: string[]) => ps.filter((p) => fs.existsSync(p));
    const reads = existing(spec.readPaths);
    const writes = existing(spec.writePaths);
    // Inside, the working folder must be one the program can see: the data folder or a granted path.
    const cwd = path.resolve(launch.cwd || spec.dataDir);
    const visible = [spec.dataDir, ...reads, ...writes].some((p) => within(cwd, path.resolve(p)));
    const confined = confine(
      {
        support: spec.support,
        profileDir: spec.profileDir,
        dataDir: spec.dataDir,
        read: reads,
        write: writes,
        private: [spec.profileDir],
        cwd: visible ? cwd : spec.dataDir,
        env,
        limits: { cpuSeconds: spec.limits.cpuSeconds, dataBytes: dataLimitBytes(spec.limits.memoryMb), nofile: 1024 },
      },
      [launch.file, ...launch.args],
    );
    // The confining program starts in the data folder (it exists on the host); the program inside starts in `cwd`.
    return { file: confined.file, args: confined.args, env: confined.env, cwd: spec.support.mode === 'none' ? cwd : spec.dataDir };
  };
}
