/**
 * Publisher keys (Ed25519, Node's crypto): `agentos keys new` writes a private key (PKCS#8 PEM,
 * mode 0600) and its public key (SPKI PEM) under `<profile>/keys`. A key is named by its id, the
 * first 16 hex digits of the SHA-256 of the raw public key, which is what the lock pins.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PackageError } from './digest.js';

export interface PublicKeyInfo {
  /** `ed25519:` + 16 hex digits. */
  id: string;
  /** Raw 32-byte public key, base64. */
  publicKey: string;
}

export const keysDir = (profileDir: string) => path.join(profileDir, 'keys');
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/;

function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' }) as { x?: string };
  if (!jwk.x) throw new PackageError('not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
}

export function publicKeyFromRaw(raw: string): KeyObject {
  const bytes = Buffer.from(raw, 'base64');
  if (bytes.length !== 32) throw new PackageError('the publisher key is not a 32-byte Ed25519 key');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: bytes.toString('base64url') }, format: 'jwk' });
}

export function keyIdOf(raw: Buffer | string): string {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'base64') : raw;
  return `ed25519:${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`;
}

export function newKey(profileDir: string, name = 'default', force = false): PublicKeyInfo & { name: string; file: string } {
  if (!NAME.test(name)) throw new PackageError(`"${name}" is not a valid key name (letters, digits, ".", "_", "-")`);
  const dir = keysDir(profileDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${name}.key`);
  if (fs.existsSync(file) && !force) throw new PackageError(`a key named "${name}" already exists (${file}); choose another --name`);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  fs.writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  fs.writeFileSync(path.join(dir, `${name}.pub`), publicKey.export({ format: 'pem', type: 'spki' }));
  const raw = rawPublicKey(publicKey);
  return { name, file, id: keyIdOf(raw), publicKey: raw.toString('base64') };
}

/** A key by name (from the profile) or by path to a PEM file. */
export function loadPrivateKey(profileDir: string, nameOrFile: string): { key: KeyObject; info: PublicKeyInfo } {
  const file = fs.existsSync(nameOrFile) ? nameOrFile : path.join(keysDir(profileDir), `${nameOrFile}.key`);
  if (!fs.existsSync(file)) throw new PackageError(`no signing key "${nameOrFile}": create one with "agentos keys new --name ${nameOrFile}"`);
  const key = createPrivateKey(fs.readFileSync(file));
  if (key.asymmetricKeyType !== 'ed25519') throw new PackageError(`${file} is not an Ed25519 private key`);
  const raw = rawPublicKey(createPublicKey(key));
  return { key, info: { id: keyIdOf(raw), publicKey: raw.toString('base64') } };
}

export function listKeys(profileDir: string): (PublicKeyInfo & { name: string })[] {
  const dir = keysDir(profileDir);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.pub'))
    .map((f) => {
      const raw = rawPublicKey(createPublicKey(fs.readFileSync(path.join(dir, f))));
      return { name: f.slice(0, -4), id: keyIdOf(raw), publicKey: raw.toString('base64') };
    });
}
