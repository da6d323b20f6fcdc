/**
 * The on-disk cache of trained intent models (classifier, vocabulary, centroids, slot taggers) in
 * the profile (<AGENTOS_HOME>/cache), so a one-shot CLI process loads in milliseconds what the
 * first one trained in about a second. Files are keyed by a hash of everything training reads
 * (manifests, options, engine version), written atomically (temporary file + rename), and checked
 * by a SHA-256 of their payload: a missing, stale, truncated or corrupt file is simply a miss,
 * and the engine retrains and rewrites it. Nothing here ever throws at the caller.
 *
 * Layout: "AOSINTC1" | u32 header length | header JSON {meta, arrays[{name, type, offset, length}], sha256}
 *         | payload (typed arrays, each 8-byte aligned).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Bump when the model's shape or training changes, so old cache files are never read. */
const ENGINE_VERSION = 'intent-3';

type CachedArray = Int32Array | Float32Array;
export type CachedArrays = Record<string, CachedArray>;

const MAGIC = Buffer.from('AOSINTC1', 'latin1');
const KEEP = { model: 4, tagger: 64 } as const;
type CacheKind = keyof typeof KEEP;

/** A stable hash of the given parts (JSON), hex. */
export function cacheKey(...parts: unknown[]): string {
  const h = crypto.createHash('sha256');
  h.update(ENGINE_VERSION);
  for (const p of parts) h.update(`\u0000${JSON.stringify(p)}`);
  return h.digest('hex').slice(0, 40);
}

export function encode(meta: unknown, arrays: CachedArrays): Buffer {
  const entries: { name: string; type: 'i32' | 'f32'; offset: number; length: number }[] = [];
  let offset = 0;
  for (const [name, a] of Object.entries(arrays)) {
    entries.push({ name, type: a instanceof Int32Array ? 'i32' : 'f32', offset, length: a.length });
    offset += Math.ceil(a.byteLength / 8) * 8;
  }
  const payload = Buffer.alloc(offset);
  for (const e of entries) {
    const a = arrays[e.name]!;
    payload.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), e.offset);
  }
  const sha256 = crypto.createHash('sha256').update(payload).digest('hex');
  const header = Buffer.from(JSON.stringify({ meta, arrays: entries, sha256 }), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  const pad = Buffer.alloc((8 - ((MAGIC.length + 4 + header.length) % 8)) % 8);
  return Buffer.concat([MAGIC, len, header, pad, payload]);
}

/** The decoded file, or undefined when it is not a whole, intact cache file. */
export function decode(buf: Buffer): { meta: unknown; arrays: CachedArrays } | undefined {
  try {
    if (buf.length < MAGIC.length + 4 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    const hlen = buf.readUInt32LE(MAGIC.length);
    const hstart = MAGIC.length + 4;
    if (hstart + hlen > buf.length) return undefined;
    const header = JSON.parse(buf.subarray(hstart, hstart + hlen).toString('utf8')) as {
      meta: unknown;
      arrays: { name: string; type: string; offset: number; length: number }[];
      sha256: string;
    };
    const start = hstart + hlen + ((8 - ((hstart + hlen) % 8)) % 8);
    const payload = buf.subarray(start);
    if (crypto.createHash('sha256').update(payload).digest('hex') !== header.sha256) return undefined;
    const arrays: CachedArrays = {};
    for (const e of header.arrays) {
      const bytes = e.length * 4;
      if (!Number.isInteger(e.offset) || e.offset < 0 || e.offset + bytes > payload.length) return undefined;
      // A copy: the file buffer's offset need not be aligned for a typed-array view.
      const copy = payload.buffer.slice(payload.byteOffset + e.offset, payload.byteOffset + e.offset + bytes);
      arrays[e.name] = e.type === 'i32' ? new Int32Array(copy) : new Float32Array(copy);
    }
    return { meta: header.meta, arrays };
  } catch {
    return undefined;
  }
}

export class ModelCache {
  constructor(readonly dir: string) {}

  private file(kind: CacheKind, key: string): string {
    return path.join(this.dir, `intent-${kind}-${key}.bin`);
  }

  read(kind: CacheKind, key: string): { meta: unknown; arrays: CachedArrays } | undefined {
    let buf: Buffer;
    try {
      buf = fs.readFileSync(this.file(kind, key));
    } catch {
      return undefined;
    }
    return decode(buf);
  }

  /** Writes atomically and prunes the oldest files of the kind; failures (read-only profile…) are ignored. */
  write(kind: CacheKind, key: string, meta: unknown, arrays: CachedArrays): boolean {
    const target = this.file(kind, key);
    const tmp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      fs.writeFileSync(tmp, encode(meta, arrays));
      fs.renameSync(tmp, target);
    } catch {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        /* nothing to clean */
      }
      return false;
    }
    this.prune(kind, target);
    return true;
  }

  private prune(kind: CacheKind, keep: string): void {
    try {
      const prefix = `intent-${kind}-`;
      const files = fs
        .readdirSync(this.dir)
        .filter((f) => f.startsWith(prefix) && f.endsWith('.bin'))
        .map((f) => path.join(this.dir, f))
        .filter((f) => f !== keep)
        .map((f) => ({ f, t: fs.statSync(f).mtimeMs }))
        .sort((a, b) => b.t - a.t);
      for (const { f } of files.slice(KEEP[kind] - 1)) fs.rmSync(f, { force: true });
    } catch {
      /* another process pruned first, or the folder is gone: nothing to do */
    }
  }
}
