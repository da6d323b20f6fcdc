/**
 * What this machine can enforce: Node's permission model (Node ≥ 20), a network namespace and a
 * private filesystem view through bubblewrap (Linux, when installed and allowed to create
 * namespaces), and CPU/file limits through util-linux `prlimit`. Probed once per process.
 */
import { spawnSync } from 'node:child_process';

export interface SandboxSupport {
  nodePermissions: boolean;
  bwrap: string | undefined;
  prlimit: string | undefined;
  /** The network can be cut off per skill (a namespace). */
  netIsolation: boolean;
}

let cached: SandboxSupport | undefined;

function which(program: string): string | undefined {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
    const r = spawnSync('test', ['-x', `${dir}/${program}`]);
    if (r.status === 0) return `${dir}/${program}`;
  }
  return undefined;
}

export function sandboxSupport(): SandboxSupport {
  if (cached) return cached;
  const major = Number(process.versions.node.split('.')[0]);
  let bwrap: string | undefined;
  if (process.platform === 'linux' && process.env.AGENTOS_SANDBOX_NO_BWRAP !== '1') {
    const found = which('bwrap');
    if (found) {
      const probe = spawnSync(found, ['--unshare-net', '--unshare-pid', '--die-with-parent', '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', 'true'], { timeout: 5000 });
      if (probe.status === 0) bwrap = found;
    }
  }
  const prlimit = process.platform === 'linux' ? which('prlimit') : undefined;
  cached = { nodePermissions: major >= 20, bwrap, prlimit, netIsolation: !!bwrap };
  return cached;
}

/** One line for install prompts and `agentos skill doctor`-style output. */
export function describeSupport(s = sandboxSupport()): string[] {
  return [
    s.nodePermissions ? 'filesystem and processes: confined by Node\'s permission model' : 'filesystem and processes: NOT confined (Node < 20 has no permission model)',
    s.bwrap ? 'network: cut off (own network namespace via bubblewrap); the kernel makes HTTP calls to granted hosts' : 'network: NOT enforceable on this machine (no bubblewrap network namespace); direct connections are only blocked best-effort',
    s.prlimit ? 'CPU time: limited with prlimit' : 'CPU time: limited only by the call timeout',
  ];
}
