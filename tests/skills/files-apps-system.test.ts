import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kernel } from '../../kernel/kernel.js';
import { ask, openTestKernel, tempDir } from './helpers.js';

// A home folder of known files, and stand-ins for xdg-open and gtk-launch that record their arguments.
const home = tempDir('agentos-home-');
const bin = tempDir('agentos-bin-');
const log = path.join(bin, 'launched.log');
const saved = { HOME: process.env.HOME, PATH: process.env.PATH };
let kernel: Kernel;

function write(rel: string, content: string, ageDays = 0) {
  const file = path.join(home, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  const t = new Date(Date.now() - ageDays * 86_400_000);
  fs.utimesSync(file, t, t);
}

async function launched(): Promise<string[]> {
  for (let i = 0; i < 40 && !fs.existsSync(log); i++) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 50));
  const lines = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
  fs.rmSync(log, { force: true });
  return lines;
}

beforeAll(() => {
  write('Documents/report.pdf', '%PDF-1.4 fake');
  write('Documents/old-report.txt', 'last year', 40);
  write('notes/invoice-2024.txt', 'Invoice #2024\nTotal: 120 EUR, due in 30 days\n');
  write('notes/shopping.md', 'oat milk, bread');
  write('project/node_modules/report.js', 'skipped');
  write('.secret/report.txt', 'hidden');
  write('.local/share/applications/firefox.desktop', '[Desktop Entry]\nType=Application\nName=Firefox Web Browser\nGenericName=Web Browser\nExec=firefox %u\n');
  write('.local/share/applications/hidden.desktop', '[Desktop Entry]\nType=Application\nName=Hidden Thing\nNoDisplay=true\n');
  for (const prog of ['xdg-open', 'gtk-launch']) {
    fs.writeFileSync(path.join(bin, prog), `#!/bin/sh\necho "${prog} $*" >> "${log}"\n`, { mode: 0o755 });
  }
  process.env.HOME = home;
  process.env.PATH = `${bin}${path.delimiter}${process.env.PATH}`;
  kernel = openTestKernel();
});

afterAll(() => {
  kernel?.close();
  process.env.HOME = saved.HOME;
  process.env.PATH = saved.PATH;
});

describe('files', () => {
  it('finds files by name in the granted home folder, skipping hidden and dependency folders', async () => {
    const r = await ask(kernel, 'find files named report');
    expect(r.intent).toBe('files.find');
    // The text counts them; the card lists them.
    expect(r.text).toBe('Found 2 files named "report" in ~.');
    const card = r.steps[0]!.result!.card!;
    expect(card.type).toBe('files');
    const paths = card.type === 'files' ? card.files.map((f) => f.path) : [];
    expect(paths).toEqual(expect.arrayContaining([path.join(home, 'Documents/report.pdf'), path.join(home, 'Documents/old-report.txt')]));
    expect(paths.join('\n')).not.toMatch(/node_modules|\.secret/);
  });

  it('finds files by kind and date', async () => {
    const r = await ask(kernel, 'find pdfs modified this week');
    expect(r.text).toMatch(/Found 1 PDFs modified this week/);
    expect(JSON.stringify(r.steps[0]!.result!.card)).toContain(path.join(home, 'Documents/report.pdf'));
    const old = await ask(kernel, 'find files named report modified today');
    expect(JSON.stringify(old.steps[0]!.result!.card)).not.toContain('old-report.txt');
  });

  it('finds files by content, with the matching line', async () => {
    const r = await ask(kernel, 'find files containing invoice');
    expect(r.text).toMatch(/Found 1 files containing "invoice"/);
    const card = r.steps[0]!.result!.card!;
    expect(card.type === 'files' && card.files[0]).toMatchObject({ path: path.join(home, 'notes/invoice-2024.txt'), snippet: expect.stringContaining('Invoice #2024') });
  });

  it('says so when nothing matches', async () => {
    expect((await ask(kernel, 'find files named zebracorn')).text).toBe('No files named "zebracorn" in ~.');
  });

  it('opens a file in the granted folders with xdg-open, and refuses one outside them', async () => {
    const r = await ask(kernel, 'open ~/Documents/report.pdf');
    expect(r.intent).toBe('files.open');
    expect(r.status).toBe('served');
    expect(await launched()).toEqual([`xdg-open ${path.join(home, 'Documents/report.pdf')}`]);
    const outside = await ask(kernel, 'open /etc/hostname');
    expect(outside.status).toBe('denied');
    expect(outside.text).toMatch(/outside the granted folders/);
    expect(await launched()).toEqual([]);
  });

  it('reveals a file by opening its folder', async () => {
    const r = await ask(kernel, 'reveal ~/notes/shopping.md');
    expect(r.intent).toBe('files.reveal');
    expect(await launched()).toEqual([`xdg-open ${path.join(home, 'notes')}`]);
  });
});

describe('apps and web', () => {
  it('opens an installed application found by its desktop entry', async () => {
    const r = await ask(kernel, 'open firefox');
    expect(r.skill).toBe('apps');
    expect(r.text).toBe('Opening Firefox Web Browser');
    expect(await launched()).toEqual(['gtk-launch firefox']);
  });

  it('names close matches when no application fits, and opens nothing', async () => {
    const r = await ask(kernel, 'launch the fir app thing');
    expect(r.status).toBe('not_understood');
    expect(r.text).toMatch(/no installed application is called/i);
  });

  it('opens web addresses over https only', async () => {
    const r = await ask(kernel, 'go to example.com');
    expect(r.intent).toBe('apps.browse');
    expect(r.text).toBe('Opening https://example.com/');
    expect(await launched()).toEqual(['xdg-open https://example.com/']);
    const direct = await ask(kernel, 'open https://example.org/docs?q=1');
    expect(direct.text).toBe('Opening https://example.org/docs?q=1');
    expect(await launched()).toEqual(['xdg-open https://example.org/docs?q=1']);
  });

  it('searches the web in the browser', async () => {
    const r = await ask(kernel, 'search the web for oat milk recipes');
    expect(r.text).toBe('Searching the web for "oat milk recipes"');
    expect(await launched()).toEqual(['xdg-open https://duckduckgo.com/?q=oat+milk+recipes']);
  });
});

describe('system', () => {
  it.each([
    ['battery', /^(Battery at \d+%|No battery found)/],
    ['how much disk space is left', /free on \/ \(\d+% used\)/],
    ['memory usage', /^Memory is \d+% in use; .* is available\.$/],
    ['cpu load', /^The CPU is \d+% busy right now\.$/],
    ['uptime', /^Up for .*min \(since /],
    ['what is my ip address', /IP address|No IPv4|No network interface/],
  ])('%s', async (text, expected) => {
    const r = await ask(kernel, text);
    expect(r.skill).toBe('system');
    expect(r.status).toBe('served');
    expect(r.text).toMatch(expected);
  });

  it('lists the top processes as a table', async () => {
    const r = await ask(kernel, 'top processes');
    expect(r.intent).toBe('system.processes');
    const card = r.steps[0]!.result!.card as { type: string; rows: unknown[][] };
    expect(card.type).toBe('table');
    expect(card.rows.length).toBeGreaterThan(0);
  });
});
