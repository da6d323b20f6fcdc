/**
 * Words → the files and folders a move, copy or rename is about: a path as typed ("~/Downloads/a.pdf",
 * "./x"), several at once ("~/Downloads/*.pdf", "all pdfs in downloads", "them" after a search),
 * a file named in words found in the granted folders ("the budget spreadsheet", "report.pdf"), and
 * a destination folder said in words ("my documents folder", "the backup folder"). When several
 * files fit equally, the user is asked which, never guessed for.
 */
import path from 'node:path';
import type { FsCapability, SkillContext, SkillResult, Slots } from '../../kernel/contracts/index.js';
import { globRegExp } from '../../kernel/sdk/index.js';
import { tilde, expand, home, looksLikePath, isGlob, extensionOf } from './paths.js';
import { describeQuery, parseFileQuery } from './query.js';
import { DEFAULT_LIMITS, nameScore, searchFiles } from './search.js';
import type { Entry } from './transfer.js';

/** Words that only point at the previous result ("move it to …", "copy them to …"). */
const REFERENCE = /^(?:it|that|this|them|they|those|these|both|all|(?:all|both) of them|the (?:same|files?|folders?|ones?|results?|last one|first one)|(?:that|this|those|these) (?:files?|folders?|ones?|documents?|pdfs?))$/i;
const PLURAL_REFERENCE = /^(?:them|they|those|these|both|all|(?:all|both) of them|the (?:files|folders|ones|results)|(?:those|these) \w+)$/i;
/** Folders said in words: "documents" → ~/Documents (then ~/documents). */
const KNOWN_FOLDERS: Record<string, string> = { desktop: 'Desktop', documents: 'Documents', docs: 'Documents', downloads: 'Downloads', download: 'Downloads', pictures: 'Pictures', photos: 'Pictures', music: 'Music', videos: 'Videos', movies: 'Videos', projects: 'Projects', templates: 'Templates', public: 'Public' };

