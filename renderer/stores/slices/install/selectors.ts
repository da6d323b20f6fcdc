/** Selectors for the install dialog, and how it sums up a preview (signature, scan, what is asked). */
import type { InstallPreview } from '../../../bridge/contracts';
import type { AppState } from '../../state';

export const selectInstallOpen = (s: AppState) => s.installOpen;
export const selectInstallSource = (s: AppState) => s.installSource;
export const selectInstallPreview = (s: AppState) => s.installPreview;
export const selectInstallBusy = (s: AppState) => s.installBusy;
export const selectInstallError = (s: AppState) => s.installError;

/** The signature line: who vouches for these files. */
export function describeSignature(p: Pick<InstallPreview, 'signature'>): { tone: 'ok' | 'warn'; text: string } {
  switch (p.signature.state) {
    case 'signed':
      return { tone: 'ok', text: `Signed by ${p.signature.keyId ?? 'an unknown key'}` };
    case 'digests':
      return { tone: 'warn', text: 'Not signed — file digests checked' };
    case 'none':
      return { tone: 'warn', text: 'Not signed — anyone could have made it' };
  }
}

/** The permissions the user is asked for: all of them on a new install, only the new ones on an update. */
export function askedPermissions(p: Pick<InstallPreview, 'permissions' | 'update'>): InstallPreview['permissions'] {
  if (!p.update) return p.permissions;
  const widened = p.update.widened.map((w) => JSON.stringify([w.kind, w.scope]));
  return p.permissions.filter((perm) => widened.includes(JSON.stringify([perm.kind, perm.scope])));
}

/** The scan in one line, and its worst severity. */
export function scanSummary(p: Pick<InstallPreview, 'scan'>): { tone: 'ok' | 'warn' | 'bad'; text: string } {
  const blocks = p.scan.findings.filter((f) => f.severity === 'block').length;
  const warns = p.scan.findings.length - blocks;
  if (p.scan.blocked) return { tone: 'bad', text: `Scan blocked it: ${blocks} serious finding${blocks === 1 ? '' : 's'}${warns ? `, ${warns} warning${warns === 1 ? '' : 's'}` : ''}` };
  if (warns) return { tone: 'warn', text: `Scan: ${warns} warning${warns === 1 ? '' : 's'} in ${p.scan.filesScanned} file${p.scan.filesScanned === 1 ? '' : 's'}` };
  return { tone: 'ok', text: `Scan: nothing suspicious in ${p.scan.filesScanned} file${p.scan.filesScanned === 1 ? '' : 's'}` };
}

export { describeOverlap, describePublisherChange, missingConsent, overlapNeedsConsent } from './consent';
export const selectInstallOverlapRefused = (s: AppState) => s.installOverlapRefused;
