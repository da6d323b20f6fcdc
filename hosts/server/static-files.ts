/**
 * Serves the built portal (dist/renderer) read-only: only files inside that folder (realpath
 * checked, so neither `..` nor a symlink leads out), with a known content type, nothing else.
 */
import fs from 'node:fs';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
};

export interface StaticFile {
  body: Buffer;
  type: string;
  /** Hashed asset names never change: cache them; index.html never. */
  immutable: boolean;
}

export class StaticFiles {
  private readonly root: string;

  constructor(root: string) {
    this.root = fs.realpathSync(root);
  }

  /** The file for a URL path, or undefined (404). */
  read(urlPath: string): StaticFile | undefined {
    let rel: string;
    try {
      rel = decodeURIComponent(urlPath);
    } catch {
      return undefined;
    }
    if (rel.includes('\0')) return undefined;
    if (rel === '/' || rel === '') rel = '/index.html';
    const type = TYPES[path.extname(rel).toLowerCase()];
    if (!type) return undefined;
    const candidate = path.resolve(this.root, `.${rel}`);
    let real: string;
    try {
      real = fs.realpathSync(candidate);
    } catch {
      return undefined;
    }
    if (real !== this.root && !real.startsWith(this.root + path.sep)) return undefined;
    const stat = fs.statSync(real);
    if (!stat.isFile()) return undefined;
    return { body: fs.readFileSync(real), type, immutable: rel.startsWith('/assets/') };
  }
}
