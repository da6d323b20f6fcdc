/**
 * The parts of the install preview and its questions that are about who a package is and which
 * phrases it would share with other skills. Everything printed from a package (its name,
 * description, publisher, phrases) is untrusted and goes through safeText first. A question is
 * asked with its topic, so a host that asked one thing up front (the portal's install dialog)
 * answers that topic only and never agrees to something it did not show.
 */
import type { SkillManifest } from '../contracts/index.js';
import { safeText } from '../sdk/index.js';
import { PackageError } from './digest.js';
import type { PublicKeyInfo } from './keys.js';
import type { LockEntry } from './lock.js';
import { needsConsent, overlapKeys, type OverlapReport } from './overlap.js';
import type { PackageIntegrity } from './sign.js';

/** What an install question is about: "install"/"update" (the package and its permissions), "publisher" (a change of publisher), "overlap" (shared phrases). */
export type AskTopic = 'install' | 'update' | 'publisher' | 'overlap';

const MAX_LISTED = 12;

/** "signed by ed25519:…" or a plain, unmissable "UNSIGNED". */
export function signatureLabel(signedBy: PublicKeyInfo | null, integrity: PackageIntegrity['state']): string {
  if (signedBy) return `signed by ${signedBy.id}`;
  return integrity === 'digests' ? 'UNSIGNED (digest list checked; anyone could have made it)' : 'UNSIGNED (anyone could have made it)';
}

/** The preview's first lines: name, version, id, publisher and signature; what it is; the update it makes. */
export function identityLines(manifest: SkillManifest, signedBy: PublicKeyInfo | null, integrity: PackageIntegrity['state'], previous: LockEntry | undefined): string[] {
  const t = (s: string, max = 200) => safeText(s, { max });
  return [
    `\n${t(manifest.name, 80)} ${t(manifest.version, 40)} (${t(manifest.id, 80)}) by "${t(manifest.publisher, 80)}" — ${signatureLabel(signedBy, integrity)}`,
    `${previous ? `Update from ${t(previous.version, 40)}. ` : ''}${t(manifest.description, 500)}`,
  ];
}

/** The preview's lines about shared phrases; none when there are none. */
export function overlapLines(id: string, report: OverlapReport): string[] {
  const lines: string[] = [];
  const strong = report.overlaps.filter((o) => !o.owner.fallback);
  const weak = report.overlaps.filter((o) => o.owner.fallback);
  const who = (o: OverlapReport['overlaps'][number]) => `${safeText(o.owner.name, { max: 60 })} (${o.owner.builtin ? 'built-in' : 'installed earlier'})`;
  if (strong.length) {
    lines.push(`PHRASE OVERLAP: ${id} reads phrases that other skills already handle. Those skills keep them; AgentOS never routes them to ${id}:`);
    for (const o of strong.slice(0, MAX_LISTED)) lines.push(`  • "${safeText(o.phrase, { max: 100 })}" — ${o.how === 'takes' ? 'would be taken from' : 'already belongs to'} ${who(o)}`);
    if (strong.length > MAX_LISTED) lines.push(`  … and ${strong.length - MAX_LISTED} more`);
  }
  if (weak.length) {
    lines.push(`It answers questions a built-in catch-all would otherwise answer (${[...new Set(weak.map(who))].join(', ')}), e.g. "${safeText(weak[0]!.phrase, { max: 100 })}".`);
  }
  for (const b of report.broad.slice(0, MAX_LISTED)) {
    lines.push(`  • template "${safeText(b.template, { max: 100 })}" (${safeText(b.intent, { max: 64 })}) has no words of its own and would catch almost any request: it is left out`);
  }
  return lines;
}

/**
 * The user's yes to overlapping phrases: new overlaps (owners not accepted on an earlier install
 * of this skill) need `allowOverlap` or an answer to a question; `yes` alone is refused.
 * Returns the owners now accepted.
 */
export async function consentToOverlaps(
  id: string,
  report: OverlapReport,
  previous: LockEntry | undefined,
  options: { yes?: boolean | undefined; allowOverlap?: boolean | undefined },
  ask: (question: string, topic: AskTopic) => Promise<boolean>,
): Promise<string[]> {
  const keys = overlapKeys(report);
  const accepted = new Set(previous?.acceptedOverlaps ?? []);
  const fresh = keys.filter((k) => !accepted.has(k));
  if (!needsConsent(report) || fresh.length === 0 || options.allowOverlap) return [...new Set([...accepted, ...keys])].sort();
  if (options.yes) {
    throw new PackageError(
      `Refused to install ${id}: it reads phrases that other skills already handle (listed above), and --yes alone does not accept that. The listed phrases stay with the skills that have them. To install it anyway, run again with --allow-overlap.`,
    );
  }
  const ok = await ask(`Install ${id} although it overlaps the phrases above (they stay with the skills that have them)?`, 'overlap');
  if (!ok) throw new PackageError(`Installation of ${id} cancelled because of the phrase overlap; nothing was changed.`);
  return [...new Set([...accepted, ...keys])].sort();
}
