/**
 * Moving, copying and renaming files and folders in the folders granted for writing, and undoing
 * the last such operation. Nothing is ever overwritten: an existing destination is refused (or,
 * when the user asked to keep both, the new one gets a distinct name). A destination folder that
 * does not exist is made when its parent exists, and the reply says so. Every operation is
 * journaled (journal.ts) so it can be undone once, later, in any conversation. No confirmation is
 * asked: the user asked for exactly this, nothing is lost, and the reply says how to undo it.
 */
import path from 'node:path';
import type { SkillContext, SkillResult, Slots } from '../../kernel/contracts/index.js';
import { describe as describeOp, findOperation, record, undo, type FileOp, type OpItem, type OpKind } from './journal.js';
import { extensionOf, home, inside, looksLikePath, expand, tilde } from './paths.js';
import { KEEP_BOTH, cleanWords, destinationOf, regroup, sourcesOf } from './places.js';
import { copyEntry, fingerprint, moveEntry, type Carried, type Entry, type WritableFs } from './transfer.js';

const denied = (message: string) => Object.assign(new Error(message), { name: 'CapabilityDenied' });
const done: Record<OpKind, string> = { move: 'moved', copy: 'copied', rename: 'renamed' };
const size = (n: number) => (n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : n < 1024 ** 3 ? `${(n / 1024 ** 2).toFixed(1)} MB` : `${(n / 1024 ** 3).toFixed(1)} GB`);

/** ctx.fs with the calls that change files, or a refusal that says which permission is missing. */
function writable(ctx: SkillContext, kind: OpKind | 'undo'): WritableFs {
  const fs = ctx.fs;
  if (!fs?.rename || !fs.copyFile || !fs.mkdir || !fs.remove) {
    throw denied(`to ${kind} files the files skill needs the fs.write permission (for your home folder), which it has not been granted in this profile; nothing was changed. See its grants with "agentos grants --skill files".`);
  }
  return fs as WritableFs;
}

/** A refusal of the capability (outside the folders granted for writing), said as a full sentence. */
function explainDenied(error: unknown, past: string): never {
  if ((error as Error).name !== 'CapabilityDenied') throw error;
  // The capability names real paths; the reply shows the home folder as "~", as everywhere else.
  const said = (error as Error).message.replace(/\.$/, '').replace(new RegExp(`${home().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[/),\\s]|$)`, 'g'), '~');
  throw denied(`${said}, so nothing was ${past}. The files skill changes files only inside the folders granted to it for writing (fs.write); see them with "agentos grants --skill files".`);
}

/** "report.pdf" → "report copy.pdf", then "report copy 2.pdf" …: a name beside it that is free. */
async function freeName(fs: WritableFs, target: string): Promise<string> {
  const dir = path.dirname(target);
  const ext = extensionOf(path.basename(target));
  const stem = ext ? path.basename(target).slice(0, -(ext.length + 1)) : path.basename(target);
  for (let n = 1; n < 1000; n++) {
    const candidate = path.join(dir, `${stem} copy${n > 1 ? ` ${n}` : ''}${ext ? `.${ext}` : ''}`);
    if (!(await fs.exists(candidate))) return candidate;
  }
  throw new Error(`No free name was found beside ${tilde(target)}. Rename or move what is there first.`);
}

interface Planned {
  source: Entry;
  target: string;
}

/** Where each item goes, refusing what would overwrite, go nowhere, or put a folder inside itself. */
async function plan(fs: WritableFs, kind: OpKind, sources: Entry[], targetOf: (s: Entry) => string, keepBoth: boolean): Promise<Planned[]> {
  const out: Planned[] = [];
  const taken = new Set<string>();
  for (const source of sources) {
    let target = targetOf(source);
    if (target === source.path && kind !== 'copy') throw new Error(`${tilde(source.path)} is already there; nothing was ${done[kind]}`);
    if (source.isDirectory && inside(target, source.path) && target !== source.path) throw new Error(`${tilde(source.path)} cannot be ${done[kind]} into itself (${tilde(target)}); nothing was ${done[kind]}`);
    if (target === source.path || taken.has(target) || (await fs.exists(target))) {
      if (!keepBoth) {
        throw new Error(
          `${tilde(target)} already exists, and nothing is overwritten; nothing was ${done[kind]}. Move or rename the existing ${source.isDirectory ? 'folder' : 'file'} first, or say "${kind} … under a new name" to keep both`,
        );
      }
      target = await freeName(fs, target);
    }
    taken.add(target);
    out.push({ source, target });
  }
  return out;
}

