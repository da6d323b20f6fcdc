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

/** What a publisher change is, in words (kernel/packages/publisher.ts PublisherChangeKind). */
const CHANGE_WORDS: Record<NonNullable<InstallPreview['publisherChange']>['changes'][number], string> = {
  'first-signature': 'It was installed unsigned; this version is signed for the first time, and that key would be trusted from now on',
  'new-key': 'This version is signed with a different key than the one it was installed with',
  renamed: 'The publisher name changed',
};

export function describePublisherChange(change: NonNullable<InstallPreview['publisherChange']>): string[] {
  return change.changes.map((c) => CHANGE_WORDS[c] ?? c);
}

/** Whether the phrases it shares need the user's "Install anyway" (the rule of kernel/packages/overlap.ts needsConsent). */
export function overlapNeedsConsent(p: Pick<InstallPreview, 'overlaps' | 'broadTemplates'>): boolean {
  return p.broadTemplates.length > 0 || p.overlaps.some((o) => !o.catchAll);
}

/** One overlap in words: which skill has the phrase and whether this package would read it too (built-in and catch-all are badges beside it). */
export function describeOverlap(o: InstallPreview['overlaps'][number]): string {
  return o.how === 'takes' ? `a phrase of ${o.skillName}; this skill would read it too — ${o.skillName} keeps it` : `this skill's phrase, already handled by ${o.skillName}, which keeps it`;
}

/**
 * The explicit acceptances an install of `p` still lacks, as the line the dialog shows; null when
 * none is missing. A change of publisher needs its own yes, shared phrases theirs: the Install
 * button alone never accepts them (the kernel refuses the install without them too).
 */
export function missingConsent(p: Pick<InstallPreview, 'publisherChange' | 'overlaps' | 'broadTemplates'>, choice: { acceptPublisher?: boolean; allowOverlap?: boolean }): string | null {
  if (p.publisherChange && !choice.acceptPublisher) return 'Accept the new publisher first: tick the box under "Publisher change" if you know the publisher really changed.';
  if (overlapNeedsConsent(p) && !choice.allowOverlap) return 'It shares phrases with installed skills: tick "Install anyway" under the list of phrases if you still want it.';
  return null;
}
export const selectInstallOverlapRefused = (s: AppState) => s.installOverlapRefused;
