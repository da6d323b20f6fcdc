/**
 * A bounded walk of the granted folders: breadth-first, hidden folders and build/dependency
 * folders skipped, stopped by depth, entry count and time, so a search of a whole home folder
 * answers in seconds. Content matching reads only text-like files, up to a size and count budget.
 */
import type { FsCapability } from '../../kernel/contracts/index.js';
import type { FileQuery } from './query.js';

export interface FoundFile {
  path: string;
  name: string;
  size: number;
  modified: string;
  snippet?: string;
  score: number;
}

export interface SearchLimits {
  maxDepth: number;
  maxEntries: number;
  timeMs: number;
  maxResults: number;
  maxContentFiles: number;
  maxContentBytes: number;
}

export const DEFAULT_LIMITS: SearchLimits = { maxDepth: 8, maxEntries: 60_000, timeMs: 4_000, maxResults: 50, maxContentFiles: 3_000, maxContentBytes: 1_000_000 };

const SKIP_DIRS = new Set(['node_modules', '__pycache__', 'venv', 'site-packages', 'bower_components', 'target', 'Trash', 'snap', 'proc']);
const BINARY_EXT = new Set(['pdf', 'png', 'jpg', 'jpeg', 'gif', 'webp', 'heic', 'bmp', 'tif', 'tiff', 'ico', 'mp3', 'mp4', 'mkv', 'mov', 'webm', 'avi', 'flac', 'wav', 'ogg', 'm4a', 'zip', 'gz', 'tgz', 'bz2', 'xz', '7z', 'rar', 'tar', 'iso', 'exe', 'dll', 'so', 'o', 'a', 'bin', 'class', 'jar', 'woff', 'woff2', 'ttf', 'otf', 'sqlite', 'db', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'doc', 'xls', 'ppt', 'wasm', 'node', 'pyc']);

export interface SearchOutcome {
  files: FoundFile[];
  scanned: number;
  truncated?: 'time' | 'entries';
  contentSkipped: number;
}

const extOf = (name: string) => (name.includes('.') ? name.split('.').pop()!.toLowerCase() : '');
const words = (s: string) => s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** Words too common to tell files apart ("the tax return" looks for "tax" and "return"). */
const NAME_NOISE = new Set(['the', 'a', 'an', 'my', 'of', 'and', 'for', 'to', 'in', 'on', 'file', 'files']);

/** A word without a plural or possessive ending, so "taxes" finds "tax" and "invoices" finds "invoice". */
const stem = (w: string) => w.replace(/'s$/, '').replace(/(?<=[^aeiou]s|x|z|ch|sh)es$/, '').replace(/(?<=..[^s])s$/, '');

/**
 * How well a file name fits the wanted name. Words match across separators ("tax return" fits
 * "tax-return-2025.pdf", "Tax_Return.pdf" and "taxreturn.pdf"); every wanted word must be there.
 */
export function nameScore(fileName: string, wanted: string): number {
  const name = fileName.toLowerCase();
  const stemPart = name.replace(/\.[^.]+$/, '');
  const w = wanted.toLowerCase().trim();
  if (stemPart === w || name === w) return 100;
  const parts = words(w).filter((p) => !NAME_NOISE.has(p));
  if (parts.length === 0) return 0;
  const fileWords = words(name);
  const compact = fileWords.join('');
  const has = (p: string) => fileWords.some((f) => f.startsWith(stem(p)) || stem(f) === stem(p)) || (p.length >= 3 && compact.includes(stem(p)));
  if (!parts.every(has)) return 0;
  const spaced = fileWords.join(' ');
  const phrase = parts.join(' ');
  if (spaced.replace(/ [^ ]+$/, '') === phrase) return 100;
  if (spaced.startsWith(phrase)) return 80;
  if (spaced.includes(phrase) || compact.includes(parts.join(''))) return 60;
  return 40;
}

function snippetOf(text: string, needle: string): string | undefined {
  const lower = text.toLowerCase();
  const at = lower.indexOf(needle);
  if (at < 0) return undefined;
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const lineEnd = text.indexOf('\n', at);
  const line = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd).trim();
  const pos = at - lineStart;
  return (pos > 100 ? '…' + line.slice(pos - 60, pos + 100) : line.slice(0, 160)).trim();
}

export async function searchFiles(fs: FsCapability, roots: string[], q: FileQuery, limits: SearchLimits = DEFAULT_LIMITS, signal?: AbortSignal): Promise<SearchOutcome> {
  const started = Date.now();
  const queue: { dir: string; depth: number }[] = roots.map((dir) => ({ dir, depth: 0 }));
  const found: FoundFile[] = [];
  const seen = new Set<string>();
  let scanned = 0;
  let contentFiles = 0;
  let contentSkipped = 0;
  let truncated: SearchOutcome['truncated'];
  const exts = q.extensions ? new Set(q.extensions) : undefined;
  const needle = q.contains?.toLowerCase();
  const after = q.modifiedAfter?.getTime();
  const before = q.modifiedBefore?.getTime();
  const wantsAll = !q.name && !needle && !exts && after === undefined && before === undefined;
  const cap = wantsAll || q.order !== 'relevance' ? 2_000 : limits.maxResults * 4;

  while (queue.length > 0) {
    if (signal?.aborted) break;
    if (Date.now() - started > limits.timeMs) {
      truncated = 'time';
      break;
    }
    const { dir, depth } = queue.shift()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    let entries: Awaited<ReturnType<FsCapability['readDir']>>;
    try {
      entries = await fs.readDir(dir);
    } catch {
      continue; // unreadable or outside the grant
    }
    for (const e of entries) {
      scanned++;
      if (scanned > limits.maxEntries) {
        truncated = 'entries';
        break;
      }
      if (e.name.startsWith('.')) continue;
      if (e.isDirectory) {
        if (depth + 1 <= limits.maxDepth && !SKIP_DIRS.has(e.name)) queue.push({ dir: e.path, depth: depth + 1 });
        continue;
      }
      const ext = extOf(e.name);
      if (exts && !exts.has(ext)) continue;
      const mtime = Date.parse(e.modified);
      if (after !== undefined && mtime < after) continue;
      if (before !== undefined && mtime >= before) continue;
      let score = 10;
      if (q.name) {
        score = nameScore(e.name, q.name);
        if (score === 0) continue;
      }
      let snippet: string | undefined;
      if (needle) {
        if (BINARY_EXT.has(ext) || e.size > limits.maxContentBytes || contentFiles >= limits.maxContentFiles) {
          contentSkipped++;
          continue;
        }
        contentFiles++;
        let text: string;
        try {
          text = await fs.readFile(e.path, { maxBytes: limits.maxContentBytes });
        } catch {
          continue;
        }
        if (text.slice(0, 4096).includes('\0')) continue;
        snippet = snippetOf(text, needle);
        if (snippet === undefined) continue;
        score += 20;
      }
      found.push({ path: e.path, name: e.name, size: e.size, modified: e.modified, score, ...(snippet ? { snippet } : {}) });
      if (found.length >= cap) break;
    }
    if (truncated || found.length >= cap) break;
  }
  const order = q.order === 'newest' ? (a: FoundFile, b: FoundFile) => Date.parse(b.modified) - Date.parse(a.modified) : q.order === 'largest' ? (a: FoundFile, b: FoundFile) => b.size - a.size : (a: FoundFile, b: FoundFile) => b.score - a.score || Date.parse(b.modified) - Date.parse(a.modified);
  found.sort(order);
  return { files: found.slice(0, limits.maxResults), scanned, ...(truncated ? { truncated } : {}), contentSkipped };
}
