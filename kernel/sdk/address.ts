/**
 * Web address or file path? One reading of the words people type for both: "wikipedia.org" and
 * "example.io" are web addresses, "notes.md", "report.pdf" and "docs/plan.md" are files, and
 * "~/x", "/x", "./x" are always paths. A bare "name.ext" is decided by its last label: a top-level
 * domain that is no common file extension is a web address, a file extension that is no domain
 * is a file, and one that is both ("md", "py", "zip") is a file unless the name is clearly a host
 * ("www.", a port, a "/" after it, or a request that says "website"). The intent engine's url and path slot
 * types and the apps and files skills share this, so a request reaches the web or the files, not both.
 */

// Common file extensions (lower case). Kept short on purpose: what people name in requests.
const FILE_EXT = new Set(
  (
    'pdf doc docx odt rtf txt md markdown rst tex epub mobi pages numbers xls xlsx xlsm ods csv tsv ppt pptx odp ' +
    'jpg jpeg png gif webp heic heif bmp tif tiff svg ico raw cr2 nef psd ai xcf eps mp3 flac wav ogg m4a opus aac wma ' +
    'mid midi mp4 mkv mov webm avi m4v wmv flv mpg mpeg zip tar gz tgz bz2 xz 7z rar zst iso dmg deb rpm apk jar ts tsx ' +
    'js jsx mjs cjs py rb rs go java kt c h cpp hpp cc cs fs swift php pl sh bash zsh ps1 lua r m mm scala sc hs ml el ' +
    'ex exs erl clj dart jl sql vue svelte css scss sass less html htm xml json jsonc yaml yml toml ini cfg conf env ' +
    'lock log bak tmp dat db sqlite sqlite3 ipynb wasm so o a dll exe bin img torrent ics vcf eml msg srt vtt ttf otf ' +
    'woff woff2 gpx kml stl obj blend gltf glb dwg dxf patch diff desktop cu'
  ).split(' '),
);

// Generic top-level domains people use (every two-letter label counts as a country domain).
const GENERIC_TLD = new Set(
  (
    'com org net edu gov mil int info biz name pro aero coop museum mobi jobs travel tel asia cat app dev page blog ' +
    'shop store online site website tech xyz club live news cloud design art studio agency media digital network ' +
    'systems solutions software space world today life email social link click help wiki guru ninja rocks one top ' +
    'vip win icu fun games team tools works zone center city company group global host land market money finance ' +
    'bank law health care academy school college university education science coffee pizza restaurant cafe bar wine ' +
    'recipes cooking food garden house photo photos photography pics gallery video movie film music radio band fm ' +
    'events party love family kids pet vet golf bike yoga travel hotel holiday tours auto car cars energy eco earth ' +
    'foundation charity ngo community style fashion shoes beauty spa chat forum reviews expert consulting services ' +
    'support guide directory report press zip mov foo dad phd prof esq google amazon apple microsoft youtube'
  ).split(' '),
);

/** Labels that are both a domain and a file extension but that people mean as a web address. */
const WEB_FIRST = new Set(['ai']);

const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z][a-z0-9-]{1,62})(?::\d{1,5})?$/i;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?$/;
const LOCALHOST = /^localhost(?::\d{1,5})?$/i;

const isTld = (label: string) => /^[a-z]{2}$/.test(label) || GENERIC_TLD.has(label);

/** What a host-like name's last label says: a domain, a file extension, both, or neither. */
function lastLabelKind(label: string): 'web' | 'file' | 'both' | 'unknown' {
  const l = label.toLowerCase();
  const tld = isTld(l);
  const file = FILE_EXT.has(l);
  if (tld && file) return WEB_FIRST.has(l) ? 'web' : 'both';
  if (tld) return 'web';
  if (file) return 'file';
  return 'unknown';
}

