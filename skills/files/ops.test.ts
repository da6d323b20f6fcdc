// Moving, copying, renaming and undoing on real temporary folders, through the kernel's real ctx.fs
// (confined to the grants) and a real SQLite store for the journal.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createFsCapability } from '../../kernel/capabilities/index.js';
import type { FsCapability, SkillContext, SkillModule, SkillResult, SkillStore } from '../../kernel/contracts/index.js';
import { SqliteSkillStore } from '../../kernel/skills/store.js';
import { openDatabase } from '../../kernel/store/index.js';
import skill from './index.js';

const savedHome = process.env.HOME;
const tmp = (prefix: string) => fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
let home: string;
let outside: string;
let store: SkillStore;
let cap: FsCapability;
const now = new Date(2025, 4, 6, 10, 0);

function write(rel: string, content = 'x', base = home) {
  const file = path.join(base, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}
const exists = (rel: string) => fs.existsSync(path.join(home, rel));
const read = (rel: string) => fs.readFileSync(path.join(home, rel), 'utf8');

beforeEach(() => {
  home = tmp('agentos-files-home-');
  outside = tmp('agentos-files-outside-');
  process.env.HOME = home;
  store = new SqliteSkillStore(openDatabase(path.join(tmp('agentos-files-profile-'), 'profile'))).forSkill('files');
  cap = createFsCapability(['~'], ['~'], { data: path.join(home, '.data'), home });
});
afterAll(() => {
  process.env.HOME = savedHome;
});

function run(intent: string, text: string, slots: Record<string, unknown>, options: { fs?: FsCapability | undefined; input?: SkillResult } = {}): Promise<SkillResult> {
  const ctx = { text, now, store, fs: 'fs' in options ? options.fs : cap, signal: new AbortController().signal, progress: () => {}, settings: {}, ...(options.input ? { input: options.input } : {}) };
  return (skill as SkillModule)[intent]!(slots, ctx as unknown as SkillContext) as Promise<SkillResult>;
}
const move = (text: string, source: string, destination: string) => run('files.move', text, { source, destination });

describe('moving', () => {
  it('moves a file into an existing folder, says where, and undoes it once', async () => {
    write('Downloads/a.pdf', 'pdf bytes');
    fs.mkdirSync(path.join(home, 'Documents'));
    const r = await move('move ~/Downloads/a.pdf to ~/Documents', '~/Downloads/a.pdf', '~/Documents');
    expect(r.text).toBe('Moved ~/Downloads/a.pdf to ~/Documents/a.pdf. To reverse it, say "undo the move".');
    expect(read('Documents/a.pdf')).toBe('pdf bytes');
    expect(exists('Downloads/a.pdf')).toBe(false);
    expect(r.card).toMatchObject({ type: 'files', title: 'Moved to ~/Documents', files: [{ path: path.join(home, 'Documents/a.pdf'), name: 'a.pdf', snippet: 'moved from ~/Downloads/a.pdf' }] });
    const id = (r.data as { id: string }).id;
    const u = await run('files.undo', 'undo that', { id });
    expect(u.text).toBe('Undid the move: ~/Documents/a.pdf is back at ~/Downloads/a.pdf.');
    expect(read('Downloads/a.pdf')).toBe('pdf bytes');
    await expect(run('files.undo', 'undo the last file operation', {})).rejects.toThrow(/was already undone .*nothing was changed/);
  });

  it('creates the destination folder when its parent exists, and says so; the undo removes it again', async () => {
    write('Downloads/a.pdf');
    fs.mkdirSync(path.join(home, 'Documents'));
    const r = await move('move ~/Downloads/a.pdf to ~/Documents/pdfs', '~/Downloads/a.pdf', '~/Documents/pdfs');
    expect(r.text).toContain('to ~/Documents/pdfs/a.pdf. The folder ~/Documents/pdfs was created for it.');
    expect(exists('Documents/pdfs/a.pdf')).toBe(true);
    const u = await run('files.undo', 'undo the last move', {});
    expect(u.text).toContain('The folder ~/Documents/pdfs, made for it, was removed again.');
    expect(exists('Documents/pdfs')).toBe(false);
    expect(exists('Downloads/a.pdf')).toBe(true);
  });

  it('refuses a destination whose parent does not exist (a typing slip), changing nothing', async () => {
    write('Downloads/a.pdf');
    await expect(move('move ~/Downloads/a.pdf to ~/Documnets/pdfs', '~/Downloads/a.pdf', '~/Documnets/pdfs')).rejects.toThrow('~/Documnets does not exist, so ~/Documnets/pdfs was not created and nothing was changed');
    expect(exists('Downloads/a.pdf')).toBe(true);
    expect(exists('Documnets')).toBe(false);
  });

  it('never overwrites: an existing destination is refused, unless the user asked to keep both', async () => {
    write('Downloads/a.pdf', 'new');
    write('Documents/a.pdf', 'old');
    await expect(move('move ~/Downloads/a.pdf to ~/Documents', '~/Downloads/a.pdf', '~/Documents')).rejects.toThrow(/~\/Documents\/a\.pdf already exists, and nothing is overwritten; nothing was moved/);
    expect(read('Documents/a.pdf')).toBe('old');
    expect(read('Downloads/a.pdf')).toBe('new');
    const r = await move('move ~/Downloads/a.pdf to ~/Documents and keep both', '~/Downloads/a.pdf', '~/Documents');
    expect(r.text).toContain('to ~/Documents/a copy.pdf');
    expect(read('Documents/a.pdf')).toBe('old');
    expect(read('Documents/a copy.pdf')).toBe('new');
  });

  it('refuses to move outside the folders granted for writing, naming them, and leaves the file', async () => {
    write('a.txt');
    const err = await move(`move ~/a.txt to ${outside}`, '~/a.txt', outside).catch((e: Error) => e);
    expect(err).toMatchObject({ name: 'CapabilityDenied' });
    expect((err as Error).message).toContain(`${outside} is outside the folders granted to the files skill (~), so nothing was moved`);
    expect((err as Error).message).toContain('agentos grants --skill files');
    expect(exists('a.txt')).toBe(true);
    // Reading is granted wider than writing: the source can be seen, but not moved out of there.
    write('b.txt', 'x', outside);
    const wide = createFsCapability(['~', outside], ['~'], { data: path.join(home, '.data'), home });
    await expect(run('files.move', 'move it', { source: path.join(outside, 'b.txt'), destination: '~' }, { fs: wide })).rejects.toMatchObject({ name: 'CapabilityDenied', message: expect.stringContaining('is outside the granted folders (~), so nothing was moved') });
    expect(fs.existsSync(path.join(outside, 'b.txt'))).toBe(true);
  });

  it('says which permission is missing when the skill has no write grant', async () => {
    write('a.txt');
    const readOnly = createFsCapability(['~'], [], { data: path.join(home, '.data'), home });
    await expect(run('files.move', 'move ~/a.txt to ~/b', { source: '~/a.txt', destination: '~/b' }, { fs: readOnly })).rejects.toThrow(/needs the fs\.write permission/);
  });

  it('refuses to move a folder into itself', async () => {
    write('project/src/a.ts');
    await expect(move('move ~/project to ~/project/src', '~/project', '~/project/src')).rejects.toThrow(/cannot be moved into itself/);
    expect(exists('project/src/a.ts')).toBe(true);
  });

  it('moves every file of a kind from a folder, and undoes them all', async () => {
    write('Downloads/a.pdf');
    write('Downloads/b.PDF');
    write('Downloads/c.txt');
    write('Downloads/sub/d.pdf');
    fs.mkdirSync(path.join(home, 'Documents'));
    const r = await move('move all pdfs in my downloads to documents', 'all pdfs in my downloads', 'documents');
    expect(r.text).toMatch(/^Moved 2 files from ~\/Downloads to ~\/Documents: a\.pdf, b\.PDF\./);
    expect(exists('Downloads/c.txt') && exists('Downloads/sub/d.pdf')).toBe(true);
    await run('files.undo', 'undo the move', {});
    expect(exists('Downloads/a.pdf') && exists('Downloads/b.PDF')).toBe(true);
    expect(fs.readdirSync(path.join(home, 'Documents'))).toEqual([]);
  });

  it('reads "all pdfs in my downloads to documents" with the folder in the source, and "a.pdf in ~/Downloads" as one file', async () => {
    write('Downloads/a.pdf');
    write('Downloads/b.pdf');
    fs.mkdirSync(path.join(home, 'Documents'));
    // The grammar may read the first "in" as the destination's preposition.
    const r = await move('move all the pdfs in my downloads to documents', 'all the pdfs', 'my downloads to documents');
    expect(r.text).toMatch(/^Moved 2 files from ~\/Downloads to ~\/Documents/);
    await run('files.undo', 'undo the move', {});
    await move('move a.pdf in ~/Downloads to ~/Documents', 'a.pdf', '~/Downloads to ~/Documents');
    expect(exists('Documents/a.pdf') && exists('Downloads/b.pdf')).toBe(true);
    await expect(move('move every screenshot on my desktop to documents', 'every screenshot on my desktop', 'documents')).rejects.toThrow('~/Desktop is not a folder that exists; nothing was changed');
  });

  it('finds a destination folder named in words, and asks when several have that name', async () => {
    write('report.pdf');
    fs.mkdirSync(path.join(home, 'work/backup'), { recursive: true });
    const r = await run('files.copy', 'copy report.pdf to the backup folder', { source: 'report.pdf', destination: 'the backup folder' });
    expect(r.text).toMatch(/^Copied ~\/report\.pdf to ~\/work\/backup\/report\.pdf\./);
    fs.mkdirSync(path.join(home, 'old/backup'), { recursive: true });
    write('notes.md');
    const ask = await run('files.copy', 'copy notes.md to the backup folder', { source: 'notes.md', destination: 'the backup folder' });
    expect(ask.ask).toMatchObject({ slot: 'destination', choices: [{ label: '~/old/backup' }, { label: '~/work/backup' }] });
    expect(exists('old/backup/notes.md') || exists('work/backup/notes.md')).toBe(false);
  });

  it('takes the files of the previous result ("find my pdfs and move them to …")', async () => {
    write('a/x.pdf');
    write('b/y.pdf');
    fs.mkdirSync(path.join(home, 'pdfs'));
    const input: SkillResult = { text: 'Found 2', data: { files: [{ path: path.join(home, 'a/x.pdf') }, { path: path.join(home, 'b/y.pdf') }] } };
    await run('files.move', 'and move them to ~/pdfs', { source: 'them', destination: '~/pdfs' }, { input });
    expect(fs.readdirSync(path.join(home, 'pdfs')).sort()).toEqual(['x.pdf', 'y.pdf']);
  });

  it('declines words that name no file ("move the meeting to 5pm")', async () => {
    const r = await move('move the meeting to 5pm', 'meeting', '5pm');
    expect(r.declined).toBe(true);
  });
});

describe('copying', () => {
  it('copies a folder with everything in it; the undo removes the copy, unless it changed since', async () => {
    write('notes/a.md', 'A');
    write('notes/deep/b.md', 'B');
    const r = await run('files.copy', 'copy ~/notes to ~/notes-backup', { source: '~/notes', destination: '~/notes-backup' });
    expect(r.text).toMatch(/^Copied the folder ~\/notes \(2 files, 2 B\) to ~\/notes-backup\/notes\. The folder ~\/notes-backup was created for it\./);
    expect(read('notes-backup/notes/deep/b.md')).toBe('B');
    expect(read('notes/deep/b.md')).toBe('B');
    fs.writeFileSync(path.join(home, 'notes-backup/notes/deep/b.md'), 'B, edited in the copy');
    await expect(run('files.undo', 'undo the copy', {})).rejects.toThrow(/~\/notes-backup\/notes changed since the copy .*nothing was undone/);
    expect(read('notes-backup/notes/deep/b.md')).toBe('B, edited in the copy');
  });

  it('makes a copy beside the file under a new name when no destination is said', async () => {
    write('cv.pdf', 'cv');
    const r = await run('files.copy', 'make a copy of ~/cv.pdf', { source: '~/cv.pdf' });
    expect(r.text).toMatch(/^Copied ~\/cv\.pdf to ~\/cv copy\.pdf\./);
    await run('files.copy', 'duplicate ~/cv.pdf', { source: '~/cv.pdf' });
    expect(read('cv copy 2.pdf')).toBe('cv');
    const u = await run('files.undo', 'undo my last copy', {});
    expect(u.text).toBe('Undid the copy: removed ~/cv copy 2.pdf (the original ~/cv.pdf is unchanged).');
    expect(exists('cv copy 2.pdf')).toBe(false);
    expect(exists('cv copy.pdf')).toBe(true);
  });

  it('refuses to copy from a folder that is not granted', async () => {
    write('secret.txt', 's', outside);
    await expect(run('files.copy', 'copy it', { source: path.join(outside, 'secret.txt'), destination: '~' })).rejects.toMatchObject({ name: 'CapabilityDenied' });
    expect(exists('secret.txt')).toBe(false);
  });
});

describe('renaming', () => {
  it('renames in the same folder, keeping the extension when the new name has none', async () => {
    write('notes/todo.md', 'todo');
    const r = await run('files.rename', 'rename ~/notes/todo.md to done', { source: '~/notes/todo.md', name: 'done' });
    expect(r.text).toBe('Renamed ~/notes/todo.md to done.md. To reverse it, say "undo the rename".');
    expect(read('notes/done.md')).toBe('todo');
    write('notes/other.md');
    await expect(run('files.rename', 'rename ~/notes/other.md to done.md', { source: '~/notes/other.md', name: 'done.md' })).rejects.toThrow(/~\/notes\/done\.md already exists/);
  });

  it('will not undo a rename over something new at the old name, nor one whose file is gone', async () => {
    write('notes/todo.md', 'todo');
    await run('files.rename', 'rename ~/notes/todo.md to done.md', { source: '~/notes/todo.md', name: 'done.md' });
    write('notes/todo.md', 'a new todo');
    await expect(run('files.undo', 'undo the rename', {})).rejects.toThrow(/Something new is at ~\/notes\/todo\.md now/);
    expect(read('notes/todo.md')).toBe('a new todo');
    fs.rmSync(path.join(home, 'notes/todo.md'));
    fs.rmSync(path.join(home, 'notes/done.md'));
    await expect(run('files.undo', 'undo the rename', {})).rejects.toThrow(/~\/notes\/done\.md is no longer there .*nothing was changed/);
  });

  it('will not undo a move of a file edited since', async () => {
    write('a.txt', 'one');
    fs.mkdirSync(path.join(home, 'box'));
    await move('move ~/a.txt to ~/box', '~/a.txt', '~/box');
    fs.writeFileSync(path.join(home, 'box/a.txt'), 'one, and more');
    await expect(run('files.undo', 'undo the move', {})).rejects.toThrow(/changed since the move \(its size or modification time differ\)/);
    expect(exists('box/a.txt')).toBe(true);
  });

  it('says there is nothing to undo when the last result was not a file operation', async () => {
    expect((await run('files.undo', 'undo that', { id: { name: 'report' } })).text).toMatch(/^There is nothing of that to undo/);
    expect((await run('files.undo', 'undo the last file operation', {})).text).toMatch(/^There is no file operation to undo/);
  });
});

describe('across file systems', () => {
  /** The real capability, whose rename fails as it does between two drives. */
  const crossDevice = (base: FsCapability): FsCapability => ({
    ...base,
    roots: base.roots,
    rename: async () => {
      throw Object.assign(new Error('EXDEV: cross-device link not permitted, rename'), { code: 'EXDEV' });
    },
  });

  it('moves by copying, checking and removing the original, and undoes the same way', async () => {
    write('photos/a.jpg', 'A');
    write('photos/raw/b.raw', 'BB');
    fs.mkdirSync(path.join(home, 'usb'));
    const fsx = crossDevice(cap);
    const r = await run('files.move', 'move ~/photos to ~/usb', { source: '~/photos', destination: '~/usb' }, { fs: fsx });
    expect(r.text).toContain('It was on another drive, so it was copied there, checked, and the original removed.');
    expect(read('usb/photos/raw/b.raw')).toBe('BB');
    expect(exists('photos')).toBe(false);
    await run('files.undo', 'undo the move', {}, { fs: fsx });
    expect(read('photos/raw/b.raw')).toBe('BB');
    expect(exists('usb/photos')).toBe(false);
  });

  // Two real file systems when this machine has them (/dev/shm is a tmpfs on Linux).
  const shm = '/dev/shm';
  const twoDevices = (() => {
    try {
      fs.accessSync(shm, fs.constants.W_OK);
      return fs.statSync(shm).dev !== fs.statSync(os.tmpdir()).dev;
    } catch {
      return false;
    }
  })();
  it.runIf(twoDevices)('moves a file to another real file system', async () => {
    const other = fs.mkdtempSync(path.join(shm, 'agentos-files-'));
    try {
      write('big.bin', 'x'.repeat(100_000));
      const both = createFsCapability(['~', other], ['~', other], { data: path.join(home, '.data'), home });
      const r = await run('files.move', `move ~/big.bin to ${other}`, { source: '~/big.bin', destination: other }, { fs: both });
      expect(r.text).toContain('another drive');
      expect(fs.statSync(path.join(other, 'big.bin')).size).toBe(100_000);
      expect(exists('big.bin')).toBe(false);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
