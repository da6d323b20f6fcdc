/**
 * Finding what to open: web addresses validated to http(s), and installed applications found by
 * their desktop entries (Linux: *.desktop files under the XDG application folders) by name,
 * generic name or keyword, so "open firefox" and "open web browser" both work.
 */
import type { FsCapability } from '../../kernel/contracts/index.js';
import { webAddress } from '../../kernel/sdk/address.js';

/**
 * A web address from what the user typed: "example.com" → https://example.com/; undefined for
 * anything else (file:, javascript:, words, file names such as "notes.md"). `hostLike` (the request
 * said "website" or "go to") also takes names like "docs.rs" whose ending is a file extension too.
 */
export function toWebUrl(input: string, hostLike = false): URL | undefined {
  const href = webAddress(input, { hostLike });
  return href ? new URL(href) : undefined;
}

export interface DesktopApp {
  /** Desktop-file id as gtk-launch takes it ("firefox" for firefox.desktop). */
  id: string;
  name: string;
  genericName?: string;
  keywords: string[];
  file: string;
}

/** The [Desktop Entry] group of a .desktop file; undefined for hidden entries and non-applications. */
export function parseDesktopEntry(text: string, file: string): DesktopApp | undefined {
  const fields: Record<string, string> = {};
  let inEntry = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      inEntry = line === '[Desktop Entry]';
      continue;
    }
    if (!inEntry || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq > 0) {
      const key = line.slice(0, eq).trim();
      if (!(key in fields)) fields[key] = line.slice(eq + 1).trim();
    }
  }
  if (fields.Type !== 'Application' || fields.NoDisplay === 'true' || fields.Hidden === 'true' || !fields.Name) return undefined;
  const base = file.split('/').pop()!.replace(/\.desktop$/, '');
  return {
    id: base,
    name: fields.Name,
    ...(fields.GenericName ? { genericName: fields.GenericName } : {}),
    keywords: (fields.Keywords ?? '').split(';').map((k) => k.trim()).filter(Boolean),
    file,
  };
}

export const APP_DIRS = ['~/.local/share/applications', '/usr/share/applications', '/usr/local/share/applications', '/var/lib/flatpak/exports/share/applications', '/var/lib/snapd/desktop/applications'];

/** Every visible application in the folders the skill may read (later folders do not override earlier ids). */
export async function installedApps(fs: FsCapability, dirs = APP_DIRS): Promise<DesktopApp[]> {
  const byId = new Map<string, DesktopApp>();
  for (const dir of dirs) {
    let entries: { name: string; path: string }[];
    try {
      entries = await fs.readDir(dir);
    } catch {
      continue;
    }
    for (const e of entries.filter((x) => x.name.endsWith('.desktop')).slice(0, 2000)) {
      try {
        const app = parseDesktopEntry(await fs.readFile(e.path, { maxBytes: 64_000 }), e.path);
        if (app && !byId.has(app.id)) byId.set(app.id, app);
      } catch {
        // unreadable entry: skip
      }
    }
  }
  return [...byId.values()];
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/** Best matches for a spoken name: exact name or id first, then word prefixes, then generic names and keywords. */
export function rankApps(query: string, apps: DesktopApp[]): DesktopApp[] {
  const q = norm(query).replace(/^(?:the|my)\s+/, '').replace(/\s+(?:app|application|program)$/, '');
  if (!q) return [];
  const scored = apps.map((a) => {
    const name = norm(a.name);
    const id = norm(a.id.split('.').pop() ?? a.id);
    let score = 0;
    if (name === q || id === q || norm(a.id) === q) score = 100;
    else if (name.startsWith(q) || id.startsWith(q)) score = 80;
    else if (name.split(' ').some((w) => w.startsWith(q))) score = 60;
    else if (a.genericName && norm(a.genericName) === q) score = 50;
    else if (a.genericName && norm(a.genericName).includes(q)) score = 40;
    else if (a.keywords.some((k) => norm(k) === q)) score = 30;
    return { a, score };
  });
  return scored
    .filter((s) => s.score > 0)
    .sort((x, y) => y.score - x.score || x.a.name.length - y.a.name.length)
    .map((s) => s.a);
}