/** Surrounding quotes, angle brackets and sentence punctuation removed. */
export function cleanToken(token: string): string {
  return token
    .trim()
    .replace(/^["'“‘<(]+|["'”’>)]+$/g, '')
    .replace(/[.,;:!?]+$/, '');
}

/** A spoken address written out: "wikipedia dot org" → "wikipedia.org" (only when no other spaces are left). */
function spoken(t: string): string {
  const joined = t.replace(/\s+dot\s+(?=[a-z0-9])/gi, '.');
  return joined !== t && !/\s/.test(joined) ? joined : t;
}

/**
 * "url", "path" or undefined for one typed token (no spaces, except inside a path that starts
 * with ~ or /). `hostLike` accepts names whose last label is both a domain and a file extension
 * ("docs.rs") as web addresses: for when the request itself says "website" or "go to".
 */
export function addressKind(input: string, options: { hostLike?: boolean } = {}): 'url' | 'path' | undefined {
  const t = spoken(cleanToken(input));
  if (!t) return undefined;
  if (/^https?:\/\//i.test(t)) return /\s/.test(t) ? undefined : 'url';
  if (/^(?:~(?=$|[\\/])|\.{1,2}[\\/]|[\\/]|[a-z]:[\\/])/i.test(t)) return /\s(?:and|then)\s/i.test(t) ? undefined : 'path';
  if (/\s/.test(t)) return undefined;
  if (/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(t)) return undefined; // mailto:, javascript:, file: …
  if (/^www\./i.test(t)) return 'url';
  const slash = t.search(/[\\/]/);
  const head = slash < 0 ? t : t.slice(0, slash);
  if (LOCALHOST.test(head) || IPV4.test(head)) return 'url';
  const host = HOST.exec(head);
  if (slash >= 0) {
    // "github.com/a/b.md" is a page; "docs/plan.md" is a file.
    if (host && t[slash] === '/' && lastLabelKind(host[1]!) !== 'file' && lastLabelKind(host[1]!) !== 'unknown') return 'url';
    return 'path';
  }
  if (!host) return bareFileName(t) ? 'path' : undefined;
  const kind = lastLabelKind(host[1]!);
  if (/:\d+$/.test(head) || kind === 'web') return 'url';
  if (kind === 'file') return 'path';
  // Both, or neither a known domain nor a known extension ("example.photography", "notes.backup").
  return options.hostLike ? 'url' : 'path';
}

/** "tax_return.pdf", "Budget (2).xlsx", "main.c": a file name that is no host name; not "e.g", "p.m" or "1.5kg". */
function bareFileName(t: string): boolean {
  const m = /^([^\s\\/]+)\.([a-z0-9]+)$/i.exec(t);
  if (!m || m[1]!.length < 2 || /^[\d.,]+$/.test(m[1]!)) return false;
  const ext = m[2]!.toLowerCase();
  return FILE_EXT.has(ext) || /^[a-z][a-z0-9]{0,7}$/.test(ext);
}

/** The http(s) address for a token that reads as a web address ("example.com" → "https://example.com/"), else undefined. */
export function webAddress(input: string, options: { hostLike?: boolean } = {}): string | undefined {
  const t = spoken(cleanToken(input));
  if (addressKind(t, options) !== 'url') return undefined;
  try {
    const url = new URL(/^https?:\/\//i.test(t) ? t : `${LOCALHOST.test(t.split('/')[0]!) || IPV4.test(t.split('/')[0]!) ? 'http' : 'https'}://${t}`);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.username || url.password) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

/** The path for a token that reads as a file path, else undefined. */
export function filePath(input: string): string | undefined {
  const t = spoken(cleanToken(input));
  return addressKind(t) === 'path' ? t : undefined;
}

export interface AddressHit {
  kind: 'url' | 'path';
  value: string;
  start: number;
  end: number;
}

/** Every web address and file path in free text, in order ("open wikipedia.org and ~/notes.md"). */
export function findAddresses(text: string): AddressHit[] {
  const out: AddressHit[] = [];
  // A token, or words joined by a spoken "dot" ("example dot com").
  for (const m of text.matchAll(/[^\s]+(?:\s+dot\s+[a-z0-9][^\s]*)+|\S+/gi)) {
    const raw = m[0];
    const cleaned = cleanToken(raw);
    const value = spoken(cleaned);
    if (!value || /\s/.test(value) || !/[./\\~:]/.test(value)) continue;
    const kind = addressKind(value);
    if (!kind) continue;
    // In running text a relative "a/b" is a path only when it names a file ("read/write" is not one).
    if (kind === 'path' && !/^[~/\\.]|^[a-z]:/i.test(value) && /[\\/]/.test(value) && !/\.[a-z0-9]{1,8}$/i.test(value)) continue;
    const normal = kind === 'url' ? webAddress(value) : value;
    if (normal === undefined) continue;
    const start = m.index + raw.indexOf(cleaned);
    out.push({ kind, value: normal, start, end: start + cleaned.length });
  }
  return out;
}
