/**
 * The sandbox modes and what a machine supports (probed by support.ts); apart so that the
 * command builder (confine.ts) and the probe that runs it need not import each other.
 */
export type SandboxMode = 'bwrap' | 'unshare' | 'none';

export interface SandboxSupport {
  mode: SandboxMode;
  nodePermissions: boolean;
  bwrap: string | undefined;
  /** util-linux `unshare`, when it can create the namespaces this sandbox needs. */
  unshare: string | undefined;
  /** util-linux `setpriv` (drops capabilities inside the namespaces; kills the sandbox with the kernel). */
  setpriv: string | undefined;
  /** `unshare` must create a user namespace (not root). */
  userNs: boolean;
  prlimit: string | undefined;
  /** The network is cut off per skill (a namespace). */
  netIsolation: boolean;
  /** The user accepted running community code without OS confinement (AGENTOS_SANDBOX_ALLOW_UNCONFINED=1). */
  allowUnconfined: boolean;
}

/**
 * The mode a support object really gives: one built by hand from another (`{ ...full, bwrap:
 * undefined }`) without the tool its mode needs falls back to what is left, down to 'none'.
 */
export function modeOf(s: SandboxSupport): SandboxMode {
  if (s.mode === 'bwrap' && s.bwrap) return 'bwrap';
  if ((s.mode === 'bwrap' || s.mode === 'unshare') && s.unshare && s.setpriv) return 'unshare';
  return 'none';
}