/** Runs a planned operation, journals what was done, and says what moved where. */
async function carry(fs: WritableFs, ctx: SkillContext, kind: OpKind, items: Planned[], createFolder?: string): Promise<SkillResult> {
  const made: OpItem[] = [];
  const carried: Carried[] = [];
  try {
    if (createFolder) await fs.mkdir(createFolder);
    for (const [i, { source, target }] of items.entries()) {
      const onProgress = (bytes: number, total: number) => ctx.progress((i + (total ? bytes / total : 1)) / items.length, `${done[kind]} ${size(bytes)} of ${size(total)}`);
      carried.push(kind === 'copy' ? await copyEntry(fs, source, target, ctx.signal, onProgress) : await moveEntry(fs, source, target, ctx.signal, onProgress));
      const now = await fs.stat(target);
      made.push({ from: source.path, to: target, isDirectory: source.isDirectory, fingerprint: await fingerprint(fs, { ...now, path: target }, ctx.signal) });
    }
  } catch (error) {
    if (made.length === 0) {
      if (createFolder && (await fs.readDir(createFolder).catch(() => ['?'])).length === 0) await fs.remove(createFolder).catch(() => undefined);
      explainDenied(error, done[kind]);
    }
    // Part of it happened: that part is journaled, so it can be undone.
    await record(ctx.store, { kind, items: made, ...(createFolder ? { createdFolder: createFolder } : {}), at: ctx.now.toISOString() });
    throw new Error(`${made.length} of ${items.length} items were ${done[kind]}, then ${tilde(items[made.length]!.source.path)} failed: ${(error as Error).message}. Say "undo the ${kind}" to reverse the ${made.length} done`);
  }
  const op: FileOp = { kind, items: made, ...(createFolder ? { createdFolder: createFolder } : {}), at: ctx.now.toISOString() };
  const id = await record(ctx.store, op);
  return describeDone(fs, id, op, carried);
}

async function describeDone(fs: WritableFs, id: string, op: FileOp, carried: Carried[]): Promise<SkillResult> {
  const verb = done[op.kind];
  const [first] = op.items;
  const what = (i: OpItem) => `${i.isDirectory ? 'the folder ' : ''}${tilde(i.from)}`;
  const copiedFiles = carried.reduce((n, c) => n + c.files, 0);
  const folderDetail = op.kind === 'copy' && op.items.some((i) => i.isDirectory) ? ` (${copiedFiles} file${copiedFiles === 1 ? '' : 's'}, ${size(carried.reduce((n, c) => n + c.bytes, 0))})` : '';
  let text =
    op.items.length === 1
      ? op.kind === 'rename'
        ? `Renamed ${what(first!)} to ${path.basename(first!.to)}.`
        : `${verb[0]!.toUpperCase()}${verb.slice(1)} ${what(first!)}${folderDetail} to ${tilde(first!.to)}.`
      : `${verb[0]!.toUpperCase()}${verb.slice(1)} ${op.items.length} ${op.items.every((i) => !i.isDirectory) ? 'files' : 'items'}${folderDetail} from ${tilde(path.dirname(first!.from))} to ${tilde(path.dirname(first!.to))}: ${op.items.map((i) => path.basename(i.to)).join(', ')}.`;
  if (op.createdFolder) text += ` The folder ${tilde(op.createdFolder)} was created for ${op.items.length === 1 ? 'it' : 'them'}.`;
  if (carried.some((c) => c.crossDevice)) text += ' It was on another drive, so it was copied there, checked, and the original removed.';
  text += ` To reverse it, say "undo the ${op.kind}".`;
  const files = await Promise.all(
    op.items.map(async (i) => {
      const st = await fs.stat(i.to).catch(() => undefined);
      return { path: i.to, name: path.basename(i.to), ...(st ? { size: st.size, modified: st.modified } : {}), snippet: `${verb} from ${tilde(i.from)}`, from: i.from, isDirectory: i.isDirectory };
    }),
  );
  const title = op.kind === 'rename' ? `Renamed to ${path.basename(first!.to)}` : `${verb[0]!.toUpperCase()}${verb.slice(1)} to ${tilde(path.dirname(first!.to))}`;
  return {
    text,
    data: { id, operation: op.kind, from: first!.from, to: first!.to, path: first!.to, files, ...(op.createdFolder ? { createdFolder: op.createdFolder } : {}) },
    card: { type: 'files', title: title.slice(0, 300), files: files.map(({ path: p, name, size: s, modified, snippet }) => ({ path: p, name, ...(s !== undefined ? { size: s } : {}), ...(modified ? { modified } : {}), snippet })) },
  };
}

