/**
 * Who publishes a skill, and what an update may change about it. An installed skill is tied to the
 * publisher it was installed from: the publisher's name and, once signed, its Ed25519 key (pinned).
 * An update that renames the publisher, signs a so-far unsigned skill for the first time, or
 * signs with another key is a change of publisher: it is never taken silently. The user must
 * answer a question that names both identities, or, without a prompt (`--yes`, the portal), name
 * the new identity exactly (`--accept-publisher KEY-ID`); `--yes` alone is refused. An unsigned
 * package never replaces a signed one: the skill must be removed first.
 */
import { createHash } from 'node:crypto';
import { safeText } from '../sdk/index.js';
import { PackageError } from './digest.js';
import type { PublicKeyInfo } from './keys.js';

export interface PublisherIdentity {
  /** The manifest's `publisher` (anyone can write any name; only a key proves anything). */
  name: string;
  /** `ed25519:` + 16 hex digits, or null when not signed. */
  keyId: string | null;
  /** SHA-256 of the raw public key, hex (all 64 digits), or null when not signed. */
  fingerprint: string | null;
}

export type PublisherChangeKind = 'first-signature' | 'new-key' | 'renamed';

export interface PublisherChange {
  changes: PublisherChangeKind[];
  from: PublisherIdentity;
  to: PublisherIdentity;
}

export function identityOf(name: string, key: PublicKeyInfo | null | undefined): PublisherIdentity {
  return {
    name,
    keyId: key?.id ?? null,
    fingerprint: key ? createHash('sha256').update(Buffer.from(key.publicKey, 'base64')).digest('hex') : null,
  };
}

/** One line for a terminal or a dialog: `"Jane Dev", signed with ed25519:… (SHA-256 …)` or `"Jane Dev", not signed`. */
export function describeIdentity(who: PublisherIdentity): string {
  const name = `"${safeText(who.name, { max: 80 })}"`;
  return who.keyId ? `${name}, signed with key ${who.keyId} (fingerprint ${who.fingerprint})` : `${name}, not signed`;
}

/** What `--accept-publisher` must say to accept `to`: its key id when signed, else its name. */
export function acceptToken(to: PublisherIdentity): string {
  return to.keyId ?? safeText(to.name, { max: 200 });
}

/**
 * The publisher change from the installed version (`from`, its pinned key) to the staged package,
 * undefined when there is none. Throws when an unsigned package would replace a signed install.
 */
export function publisherChange(id: string, from: { name: string; key: PublicKeyInfo | null } | undefined, to: { name: string; key: PublicKeyInfo | null }): PublisherChange | undefined {
  if (!from) return undefined;
  const before = identityOf(from.name, from.key);
  const after = identityOf(to.name, to.key);
  if (from.key && !to.key) {
    throw new PackageError(
      `Refused to update ${id}: it is not signed, but ${id} was installed signed by ${describeIdentity(before)}. An unsigned package cannot replace a signed one. If the publisher really stopped signing, remove the skill first (agentos skill remove ${id}) and install it again.`,
    );
  }
  const changes: PublisherChangeKind[] = [];
  // The whole key is compared, not its 16-digit id.
  if (!from.key && to.key) changes.push('first-signature');
  else if (from.key && to.key && from.key.publicKey !== to.key.publicKey) changes.push('new-key');
  if (from.name !== to.name) changes.push('renamed');
  return changes.length ? { changes, from: before, to: after } : undefined;
}

/** The change in one clause, for a refusal. */
function reason(id: string, change: PublisherChange): string {
  const name = (who: PublisherIdentity) => `"${safeText(who.name, { max: 80 })}"`;
  if (change.changes.includes('new-key')) return `it is signed by ${change.to.keyId}, but ${id} was installed from ${change.from.keyId}`;
  if (change.changes.includes('first-signature')) return `it is signed by ${change.to.keyId}, but ${id} was installed unsigned`;
  return `its publisher is ${name(change.to)}, but ${id} was installed from ${name(change.from)}`;
}

/** The preview's lines about a publisher change. */
export function describeChange(id: string, change: PublisherChange): string[] {
  const what: Record<PublisherChangeKind, string> = {
    'first-signature': `${id} was installed unsigned; this version is signed for the first time, and that key would be pinned from now on`,
    'new-key': `this version is signed with a DIFFERENT key than the one ${id} was installed with`,
    renamed: 'the publisher name changed',
  };
  return [
    `PUBLISHER CHANGE: ${change.changes.map((c) => what[c]).join('; ')}.`,
    `  installed from: ${describeIdentity(change.from)}`,
    `  this package:   ${describeIdentity(change.to)}`,
    'Anyone can sign a package or write any name; accept only if you know the publisher really changed.',
  ];
}

/**
 * Consent for a publisher change: `accept` (the `--accept-publisher` value) must name the new
 * identity exactly; without it the user is asked (never under `yes`, which alone is refused).
 */
export async function consentToChange(id: string, change: PublisherChange, options: { yes: boolean; accept?: string | undefined }, ask: (question: string) => Promise<boolean>): Promise<'flag' | 'asked'> {
  const token = acceptToken(change.to);
  const hint = `If you trust the new publisher, run again with --accept-publisher ${/\s/.test(token) ? JSON.stringify(token) : token}.`;
  if (options.accept !== undefined) {
    const given = options.accept.trim();
    if (given === token || (change.to.fingerprint && given.toLowerCase() === change.to.fingerprint)) return 'flag';
    throw new PackageError(`Refused to update ${id}: --accept-publisher ${safeText(given, { max: 100 })} does not match the new publisher (${describeIdentity(change.to)}). ${hint}`);
  }
  if (options.yes) throw new PackageError(`Refused to update ${id}: ${reason(id, change)}. --yes does not accept a change of publisher (installed from ${describeIdentity(change.from)}; this package: ${describeIdentity(change.to)}). ${hint}`);
  const ok = await ask(`Accept the new publisher ${describeIdentity(change.to)} in place of ${describeIdentity(change.from)}?`);
  if (!ok) throw new PackageError(`Update of ${id} cancelled: the new publisher was not accepted; nothing was changed.`);
  return 'asked';
}
