/**
 * What an install still needs the user to accept explicitly (a publisher change, shared phrases),
 * in words. Apart from the selectors so the slice can use it without importing the app's state.
 */
import type { InstallPreview } from '../../../bridge/contracts';

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
