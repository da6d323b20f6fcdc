/**
 * Files: find files by name, content, kind or date in the folders the user granted, open or
 * reveal one, and move, copy or rename files and folders (ops.ts), with undo of the last change.
 * Every read and change goes through ctx.fs (confined to the grants); opening goes through the
 * exec grant (xdg-open on Linux, open on macOS).
 */
import path from 'node:path';
import { defineSkill, type FsCapability, type SkillContext, type SkillResult, type Slots } from '../../kernel/contracts/index.js';
import { describeQuery, parseFileQuery } from './query.js';
import { DEFAULT_LIMITS, searchFiles } from './search.js';
import { findAddresses, webAddress } from '../../kernel/sdk/address.js';
import { rename, transfer, undoLast } from './ops.js';
import { expand, tilde } from './paths.js';

const mac = process.platform === 'darwin';

function fsOf(ctx: SkillContext): FsCapability {
  if (!ctx.fs) throw Object.assign(new Error('The files skill has no folders granted (fs.read). Grant your home folder with agentos grants, or in the app.'), { name: 'CapabilityDenied' });
  return ctx.fs;
}

export { tilde };

/** A request for files asks for them ("find", "where", "show", "do I have") or names them ("spreadsheets", "in my downloads"). */
/** Words that name files or where they are: a request with them is about files for sure. */
const FILE_WORDS = /\b(?:files?|folders?|documents?|docs|pdfs?|spreadsheets?|sheets?|presentations?|slides|images?|photos?|pictures?|pics|screenshots?|videos?|movies?|music|songs?|recordings?|archives?|zips?|downloads|desktop)\b|[~/]|\.[a-z0-9]{1,5}\b/i;
const FIND_CUE = new RegExp(`\\b(?:find|search|look|locate|where|which|what|show|list|get|pull|bring|give|fetch|open|do i have|have i got|are there|any)\\b|${FILE_WORDS.source}`, 'i');

