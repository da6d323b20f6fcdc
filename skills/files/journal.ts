/**
 * The journal of this skill's file operations (moves, copies, renames), kept in its own store so
 * "undo the last file operation" works in any later conversation. An undo reverses one operation
 * once, and only when what it made is still as it left it (same fingerprint) and the old place is
 * still free: otherwise it refuses and changes nothing, rather than lose the user's later work.
 */
import path from 'node:path';
import type { SkillStore, StoredRecord } from '../../kernel/contracts/index.js';
import { tilde } from './paths.js';
import { fingerprint, moveEntry, type WritableFs } from './transfer.js';

export type OpKind = 'move' | 'copy' | 'rename';

/** One file or folder of an operation: where it was, where it went, what it was when it got there. */
export interface OpItem {
  from: string;
  to: string;
  isDirectory: boolean;
  fingerprint: string;
}

export interface FileOp extends Record<string, unknown> {
  kind: OpKind;
  items: OpItem[];
  /** A folder the operation created for its destination (removed by the undo when it is empty again). */
  createdFolder?: string;
  at: string;
  undoneAt?: string;
}

const COLLECTION = 'operations';
/** Operations kept; older ones can no longer be undone. */
const KEEP = 50;

/** Records an operation; returns its id. */
export async function record(store: SkillStore, op: FileOp): Promise<string> {
  const words = op.items.flatMap((i) => [path.basename(i.from), path.basename(i.to)]).join(' ');
  const saved = await store.put(COLLECTION, op, { text: `${op.kind} ${words}` });
  const all = await store.list<FileOp>(COLLECTION, { limit: KEEP + 20 });
  for (const old of all.slice(KEEP)) await store.delete(COLLECTION, old.id);
  return saved.id;
}

/** The operation to undo: the one with this id, the latest that touched a file of this name, or the latest. */
export async function findOperation(store: SkillStore, options: { id?: string; name?: string }): Promise<StoredRecord<FileOp> | undefined> {
  if (options.id) return store.get<FileOp>(COLLECTION, options.id);
  const recent = await store.list<FileOp>(COLLECTION, { limit: KEEP });
  const name = options.name?.toLowerCase().trim();
  if (!name) return recent[0];
  const fits = (p: string) => {
    const lower = p.toLowerCase();
    return lower === name || path.basename(lower) === name || tilde(p).toLowerCase() === name || path.basename(lower).replace(/\.[^.]+$/, '') === name;
  };
  return recent.find((r) => r.doc.items.some((i) => fits(i.from) || fits(i.to)));
}

const verbs: Record<OpKind, [string, string]> = { move: ['move', 'moved'], copy: ['copy', 'copied'], rename: ['rename', 'renamed'] };

/** A short description: "the move of a.pdf to ~/Documents". */
export function describe(op: FileOp): string {
  const [noun] = verbs[op.kind];
  const first = op.items[0]!;
  const what = op.items.length === 1 ? path.basename(first.from) : `${op.items.length} items`;
  const where = op.kind === 'rename' ? ` to ${path.basename(first.to)}` : ` to ${tilde(path.dirname(first.to))}`;
  return `the ${noun} of ${what}${where}`;
}

export interface UndoOutcome {
  text: string;
  /** What is where now, for the result card. */
  restored: { path: string; isDirectory: boolean }[];
}

/** Reverses an operation after checking every item; throws with a sentence when it cannot, having changed nothing. */
export async function undo(fs: WritableFs, store: SkillStore, rec: StoredRecord<FileOp>, now: Date, signal?: AbortSignal): Promise<UndoOutcome> {
  const op = rec.doc;
  if (op.undoneAt) throw new Error(`${describe(op)} was already undone (${op.undoneAt.slice(0, 16).replace('T', ' ')}); nothing was changed`);
  // Every check before any change, so a refusal leaves everything as it is.
  for (const item of op.items) {
    const current = await fs.stat(item.to).catch(() => undefined);
    if (!current) throw new Error(`${tilde(item.to)} is no longer there (moved or deleted since), so ${describe(op)} cannot be undone; nothing was changed`);
    const print = await fingerprint(fs, { ...current, path: item.to }, signal);
    if (print !== item.fingerprint) {
      throw new Error(`${tilde(item.to)} changed since the ${verbs[op.kind][0]} (its ${item.isDirectory ? 'contents' : 'size or modification time'} differ), so it was left as it is to keep those changes; nothing was undone`);
    }
    if (op.kind !== 'copy' && (await fs.exists(item.from))) {
      throw new Error(`Something new is at ${tilde(item.from)} now, so ${tilde(item.to)} was not put back there (nothing is overwritten); nothing was undone`);
    }
  }
  const restored: UndoOutcome['restored'] = [];
  for (const item of [...op.items].reverse()) {
    if (op.kind === 'copy') {
      await fs.remove(item.to);
      restored.push({ path: item.from, isDirectory: item.isDirectory });
    } else {
      const st = await fs.stat(item.to);
      await moveEntry(fs, { ...st, path: item.to }, item.from, signal);
      restored.push({ path: item.from, isDirectory: item.isDirectory });
    }
  }
  let removedFolder = '';
  if (op.createdFolder && (await fs.exists(op.createdFolder)) && (await fs.readDir(op.createdFolder)).length === 0) {
    await fs.remove(op.createdFolder);
    removedFolder = ` The folder ${tilde(op.createdFolder)}, made for ${op.items.length === 1 ? 'it' : 'them'}, was removed again.`;
  }
  await store.put(COLLECTION, { ...op, undoneAt: now.toISOString() }, { id: rec.id, text: rec.text });
  const one = op.items.length === 1 ? op.items[0]! : undefined;
  const text =
    op.kind === 'copy'
      ? one
        ? `Undid the copy: removed ${tilde(one.to)} (the original ${tilde(one.from)} is unchanged).`
        : `Undid the copy: removed the ${op.items.length} copies in ${tilde(path.dirname(op.items[0]!.to))} (the originals are unchanged).`
      : one
        ? `Undid the ${op.kind}: ${tilde(one.to)} is back at ${tilde(one.from)}.`
        : `Undid the ${op.kind}: the ${op.items.length} ${op.items.every((i) => !i.isDirectory) ? 'files' : 'items'} are back in ${tilde(path.dirname(op.items[0]!.from))}.`;
  return { text: text + removedFolder, restored };
}
