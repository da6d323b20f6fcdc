/**
 * A full disk (issue 21, item 9): the message says so with the fix and never advises abandoning a
 * healthy profile; requests that only read still work when their history cannot be written; a
 * change that cannot be saved leaves nothing half-written. The disk is filled for real, as far as
 * SQLite is concerned: the database is capped at its size (max_page_count) and its free pages used up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kernel } from '../../kernel/kernel.js';
import { openKernel } from '../../kernel/open.js';
import { explainStorage, ProfileStorageError, storageProblem } from '../../kernel/store/index.js';
import { ask, skillsDir, tempDir } from '../skills/helpers.js';

describe('when the disk holding the profile is full', () => {
  let kernel: Kernel;
  beforeAll(async () => {
    kernel = await openKernel({ profileDir: tempDir('agentos-full-'), builtinSkillsDir: skillsDir, communitySkillsDir: tempDir('agentos-none-') });
    // A long note: listing it makes a history entry larger than a page, so recording it needs a new page.
    expect((await ask(kernel, `add a note buy oat milk ${'and the other things on the list '.repeat(150)}`)).status).toBe('served');
    // No more pages than the file has now, then fill every free page.
    kernel.db.exec('CREATE TABLE filler (x BLOB)');
    const pages = kernel.db.pragma('page_count', { simple: true }) as number;
    kernel.db.pragma(`max_page_count = ${pages + 2}`);
    const fill = kernel.db.prepare('INSERT INTO filler VALUES (randomblob(?))');
    for (const size of [2000, 200, 20, 1]) {
      try {
        for (;;) fill.run(size);
      } catch (error) {
        expect(storageProblem(error)).toBe('disk_full');
      }
    }
  }, 60_000);
  afterAll(() => kernel.close());

  it('still answers a request that only reads, without recording it', async () => {
    const before = kernel.eventLog.unrecorded;
    const r = await ask(kernel, 'list my notes');
    expect(r.status).toBe('served');
    expect(JSON.stringify(r)).toContain('buy oat milk');
    expect(kernel.eventLog.unrecorded).toBeGreaterThan(before);
  });

  it('says the disk is full and how to fix it when a change cannot be saved, and saves nothing', async () => {
    const r = await ask(kernel, `add a note ${'remember the long list '.repeat(200)}`);
    expect(r.status).not.toBe('served');
    expect(r.text).toMatch(/The disk holding the AgentOS profile \(.+\) is full/);
    expect(r.text).toMatch(/Free some space on that disk/);
    expect(r.text).toMatch(/nothing already saved was lost/);
    expect(r.text).not.toMatch(/move it aside|\.broken|fresh profile/);
    kernel.db.exec('DROP TABLE filler');
    const list = await ask(kernel, 'list my notes');
    expect(JSON.stringify(list)).not.toContain('remember the long list');
  });
});

describe('storage errors are named by cause', () => {
  it('maps SQLite and file-system codes, and leaves other errors as they are', () => {
    const coded = (code: string) => Object.assign(new Error(code), { code });
    expect(storageProblem(coded('SQLITE_FULL'))).toBe('disk_full');
    expect(storageProblem(coded('ENOSPC'))).toBe('disk_full');
    expect(storageProblem(coded('SQLITE_READONLY'))).toBe('unwritable');
    expect(storageProblem(coded('EROFS'))).toBe('unwritable');
    expect(storageProblem(coded('SQLITE_CORRUPT'))).toBeUndefined();
    expect(storageProblem(new Error('plain'))).toBeUndefined();
    const plain = new Error('plain');
    expect(explainStorage(plain, '/p', 'x')).toBe(plain);
    const full = explainStorage(coded('ENOSPC'), '/home/u/.local/share/agentos', 'the note');
    expect(full).toBeInstanceOf(ProfileStorageError);
    expect((full as Error).message).toMatch(/^The disk holding the AgentOS profile \(\/home\/u\/\.local\/share\/agentos\) is full, so the note could not be saved\./);
    const ro = explainStorage(coded('SQLITE_READONLY'), '/ro', 'the note') as Error;
    expect(ro.message).toMatch(/cannot be written.*AGENTOS_HOME/);
  });
});