/** The folders to search: the granted roots, narrowed by the skill's "roots" setting and by "in ~/X" in the request. */
function searchRoots(fs: FsCapability, ctx: SkillContext, folder: string | undefined): string[] {
  const inside = (p: string) => fs.roots.some((r) => p === r || p.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
  const configured = String(ctx.settings.roots ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((p) => expand(p))
    .filter(inside);
  if (folder) {
    const f = expand(folder);
    if (!inside(f)) throw Object.assign(new Error(`${folder} is outside the folders you granted (${fs.roots.map(tilde).join(', ')}).`), { name: 'CapabilityDenied' });
    return [f];
  }
  return configured.length ? configured : [...fs.roots];
}

export default defineSkill({
  'files.find': async (slots, ctx) => {
    // Guessed here from a request that neither asks to find something nor names files ("download the latest episode").
    if (!FIND_CUE.test(ctx.text)) return { text: "I don't know how to do that. I can find your files: say for example \"find pdfs in my downloads\".", declined: true };
    const fs = fsOf(ctx);
    const q = parseFileQuery(ctx.text, ctx.now);
    if (!q.name && typeof slots.name === 'string' && slots.name.trim()) q.name = slots.name.trim();
    if (!q.contains && !q.about && typeof slots.text === 'string' && slots.text.trim()) q.contains = slots.text.trim();
    const roots = searchRoots(fs, ctx, q.folder);
    const limits = { ...DEFAULT_LIMITS, ...(typeof ctx.settings.maxSeconds === 'number' ? { timeMs: ctx.settings.maxSeconds * 1000 } : {}) };
    const started = Date.now();
    // "about taxes": files named so first; only when none is, files whose text says it.
    let result = await searchFiles(fs, roots, q.about ? { ...q, name: q.about } : q, limits, ctx.signal);
    if (q.about && result.files.length === 0) result = await searchFiles(fs, roots, { ...q, contains: q.about }, limits, ctx.signal);
    const what = describeQuery(q);
    // describeQuery already says "in ~/Documents" when the request named the folder.
    const where = q.folder ? '' : ` in ${roots.map(tilde).join(', ')}`;
    const note = result.truncated
      ? ` (stopped after ${result.scanned.toLocaleString('en')} entries in ${((Date.now() - started) / 1000).toFixed(1)} s; add a folder, e.g. "in ~/Documents", to search deeper)`
      : '';
    const skipped = result.contentSkipped ? ` ${result.contentSkipped} binary or large file(s) were not searched for text.` : '';
    // "where's my dentist" found no file of that name and named no files: not a file search after all, so another skill may answer it.
    const declined = !FILE_WORDS.test(ctx.text) && !q.extensions?.length && !q.folder && !q.dateLabel;
    if (result.files.length === 0) return { text: `No ${what}${where}.${note}${skipped}`, data: { files: [], query: q, scanned: result.scanned }, ...(declined ? { declined: true } : {}) };
    // The text counts them; the card lists them (paths, sizes, dates, matching lines).
    return {
      text: `Found ${result.files.length}${result.files.length >= limits.maxResults ? '+' : ''} ${what}${where}.${note}${skipped}`,
      // `shown`: the path as the user writes it (~/…), for hosts and scripts that print the list themselves.
      data: { files: result.files.map((f) => ({ path: f.path, shown: tilde(f.path), name: f.name, size: f.size, modified: f.modified, ...(f.snippet ? { snippet: f.snippet } : {}) })), query: q, scanned: result.scanned },
      card: {
        type: 'files',
        title: `${what[0]!.toUpperCase()}${what.slice(1)}`,
        files: result.files.map((f) => ({ path: f.path, name: f.name, size: f.size, modified: f.modified, ...(f.snippet ? { snippet: f.snippet.slice(0, 2000) } : {}) })),
      },
    };
  },

  'files.open': async (slots, ctx) => openPath(slots, ctx, false),
  'files.reveal': async (slots, ctx) => openPath(slots, ctx, true),
  'files.move': async (slots, ctx) => transfer('move', slots, ctx),
  'files.copy': async (slots, ctx) => transfer('copy', slots, ctx),
  'files.rename': async (slots, ctx) => rename(slots, ctx),
  'files.undo': async (slots, ctx) => undoLast(slots, ctx),
});

/** The file the request names: a path in the text, or the first file of the previous step ("find the report and open it"). */
function requestedPath(slots: Slots, ctx: SkillContext): string | undefined {
  // A path, a quoted name, or a name after "file" ("open the file example.io": the cue makes it a file).
  const fromText =
    findAddresses(ctx.text).find((h) => h.kind === 'path')?.value ??
    /"([^"]+)"/.exec(ctx.text)?.[1] ??
    /\b(?:file|document|pdf)\s+(?:called\s+|named\s+)?([^\s"']+\.[a-z0-9]{1,8})(?=[\s.!?]*$)/i.exec(ctx.text)?.[1];
  if (fromText) return fromText;
  if (typeof slots.path === 'string' && slots.path.trim()) return slots.path.trim();
  const prior = ctx.input?.data as { files?: { path: string }[] } | undefined;
  return prior?.files?.[0]?.path;
}

/**
 * A file named in words ("open the budget spreadsheet", "open the file example.io"): a file of
 * that name in the home folder, else the one best search match. Several equally good matches are
 * listed instead of guessing.
 */
async function fileByName(fs: FsCapability, name: string, ctx: SkillContext): Promise<string | SkillResult> {
  const direct = name.includes('.') && !/\s/.test(name) ? await fs.stat(expand(`~/${name}`)).catch(() => undefined) : undefined;
  if (direct && !direct.isDirectory) return direct.path;
  const q = parseFileQuery(`find ${ctx.text.replace(/^\s*(?:please\s+)?open\s+/i, '')}`, ctx.now);
  if (!q.name) q.name = name;
  const result = await searchFiles(fs, searchRoots(fs, ctx, q.folder), q, { ...DEFAULT_LIMITS, maxResults: 10 }, ctx.signal);
  const [first, second] = result.files;
  if (!first) throw new Error(`No ${describeQuery(q)} was found in your granted folders. Say its path, e.g. "open ~/Documents/${name.replace(/\s+/g, '-')}.pdf".`);
  if (second && second.score === first.score) {
    const list = result.files.filter((f) => f.score === first.score).slice(0, 8);
    return {
      text: `${list.length} files fit "${q.name}"; nothing was opened. Say which one.`,
      data: { files: list.map((f) => ({ path: f.path, shown: tilde(f.path), name: f.name, size: f.size, modified: f.modified })) },
      card: { type: 'files', title: 'Which file?', files: list.map((f) => ({ path: f.path, name: f.name, size: f.size, modified: f.modified })) },
    };
  }
  return first.path;
}

/** The file at a path; a bare relative name ("notes.md") is looked for in the working folder, then in the home folder. */
async function statNamed(fs: FsCapability, wanted: string) {
  const tries = /^(?:~|\/|[a-z]:[\\/])/i.test(wanted) ? [wanted] : [wanted, `~/${wanted}`];
  let denied: Error | undefined;
  for (const p of tries) {
    try {
      return await fs.stat(p);
    } catch (error) {
      if ((error as Error).name === 'CapabilityDenied') denied ??= error as Error;
    }
  }
  // "open docs.rs": a file name that is also a web address.
  const site = webAddress(wanted, { hostLike: true });
  if (denied && tries.length === 1) throw denied;
  throw new Error(`${wanted} does not exist (or cannot be read).${site ? ` For the website, say "go to ${wanted}".` : ''}`);
}

async function openPath(slots: Slots, ctx: SkillContext, reveal: boolean): Promise<SkillResult> {
  const fs = fsOf(ctx);
  let wanted = requestedPath(slots, ctx);
  if (!wanted && typeof slots.name === 'string' && slots.name.trim()) {
    const found = await fileByName(fs, slots.name.trim(), ctx);
    if (typeof found !== 'string') return found;
    wanted = found;
  }
  if (!wanted) throw new Error('Say which file, e.g. "open ~/report.pdf", or find it first ("find files named report").');
  const stat = await statNamed(fs, wanted);
  if (!ctx.exec) throw Object.assign(new Error('Opening files needs the exec permission (xdg-open or open). Grant it with agentos grants or in the app.'), { name: 'CapabilityDenied' });
  const target = reveal && !stat.isDirectory ? path.dirname(stat.path) : stat.path;
  const [program, args] = mac ? ['open', reveal ? ['-R', stat.path] : [stat.path]] : ['xdg-open', [target]];
  try {
    await ctx.exec.run(program, args, { detached: true });
  } catch (error) {
    throw new Error(`${program} could not open ${tilde(target)}: ${(error as Error).message}${mac ? '' : '. Install xdg-utils (apt-get install xdg-utils).'}`);
  }
  const verb = reveal ? 'Showing' : 'Opening';
  return {
    text: `${verb} ${tilde(reveal ? stat.path : target)}${reveal && !mac ? ` (its folder ${tilde(target)})` : ''}`,
    // One file: the sentence names it, so no card repeats it.
    data: { path: stat.path, opened: target, size: stat.size, modified: stat.modified },
  };
}
