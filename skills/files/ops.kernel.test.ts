// Moving, copying, renaming and undoing as a user asks for them: through the kernel (recognition,
// the built-in grants, the audit log) on a temporary home folder.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kernel } from '../../kernel/kernel.js';
import { openTestKernel, tempDir } from '../../tests/skills/helpers.js';

const home = fs.realpathSync(tempDir('agentos-files-ops-home-'));
const outside = fs.realpathSync(tempDir('agentos-files-ops-outside-'));
const savedHome = process.env.HOME;
let kernel: Kernel;

function write(rel: string, content = 'x') {
  const file = path.join(home, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}
const exists = (rel: string) => fs.existsSync(path.join(home, rel));
const say = (text: string, sessionId = 'files-ops') => kernel.handle({ text, source: 'cli', sessionId });

beforeAll(() => {
  process.env.HOME = home;
  write('Downloads/a.pdf', 'A');
  write('Downloads/b.pdf', 'B');
  write('notes/todo.md', 'todo');
  write('Documents/report.pdf', 'R');
  fs.mkdirSync(path.join(home, 'backup'));
  kernel = openTestKernel();
});
afterAll(() => {
  kernel?.close();
  process.env.HOME = savedHome;
});

describe('file operations through the kernel', () => {
  it('moves into a new folder, and "undo that" in the same conversation puts it back', async () => {
    const r = await say('move ~/Downloads/a.pdf to ~/Documents/pdfs');
    expect(r.status).toBe('served');
    expect(r.steps[0]).toMatchObject({ skill: 'files', intent: 'files.move' });
    expect(r.text).toContain('The folder ~/Documents/pdfs was created for it.');
    expect(exists('Documents/pdfs/a.pdf')).toBe(true);
    const u = await say('undo that');
    expect(u.steps[0]).toMatchObject({ intent: 'files.undo' });
    expect(u.text).toContain('is back at ~/Downloads/a.pdf');
    expect(exists('Downloads/a.pdf')).toBe(true);
    expect(exists('Documents/pdfs')).toBe(false);
  });

  it('copies a file to a folder named in words, renames, and undoes the last one in a new conversation', async () => {
    const c = await say('copy report.pdf to the backup folder', 'other-1');
    expect(c.text).toMatch(/^Copied ~\/Documents\/report\.pdf to ~\/backup\/report\.pdf\./);
    const r = await say('rename ~/notes/todo.md to done.md', 'other-2');
    expect(r.status).toBe('served');
    expect(exists('notes/done.md')).toBe(true);
    const u = await say('undo the last file operation', 'other-3');
    expect(u.text).toBe('Undid the rename: ~/notes/done.md is back at ~/notes/todo.md.');
  });

  it('refuses a destination outside the granted folders, says why, and audits only what happened', async () => {
    const before = kernel.audit.list({ skill: 'files', action: 'call.privileged' }).length;
    const r = await say(`move ~/Downloads/b.pdf to ${outside}`);
    expect(r.status).toBe('denied');
    expect(r.text).toContain(`${outside} is outside the folders granted to the files skill (~), so nothing was moved.`);
    expect(r.text).toContain('nothing was moved');
    expect(exists('Downloads/b.pdf')).toBe(true);
    expect(fs.readdirSync(outside)).toEqual([]);
    expect(kernel.audit.list({ skill: 'files', action: 'call.privileged' }).length).toBe(before);
  });

  it('audits every change a move makes', async () => {
    const r = await say('move ~/Downloads/b.pdf into ~/backup');
    expect(r.status).toBe('served');
    const entries = kernel.audit.list({ skill: 'files', action: 'call.privileged' });
    expect(entries.some((e) => JSON.stringify(e).includes(path.join(home, 'backup/b.pdf')))).toBe(true);
  });
});
