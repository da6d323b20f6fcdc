import { describe, expect, it } from 'vitest';
import type { FsCapability } from '../../kernel/contracts/index.js';
import { dateWindow, describeQuery, parseFileQuery } from './query.js';
import { nameScore, searchFiles, DEFAULT_LIMITS } from './search.js';

const now = new Date(2025, 2, 12, 15, 0); // a Wednesday

describe('reading a file search', () => {
  it.each([
    ['find files named report', 'files named "report"'],
    ['find pdfs modified this week', 'PDFs modified this week'],
    ['find files containing invoice', 'files containing "invoice"'],
    ['find spreadsheets in my downloads folder', 'spreadsheets in ~/Downloads'],
    ['find *.csv files modified yesterday', '.csv files modified yesterday'],
    ['find the budget spreadsheet', 'spreadsheets named "budget"'],
    ['where is my tax return', 'files named "tax return"'],
    ['find files containing "quarterly numbers" in ~/work', 'files containing "quarterly numbers" in ~/work'],
    ['where did I save the tax return', 'files named "tax return"'],
    ["where's the lease I downloaded", 'files named "lease"'],
    ['show me spreadsheets in documents', 'spreadsheets in ~/Documents'],
    ['find files in documents', 'files in ~/Documents'],
    ['find the photos on my desktop', 'images in ~/Desktop'],
    ['where did I put the budget spreadsheet', 'spreadsheets named "budget"'],
    ['find photos from the beach trip', 'images named "beach trip"'],
    ['find pdfs from last week in my downloads', 'PDFs modified last week in ~/Downloads'],
    ['find documents about the tax return', 'documents about "tax return"'],
    ['where is the presentation I made for the launch', 'presentations named "launch"'],
    ['search my documents for the word invoice', 'files containing "invoice" in ~/Documents'],
  ])('%s', (text, described) => {
    expect(describeQuery(parseFileQuery(text, now))).toBe(described);
  });

  it('turns date words into windows', () => {
    expect(dateWindow('this week', now)?.after).toEqual(new Date(2025, 2, 10));
    expect(dateWindow('yesterday', now)).toMatchObject({ after: new Date(2025, 2, 11), before: new Date(2025, 2, 12) });
    expect(dateWindow('in the last 3 days', now)?.after).toEqual(new Date(now.getTime() - 3 * 86_400_000));
  });

  it('orders "latest" by date', () => {
    expect(parseFileQuery('find my latest report', now)).toMatchObject({ name: 'report', order: 'newest' });
  });
});

describe('the bounded walk', () => {
  const day = 86_400_000;
  const files: Record<string, { content: string; modified: number }> = {
    '/h/a/report.pdf': { content: 'x', modified: now.getTime() - day },
    '/h/a/b/c/d/deep-report.txt': { content: 'report', modified: now.getTime() - 30 * day },
    '/h/node_modules/report.js': { content: 'x', modified: now.getTime() },
    '/h/.git/report': { content: 'x', modified: now.getTime() },
    '/h/notes.txt': { content: 'Invoice total\nnothing', modified: now.getTime() },
  };
  const fake: FsCapability = {
    roots: ['/h'],
    exists: async (p) => p in files || Object.keys(files).some((f) => f.startsWith(`${p}/`)),
    readDir: async (dir) => {
      const children = new Map<string, boolean>();
      for (const f of Object.keys(files)) {
        if (!f.startsWith(dir + '/')) continue;
        const parts = f.slice(dir.length + 1).split('/');
        children.set(parts[0]!, parts.length > 1 || children.get(parts[0]!) === true);
      }
      return [...children].map(([name, isDirectory]) => ({ name, path: `${dir}/${name}`, isDirectory, size: isDirectory ? 0 : files[`${dir}/${name}`]!.content.length, modified: new Date(isDirectory ? 0 : files[`${dir}/${name}`]!.modified).toISOString() }));
    },
    readFile: async (p) => files[p]!.content,
    stat: async () => {
      throw new Error('unused');
    },
  };

  it('matches names, skips dependency and hidden folders, honours depth', async () => {
    const all = await searchFiles(fake, ['/h'], { name: 'report', order: 'relevance' });
    expect(all.files.map((f) => f.path).sort()).toEqual(['/h/a/b/c/d/deep-report.txt', '/h/a/report.pdf']);
    const shallow = await searchFiles(fake, ['/h'], { name: 'report', order: 'relevance' }, { ...DEFAULT_LIMITS, maxDepth: 2 });
    expect(shallow.files.map((f) => f.path)).toEqual(['/h/a/report.pdf']);
  });

  it('filters by date and content, and stops at the entry budget', async () => {
    const recent = await searchFiles(fake, ['/h'], { name: 'report', modifiedAfter: new Date(now.getTime() - 7 * day), order: 'relevance' });
    expect(recent.files.map((f) => f.name)).toEqual(['report.pdf']);
    const text = await searchFiles(fake, ['/h'], { contains: 'invoice', order: 'relevance' });
    expect(text.files).toMatchObject([{ name: 'notes.txt', snippet: 'Invoice total' }]);
    const cut = await searchFiles(fake, ['/h'], { order: 'newest' }, { ...DEFAULT_LIMITS, maxEntries: 2 });
    expect(cut.truncated).toBe('entries');
  });

  it('scores names', () => {
    expect(nameScore('report.pdf', 'report')).toBe(100);
    expect(nameScore('report-2024.pdf', 'report')).toBe(80);
    expect(nameScore('old-report.txt', 'report')).toBe(60);
    expect(nameScore('tax-2024-return.pdf', 'tax return')).toBe(40);
    expect(nameScore('notes.txt', 'report')).toBe(0);
  });

  it('matches name words across separators, without stop words or plural endings', () => {
    for (const file of ['tax-return-2025.pdf', 'Tax_Return.pdf', 'tax.return.final.pdf', 'taxreturn.pdf']) expect(nameScore(file, 'the tax return'), file).toBeGreaterThan(0);
    expect(nameScore('tax-return-2025.pdf', 'tax return')).toBe(80);
    expect(nameScore('Tax_Return.pdf', 'tax return')).toBe(100);
    expect(nameScore('invoice-march.pdf', 'invoices')).toBeGreaterThan(0);
    expect(nameScore('tax-2024.pdf', 'my taxes')).toBeGreaterThan(0);
    expect(nameScore('tax-2024.pdf', 'tax return')).toBe(0);
  });
});
