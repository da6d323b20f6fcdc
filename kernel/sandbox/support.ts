/**
 * What this machine can enforce, probed once per process, and the sandbox mode that follows:
 * - 'bwrap': bubblewrap gives each skill process its own network, PID, IPC and UTS namespaces
 *   and a private read-only filesystem view (home, /tmp, /run and the profile hidden);
 * - 'unshare': no bubblewrap (or AGENTOS_SANDBOX_NO_BWRAP=1), but util-linux `unshare` can create
 *   the same namespaces (through a user namespace when not root) and the same filesystem view
 *   (see confine.ts);
 * - 'none': neither works (or AGENTOS_SANDBOX_NO_UNSHARE=1): only Node's permission model and the
 *   child's guards remain, which is not a boundary, so community code is refused unless the user
 *   opts in with AGENTOS_SANDBOX_ALLOW_UNCONFINED=1.
 * CPU, memory and file limits come from util-linux `prlimit` in every mode where it exists.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { confine } from './confine.js';
import { modeOf, type SandboxMode, type SandboxSupport } from './mode.js';

export { modeOf, type SandboxMode, type SandboxSupport } from './mode.js';

export const INSTALL_LINE = 'sudo apt-get install bubblewrap';
export const ALLOW_UNCONFINED_ENV = 'AGENTOS_SANDBOX_ALLOW_UNCONFINED';

let cached: SandboxSupport | undefined;

function which(program: string): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/bin', '/bin', '/usr/sbin', '/sbin']) {
    if (!dir) continue;
    const file = `${dir}/${program}`;
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Whether the whole unshare confinement (namespaces, mounts, dropped capabilities) works here: it is run once on a check that the profile is hidden. */
function probeUnshare(base: Omit<SandboxSupport, 'mode' | 'netIsolation'>): boolean {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-probe-'));
  try {
    const data = path.join(dir, 'data');
    fs.mkdirSync(data);
    fs.writeFileSync(path.join(dir, 'secret'), 'x');
    const support: SandboxSupport = { ...base, mode: 'unshare', netIsolation: true };
    const cmd = confine({ support, profileDir: dir, dataDir: data, read: [], write: [], env: {}, limits: { cpuSeconds: 5 } }, ['/bin/sh', '-c', 'test ! -e "$0" && test -d "$1"', path.join(dir, 'secret'), data]);
    const r = spawnSync(cmd.file, cmd.args, { env: cmd.env, timeout: 5000, stdio: 'ignore' });
    return r.status === 0;
  } catch {
    return false;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function probeBwrap(): string | undefined {
  const found = which('bwrap');
  if (!found) return undefined;
  const probe = spawnSync(found, ['--unshare-net', '--unshare-pid', '--die-with-parent', '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', 'true'], { timeout: 5000 });
  return probe.status === 0 ? found : undefined;
}

/** Probes once (a few milliseconds of process starts); later calls answer from the cache. */
export function sandboxSupport(): SandboxSupport {
  if (cached) return cached;
  const linux = process.platform === 'linux';
  const major = Number(process.versions.node.split('.')[0]);
  const base = {
    nodePermissions: major >= 20,
    bwrap: linux && process.env.AGENTOS_SANDBOX_NO_BWRAP !== '1' ? probeBwrap() : undefined,
    unshare: linux && process.env.AGENTOS_SANDBOX_NO_UNSHARE !== '1' ? which('unshare') : undefined,
    setpriv: linux ? which('setpriv') : undefined,
    userNs: typeof process.getuid === 'function' && process.getuid() !== 0,
    prlimit: linux ? which('prlimit') : undefined,
    allowUnconfined: process.env[ALLOW_UNCONFINED_ENV] === '1',
  };
  const unshareOk = !base.bwrap && !!base.unshare && !!base.setpriv && probeUnshare(base);
  const mode: SandboxMode = base.bwrap ? 'bwrap' : unshareOk ? 'unshare' : 'none';
  cached = { ...base, unshare: unshareOk ? base.unshare : undefined, mode, netIsolation: mode !== 'none' };
  return cached;
}

/** The same machine seen in another mode (tests and the benchmark run every mode this machine has). */
export function supportInMode(mode: SandboxMode, from = sandboxSupport(), allowUnconfined = from.allowUnconfined): SandboxSupport {
  return { ...from, mode, bwrap: mode === 'bwrap' ? from.bwrap : undefined, unshare: mode === 'unshare' ? (from.unshare ?? unshareWorks()) : undefined, netIsolation: mode !== 'none', allowUnconfined };
}

/** Every mode this machine can run (for tests): bwrap and unshare where they work, and 'none'. */
export function availableModes(s = sandboxSupport()): SandboxMode[] {
  const modes: SandboxMode[] = [];
  if (s.bwrap) modes.push('bwrap');
  if (s.unshare || (s.bwrap && unshareWorks())) modes.push('unshare');
  modes.push('none');
  return modes;
}

let unshareCache: string | undefined | false;
/** util-linux unshare confinement, probed even when bubblewrap is preferred (tests run both). */
export function unshareWorks(): string | undefined {
  if (unshareCache === undefined) {
    const s = sandboxSupport();
    const found = s.unshare ?? (process.env.AGENTOS_SANDBOX_NO_UNSHARE !== '1' ? which('unshare') : undefined);
    unshareCache = found && s.setpriv && probeUnshare({ ...s, unshare: found }) ? found : false;
  }
  return unshareCache || undefined;
}

/** Why community code does not run in this mode, with what to do about it; undefined when it may run. */
export function unconfinedRefusal(s: SandboxSupport, what = 'community skills'): string | undefined {
  if (modeOf(s) !== 'none' || s.allowUnconfined) return undefined;
  return (
    `${what} are not run on this machine: it has no OS-level sandbox (bubblewrap is missing and util-linux unshare cannot create namespaces here). ` +
    `Install bubblewrap (${INSTALL_LINE}), or set ${ALLOW_UNCONFINED_ENV}=1 to run them with Node's permission model alone (best effort: no network namespace, and a hostile skill may escape it).`
  );
}

/** Lines for install prompts and doctor output: what this mode enforces, honestly. */
export function describeSupport(s = sandboxSupport()): string[] {
  const lines: string[] = [];
  const mode = modeOf(s);
  if (mode === 'bwrap') {
    lines.push('mode: bubblewrap (own network, PID, IPC and UTS namespaces; a read-only view of the system with home, /tmp, /run and the AgentOS profile hidden)');
  } else if (mode === 'unshare') {
    lines.push(`mode: unshare (no bubblewrap: util-linux namespaces${s.userNs ? ' in a user namespace' : ''}; own network, PID, IPC and UTS namespaces; a read-only view of the system with home, /tmp, /run and the AgentOS profile hidden; capabilities dropped)`);
  } else if (s.allowUnconfined) {
    lines.push(`mode: NONE — ${ALLOW_UNCONFINED_ENV}=1 is set: community skills run with Node's permission model and in-process guards only; the network and the kernel are NOT protected by the OS (install bubblewrap: ${INSTALL_LINE})`);
  } else {
    lines.push(`mode: none — community skills that run code are REFUSED here (no bubblewrap, no usable unshare). Install bubblewrap (${INSTALL_LINE}) or set ${ALLOW_UNCONFINED_ENV}=1 to accept best-effort confinement`);
  }
  lines.push(s.nodePermissions ? 'files: the skill process reads only its own folder and writes only its data folder (Node\'s permission model); granted files are reached through the kernel' : 'files: NOT confined by Node (Node < 20 has no permission model)');
  lines.push(s.netIsolation ? 'network: none inside the sandbox; the kernel makes HTTP calls to granted hosts' : 'network: NOT enforceable (no namespace); direct connections are only blocked best-effort in the process');
  lines.push(s.prlimit ? 'CPU time and memory: limited by the OS (prlimit)' : 'CPU time: limited only by the call timeout; memory: only the JavaScript heap is limited');
  return lines;
}