/** files.move and files.copy. */
export async function transfer(kind: 'move' | 'copy', given: Slots, ctx: SkillContext): Promise<SkillResult> {
  const fs = writable(ctx, kind);
  const slots = typeof given.source === 'string' && typeof given.destination === 'string' ? { ...given, ...regroup(given.source, given.destination, ctx.text) } : given;
  const sources = await sourcesOf(fs, slots, ctx, kind).catch((e: unknown) => explainDenied(e, done[kind]));
  if (!Array.isArray(sources)) return sources;
  const words = typeof slots.destination === 'string' ? slots.destination.trim() : '';
  if (!words && kind === 'move') throw new Error(`Say where to move ${tilde(sources[0]!.path)}, e.g. "move it to ~/Documents".`);
  // "make a copy of report.pdf": a copy beside it, under a new name.
  const dest = words ? await destinationOf(fs, words, sources).catch((e: unknown) => explainDenied(e, done[kind])) : { folder: '' };
  if (!('folder' in dest) && !('exact' in dest)) return dest;
  if ('exact' in dest && sources.length > 1) throw new Error(`${tilde(dest.exact)} is a file, and ${sources.length} items cannot all go there; name a folder instead`);
  const targetOf = (s: Entry) => ('exact' in dest ? dest.exact : path.join(dest.folder || path.dirname(s.path), path.basename(s.path)));
  const keepBoth = KEEP_BOTH.test(ctx.text) || (kind === 'copy' && !words);
  const items = await plan(fs, kind, sources, targetOf, keepBoth);
  return carry(fs, ctx, kind, items, 'folder' in dest && dest.create ? dest.folder : undefined);
}

/** files.rename: a new name in the same folder (a path as the new name moves it there). */
export async function rename(slots: Slots, ctx: SkillContext): Promise<SkillResult> {
  const fs = writable(ctx, 'rename');
  const sources = await sourcesOf(fs, slots, ctx, 'rename').catch((e: unknown) => explainDenied(e, 'renamed'));
  if (!Array.isArray(sources)) return sources;
  if (sources.length !== 1) throw new Error(`${sources.length} items fit; rename them one at a time`);
  const source = sources[0]!;
  const raw = typeof slots.name === 'string' ? cleanWords(slots.name.replace(KEEP_BOTH, '')).words : '';
  if (!raw) throw new Error(`Say the new name, e.g. "rename ${tilde(source.path)} to ${path.basename(source.path)}".`);
  if (/\0/.test(raw) || raw === '.' || raw === '..' || Buffer.byteLength(raw) > 255) throw new Error(`"${raw}" cannot be a file name; nothing was renamed`);
  let name = raw;
  // "rename todo.md to done": the file keeps its kind (done.md) unless the new name says another.
  const ext = extensionOf(path.basename(source.path));
  if (!source.isDirectory && ext && !extensionOf(raw) && !raw.includes('/') && `${raw}.${ext}` !== path.basename(source.path)) name = `${raw}.${ext}`;
  const target = looksLikePath(name) ? expand(name) : path.join(path.dirname(source.path), name);
  if (target === source.path) throw new Error(`${tilde(source.path)} is already called ${path.basename(target)}; nothing was renamed`);
  const items = await plan(fs, 'rename', [source], () => target, KEEP_BOTH.test(ctx.text));
  return carry(fs, ctx, 'rename', items);
}

const FILE_UNDO = /\b(?:files?|folders?|documents?|move|moved|moving|copy|copied|copying|rename|renamed|renaming|operation|back)\b/i;

/** files.undo: the operation the conversation's last result names, one of a file named, or the latest. */
export async function undoLast(slots: Slots, ctx: SkillContext): Promise<SkillResult> {
  const fs = writable(ctx, 'undo');
  const idGiven = slots.id !== undefined && slots.id !== '';
  const id = typeof slots.id === 'string' && /^[0-9a-f][0-9a-f-]{7,}$/i.test(slots.id) ? slots.id : undefined;
  const name = typeof slots.source === 'string' ? cleanWords(slots.source).words : undefined;
  // A bare "undo" may mean whatever was done last (a note, a reminder): only words about files, or
  // the id the conversation's last result named, undo a file operation.
  if (!idGiven && !name && !FILE_UNDO.test(ctx.text)) {
    return { text: 'To undo a file move, copy or rename, say "undo the last file operation".', declined: true };
  }
  const rec = idGiven && !id ? undefined : await findOperation(ctx.store, { ...(id ? { id } : {}), ...(name ? { name } : {}) });
  if (!rec) {
    const text = idGiven && !id
      ? 'There is nothing of that to undo: it did not move, copy or rename a file. Nothing was changed.'
      : name
        ? `No recent move, copy or rename involved "${name}"; nothing was changed.`
        : 'There is no file operation to undo: nothing has been moved, copied or renamed here yet.';
    return { text, data: { files: [] } };
  }
  const outcome = await undo(fs, ctx.store, rec, ctx.now, ctx.signal).catch((e: unknown) => explainDenied(e, 'undone'));
  const files = await Promise.all(
    outcome.restored.map(async (r) => {
      const st = await fs.stat(r.path).catch(() => undefined);
      return { path: r.path, name: path.basename(r.path), ...(st ? { size: st.size, modified: st.modified } : {}) };
    }),
  );
  return {
    text: outcome.text,
    data: { undone: rec.id, operation: rec.doc.kind, files },
    card: { type: 'files', title: `Undone: ${describeOp(rec.doc)}`.slice(0, 300), files },
  };
}
