/**
 * Optional packages (transformers.js, the Neo4j driver, the whisper.cpp binding) are left out of a
 * light install (`npm install --omit=optional`). Code that needs one loads it here: when it is not
 * installed, the error says which feature needs it and the one command that adds it, instead of
 * Node's "Cannot find package".
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export class OptionalPackageError extends Error {
  constructor(readonly pkg: string, readonly feature: string) {
    super(`${feature} needs the optional package ${pkg}, which is not installed. Add it with: npm install ${pkg}`);
    this.name = 'OptionalPackageError';
  }
}

/** Is the package installed: a node_modules/<pkg>/package.json in this module's folder or one above it (Node's lookup)? */
export function hasPackage(pkg: string): boolean {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'node_modules', pkg, 'package.json'))) return true;
    const up = path.dirname(dir);
    if (up === dir) return false;
    dir = up;
  }
}

/** `await import(pkg)`, with a message naming the feature and the install command when it is missing. */
export async function importOptional<T>(pkg: string, feature: string): Promise<T> {
  try {
    return (await import(pkg)) as T;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String((error as Error).message).includes(pkg)) throw new OptionalPackageError(pkg, feature);
    throw error;
  }
}