/** The user asked for a distinct name rather than a refusal when the destination exists ("… and keep both"). */
export const KEEP_BOTH = /\b(?:keep(?:ing)? both|keep (?:the )?(?:old|other|existing) one|(?:under|with|using|as|by) (?:a|another) (?:new|different|distinct|other|separate)? ?name|(?:don'?t|do not|without) overwrit\w*|as a new (?:copy|file))\b/i;
const KEEP_BOTH_TAIL = new RegExp(String.raw`[\s,]*(?:(?:and|but)\s+)?${KEEP_BOTH.source}.*$`, 'i');

/** "the backup folder" → { name: "backup", folder: true }; quotes and a final full stop go. */
export function cleanWords(raw: string): { words: string; folder: boolean } {
  let w = raw.trim().replace(/[’‘]/g, "'").replace(/^["'“]|["'”]$/g, '').replace(/[.!?]+$/, '').trim();
  const folder = /\s(?:folder|directory|dir)$/i.test(w) || /^(?:the\s+)?(?:folder|directory)\s/i.test(w) || (w.endsWith('/') && w.length > 1);
  w = w.replace(/^(?:the|my|our|a|an|your)\s+/i, '').replace(/\s+(?:folder|directory|dir)$/i, '').replace(/^(?:folder|directory|file)\s+/i, '');
  return { words: w.replace(/^["'“]|["'”]$/g, '').trim(), folder };
}

const errorOf = (message: string) => Object.assign(new Error(message), { name: 'NotFound' });

/** The entry at a typed path (relative paths from the working folder, then from the home folder). */
async function statTyped(fs: FsCapability, typed: string): Promise<Entry> {
  const tries = /^(?:~|\/)/.test(typed) ? [expand(typed)] : [expand(typed), expand(`~/${typed}`)];
  let denied: Error | undefined;
  for (const p of tries) {
    try {
      const st = await fs.stat(p);
      // The path as typed (its folder's links followed by ctx.fs), so a link is moved, not what it points to.
      return { ...st, path: p };
    } catch (error) {
      if ((error as Error).name === 'CapabilityDenied') denied ??= error as Error;
    }
  }
  if (denied && tries.length === 1) throw denied;
  throw errorOf(`${path.isAbsolute(typed) ? tilde(typed) : typed} does not exist (or cannot be read); nothing was changed`);
}

/** The files of the previous result: a search's list, or the one file a step made. */
function inputFiles(ctx: SkillContext): string[] {
  const data = ctx.input?.data as { files?: { path?: unknown }[]; path?: unknown } | undefined;
  const list = Array.isArray(data?.files) ? data.files.map((f) => f?.path).filter((p): p is string => typeof p === 'string') : [];
  if (list.length) return list;
  if (typeof data?.path === 'string') return [data.path];
  const card = ctx.input?.card;
  return card?.type === 'files' ? card.files.map((f) => f.path) : [];
}

/** Entries of one folder (not below it) that fit a pattern or a query; hidden ones only when asked for. */
async function listMatching(fs: FsCapability, folder: string, fits: (name: string, e: Entry) => boolean): Promise<Entry[]> {
  const entries = await fs.readDir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') throw errorOf(`${tilde(folder)} is not a folder that exists; nothing was changed`);
    throw error;
  });
  return entries.filter((e) => fits(e.name, e)).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * What to move, copy or rename: entries, or a question when several files fit the words. A
 * request that names no file at all ("move the meeting to 5pm") is `declined`.
 */
export async function sourcesOf(fs: FsCapability, slots: Slots, ctx: SkillContext, verb: string): Promise<Entry[] | SkillResult> {
  const raw = typeof slots.source === 'string' ? slots.source : '';
  const { words, folder } = cleanWords(raw);
  const given = typeof slots.path === 'string' && slots.path.trim() ? slots.path.trim() : undefined;
  // From the previous step ("find my report and move it to ~/backup"): its file(s), by path. The
  // kernel may have put the previous result's own fields in the slot, so "them" is read in the words.
  if (ctx.input && (!words || REFERENCE.test(raw.trim()) || (given && path.basename(given) === words))) {
    const files = inputFiles(ctx);
    const plural = raw.trim() ? PLURAL_REFERENCE.test(raw.trim()) : /\b(?:them|they|those|these|both|all of them)\b/i.test(ctx.text);
    if (plural && files.length > 1) return Promise.all(files.map((f) => statTyped(fs, f)));
    const one = given ?? files[0];
    if (one) return [await statTyped(fs, one)];
  }
  if (!words && given) return [await statTyped(fs, given)];
  if (!words) throw errorOf(`say which file or folder to ${verb}, e.g. "${verb} ~/Downloads/report.pdf to ~/Documents"`);
  if (isGlob(words)) {
    const dir = expand(path.dirname(words) === '.' ? '~' : path.dirname(words));
    const re = globRegExp(path.basename(words));
    const hidden = path.basename(words).startsWith('.');
    const found = await listMatching(fs, dir, (name) => re.test(name) && (hidden || !name.startsWith('.')));
    return found.length ? found : { text: `Nothing in ${tilde(dir)} fits ${path.basename(words)}; nothing was changed.`, data: { files: [] } };
  }
  if (looksLikePath(words)) return [await statTyped(fs, words)];
  // "report.pdf in ~/Downloads", "a.pdf in my downloads folder": one file, in that folder.
  const within = /^([^\s*?/]+\.[a-z0-9]{1,8})\s+(?:in|inside|under|within|on|from)\s+(.+)$/i.exec(words);
  if (within) {
    const where = cleanWords(within[2]!).words;
    const known = KNOWN_FOLDERS[where.toLowerCase()];
    const dir = looksLikePath(where) ? expand(where) : known ? path.join(home(), known) : undefined;
    if (dir) return [await statTyped(fs, path.join(dir, within[1]!))];
  }
  // "all pdfs in downloads", "every screenshot on my desktop": the files of one folder that fit.
  const q = parseFileQuery(`find ${raw}`, ctx.now);
  if (/^(?:all|every|each|any)\b/i.test(raw.trim()) || (q.folder && q.extensions && !q.name)) {
    if (!q.folder) throw errorOf(`say which folder to ${verb} them from, e.g. "${verb} all pdfs in ~/Downloads to ~/Documents"`);
    const dir = expand(q.folder);
    const after = q.modifiedAfter?.getTime();
    const before = q.modifiedBefore?.getTime();
    const found = await listMatching(fs, dir, (name, e) => {
      if (name.startsWith('.') || (q.extensions && (e.isDirectory || !q.extensions.includes(extensionOf(name))))) return false;
      if (q.name && nameScore(name, q.name) === 0) return false;
      const t = Date.parse(e.modified);
      return (after === undefined || t >= after) && (before === undefined || t < before);
    });
    return found.length ? found : { text: `No ${describeQuery(q)}; nothing was changed.`, data: { files: [] } };
  }
  // A bare name: the working folder, then the home folder, then a search of the granted folders.
  if (/^[^\s/]+\.[a-z0-9]{1,8}$/i.test(words) || folder) {
    const direct = await statTyped(fs, words).catch(() => undefined);
    if (direct && (!folder || direct.isDirectory)) return [direct];
  }
  const found = folder ? await foldersNamed(fs, fs.roots, words) : await filesNamed(fs, words, ctx);
  if (found.length === 1) return found;
  if (found.length > 1) return askWhich(found, 'source', `${found.length} ${folder ? 'folders' : 'files'} fit "${words}"; nothing was changed. Which one should I ${verb}?`);
  const fileLike = folder || /\.[a-z0-9]{1,8}$/i.test(words) || /\b(?:files?|documents?|pdfs?|spreadsheets?|photos?|pictures?|images?|videos?|folders?|screenshots?|presentations?)\b/i.test(raw);
  if (!fileLike) return { text: `I don't know how to ${verb} "${raw.trim()}". I can ${verb} files and folders: say for example "${verb} ~/Downloads/report.pdf to ~/Documents".`, declined: true };
  throw errorOf(`no ${folder ? 'folder' : 'file'} named "${words}" was found in your granted folders (${fs.roots.map(tilde).join(', ')}); nothing was changed. Say its path, e.g. "~/Documents/${words.replace(/\s+/g, '-')}"`);
}

/** Files whose name fits the words best ("the budget spreadsheet" → budget.xlsx), all those tied for best. */
async function filesNamed(fs: FsCapability, words: string, ctx: SkillContext): Promise<Entry[]> {
  const q = parseFileQuery(`find ${words}`, ctx.now);
  if (!q.name) q.name = words;
  const roots = q.folder ? [expand(q.folder)] : [...fs.roots];
  const result = await searchFiles(fs, roots, q, { ...DEFAULT_LIMITS, maxResults: 12 }, ctx.signal);
  const best = result.files[0];
  if (!best) return [];
  return result.files.filter((f) => f.score === best.score).map((f) => ({ path: f.path, isDirectory: false, size: f.size, modified: f.modified }));
}

/** Folders with this name (case aside) in the granted folders: direct children of home first, then a bounded walk. */
export async function foldersNamed(fs: FsCapability, roots: readonly string[], name: string, limits = { maxDepth: 6, maxEntries: 40_000, timeMs: 3_000 }): Promise<Entry[]> {
  const wanted = name.toLowerCase();
  const fits = (n: string) => n.toLowerCase() === wanted || nameScore(n, name) === 100;
  const started = Date.now();
  const queue = roots.map((dir) => ({ dir, depth: 0 }));
  const seen = new Set<string>();
  const found: Entry[] = [];
  let scanned = 0;
  while (queue.length > 0 && scanned < limits.maxEntries && Date.now() - started < limits.timeMs) {
    const { dir, depth } = queue.shift()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    const entries = await fs.readDir(dir).catch(() => []);
    for (const e of entries) {
      scanned++;
      if (!e.isDirectory || e.name.startsWith('.') || e.name === 'node_modules') continue;
      if (fits(e.name)) found.push(e);
      if (depth + 1 <= limits.maxDepth) queue.push({ dir: e.path, depth: depth + 1 });
    }
    // The shallowest matches are the ones meant: stop once a level has some.
    if (found.length && queue.every((q) => q.depth > depth)) break;
  }
  return found;
}

export function askWhich(found: Entry[], slot: string, question: string): SkillResult {
  const list = found.slice(0, 12);
  return {
    // The question is the text; the candidates are the card and the choices.
    text: question,
    data: { files: list.map((f) => ({ path: f.path, name: path.basename(f.path), size: f.size, modified: f.modified })) },
    card: { type: 'files', title: 'Which one?', files: list.map((f) => ({ path: f.path, name: path.basename(f.path), size: f.size, modified: f.modified })) },
    ask: { question, slot, choices: list.map((f) => ({ label: tilde(f.path).slice(0, 300), value: f.path.slice(0, 300) })) },
  };
}

/**
 * "move all pdfs in my downloads to documents": read with the first "in" as the destination's
 * preposition, the destination holds a second one ("my downloads to documents"). The words before
 * that second "to" belong to the source ("all pdfs in my downloads").
 */
export function regroup(source: string, destination: string, text: string): { source: string; destination: string } {
  const m = /^(.*)\s+(?:to|into|onto|over to)\s+(\S.*)$/i.exec(destination);
  const at = text.toLowerCase().indexOf(source.toLowerCase());
  const end = at >= 0 ? text.toLowerCase().indexOf(destination.toLowerCase(), at + source.length) : -1;
  if (!m || at < 0 || end < 0) return { source, destination };
  const joint = text.slice(at + source.length, end);
  if (!/^\s+(?:in|inside|under|within|on|from)\s+$/i.test(joint)) return { source, destination };
  return { source: `${source}${joint}${m[1]}`, destination: m[2]! };
}

/** Where things go: an existing folder, a folder to create (its parent exists), or an exact new path. */
export type Destination = { folder: string; create?: boolean } | { exact: string };

/**
 * The destination of a move or copy. A path that exists as a folder receives the items; one that
 * does not exist is a folder to create when several items go there, when the words say "folder",
 * or when a file's new name would have no extension (the user named a place, "~/Documents/pdfs");
 * otherwise it is the item's new path ("~/backup/report-old.pdf"). Only the last folder is
 * created: a missing parent is more likely a typing slip than a wish for a new tree.
 */
export async function destinationOf(fs: FsCapability, raw: string, sources: Entry[]): Promise<Destination | SkillResult> {
  const { words, folder } = cleanWords(raw.replace(KEEP_BOTH_TAIL, ''));
  if (!words) throw errorOf('say where to, e.g. "~/Documents"');
  const known = KNOWN_FOLDERS[words.toLowerCase()] ?? (words.toLowerCase() === 'home' ? '' : undefined);
  if (known !== undefined && !looksLikePath(words)) {
    for (const p of known ? [path.join(home(), known), path.join(home(), known.toLowerCase())] : [home()]) {
      if ((await fs.stat(p).catch(() => undefined))?.isDirectory) return { folder: p };
    }
  }
  // A bare file name for one file ("copy report.pdf to report-old.pdf") is a new name beside it.
  const bareName = !isGlob(words) && /^[^\s/]+\.[a-z0-9]{1,8}$/i.test(words) && sources.length === 1 && !folder;
  if (looksLikePath(words) || bareName) {
    const p = looksLikePath(words) ? expand(words) : path.join(path.dirname(sources[0]!.path), words);
    const st = await fs.stat(p).catch((error: Error) => {
      if (error.name === 'CapabilityDenied') throw Object.assign(new Error(`${tilde(p)} is outside the folders granted to the files skill (${fs.roots.map(tilde).join(', ')})`), { name: 'CapabilityDenied' });
      return undefined;
    });
    if (st) return st.isDirectory ? { folder: p } : { exact: p };
    const one = sources.length === 1 ? sources[0]! : undefined;
    const newName = one && !folder && !raw.trim().endsWith('/') && (path.basename(p) === path.basename(one.path) || (!one.isDirectory && extensionOf(path.basename(p)) !== ''));
    const parent = path.dirname(p);
    if (!(await fs.stat(parent).catch(() => undefined))?.isDirectory) {
      throw errorOf(`${tilde(parent)} does not exist, so ${tilde(p)} was not created and nothing was changed. Check the path, or create ${tilde(parent)} first`);
    }
    return newName ? { exact: p } : { folder: p, create: true };
  }
  // A folder named in words: beside the first item, in the home folder, then anywhere granted.
  const near = [path.dirname(sources[0]?.path ?? home()), home()];
  for (const dir of near) {
    const hit = (await fs.readDir(dir).catch(() => [])).find((e) => e.isDirectory && e.name.toLowerCase() === words.toLowerCase());
    if (hit) return { folder: hit.path };
  }
  const found = await foldersNamed(fs, fs.roots, words);
  if (found.length === 1) return { folder: found[0]!.path };
  if (found.length > 1) return askWhich(found, 'destination', `${found.length} folders are named "${words}"; nothing was changed. Which one?`);
  throw errorOf(`no folder named "${words}" was found in your granted folders (${fs.roots.map(tilde).join(', ')}); nothing was changed. Say its path, e.g. "~/${words.replace(/\s+/g, '-')}", and a new folder is made there`);
}
