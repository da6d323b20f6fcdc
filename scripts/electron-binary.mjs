/**
 * The Electron binary's path when the optional `electron` package and its download are both
 * present, else undefined. Reads the package's path.txt rather than requiring the package: its
 * index.js starts downloading the binary when it is missing, which fails offline with a stack trace.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

export function electronBinary(root) {
  try {
    const dir = path.dirname(createRequire(path.join(root, 'package.json')).resolve('electron/package.json'));
    const bin = path.join(dir, 'dist', fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim());
    return fs.existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}
