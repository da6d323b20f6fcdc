/**
 * Signing and verifying a package folder: the publisher signs the exact bytes of the digest list
 * with Ed25519; verifying recomputes every file's digest, compares it with the list and checks the
 * signature. `agentos.sig` holds the algorithm, the raw public key and the signature.
 */
import { sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DIGEST_FILE, PackageError, SIGNATURE_FILE, describeDiff, diffDigests, digestTree, isClean, parseDigestList, writeDigestList, type DigestMap } from './digest.js';
import { keyIdOf, publicKeyFromRaw, type PublicKeyInfo } from './keys.js';

const SignatureSchema = z.object({
  algorithm: z.literal('ed25519'),
  keyId: z.string().max(100),
  publicKey: z.string().max(100),
  signature: z.string().max(200),
});

export function signDir(dir: string, key: KeyObject, info: PublicKeyInfo): { digests: DigestMap } {
  const { digests, text } = writeDigestList(dir);
  const signature = edSign(null, Buffer.from(text), key).toString('base64');
  fs.writeFileSync(path.join(dir, SIGNATURE_FILE), `${JSON.stringify({ algorithm: 'ed25519', keyId: info.id, publicKey: info.publicKey, signature }, null, 2)}\n`);
  return { digests };
}

export type PackageIntegrity =
  | { state: 'signed'; key: PublicKeyInfo; digests: DigestMap }
  | { state: 'digests'; digests: DigestMap }
  | { state: 'none'; digests: DigestMap };

/** Checks a staged package; throws a PackageError naming the file or the signature that does not match. */
export function verifyPackage(dir: string): PackageIntegrity {
  const actual = digestTree(dir);
  const listFile = path.join(dir, DIGEST_FILE);
  const sigFile = path.join(dir, SIGNATURE_FILE);
  if (!fs.existsSync(listFile)) {
    if (fs.existsSync(sigFile)) throw new PackageError(`${SIGNATURE_FILE} is present but ${DIGEST_FILE} is missing: the package is incomplete`);
    return { state: 'none', digests: actual };
  }
  const text = fs.readFileSync(listFile, 'utf8');
  const listed = parseDigestList(text);
  const diff = diffDigests(listed, actual);
  if (!isClean(diff)) throw new PackageError(`the files do not match the package's digest list (${describeDiff(diff)}): it was modified after it was packed`);
  if (!fs.existsSync(sigFile)) return { state: 'digests', digests: actual };
  let sig: z.infer<typeof SignatureSchema>;
  try {
    sig = SignatureSchema.parse(JSON.parse(fs.readFileSync(sigFile, 'utf8')));
  } catch {
    throw new PackageError(`${SIGNATURE_FILE} is malformed`);
  }
  const keyId = keyIdOf(sig.publicKey);
  if (keyId !== sig.keyId) throw new PackageError(`${SIGNATURE_FILE} names key ${sig.keyId} but carries key ${keyId}`);
  const ok = edVerify(null, Buffer.from(text), publicKeyFromRaw(sig.publicKey), Buffer.from(sig.signature, 'base64'));
  if (!ok) throw new PackageError(`the signature in ${SIGNATURE_FILE} does not match the digest list: the package was altered or signed wrongly`);
  return { state: 'signed', key: { id: keyId, publicKey: sig.publicKey }, digests: actual };
}
