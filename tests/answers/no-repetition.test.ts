/**
 * An answer's text says what happened in one sentence and its card carries the detail: no item of
 * the card (a list's titles, a table's rows, key-value pairs' values, files' paths, a text or code
 * card's body) is repeated in the text, and the CLI prints each item once. The built-in skills are
 * driven through a kernel on a temporary profile; the card types no built-in skill of this set
 * makes (text, plot, progress, code, image) are rendered from results shaped as a skill returns them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Card, Response, SkillResult } from '../../kernel/contracts/index.js';
import type { Kernel } from '../../kernel/kernel.js';
import { openKernel } from '../../kernel/open.js';
import { spokenReply } from '../../kernel/sdk/index.js';
import { plainText, renderResponse } from '../../hosts/cli/io.js';
import { ask, skillsDir, tempDir } from '../skills/helpers.js';

const home = tempDir('agentos-answers-home-');
const saved = process.env.HOME;
let kernel: Kernel;

beforeAll(async () => {
  for (const [rel, body] of [
    ['Documents/report-2024.pdf', '%PDF-1.4 fake'],
    ['Documents/report-draft.txt', 'a draft of the report'],
    ['notes/report-ideas.md', 'ideas'],
  ] as const) {
    fs.mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
    fs.writeFileSync(path.join(home, rel), body);
  }
  process.env.HOME = home;
  // Opened as the hosts open it, so the knowledge skill has its graph.
  kernel = await openKernel({ profileDir: tempDir(), builtinSkillsDir: skillsDir, communitySkillsDir: path.join(tempDir(), 'none') });
});

afterAll(() => {
  kernel?.close();
  process.env.HOME = saved;
});

/** The items a card shows, each as the words a reader would see. */
function items(card: Card): string[] {
  switch (card.type) {
    case 'list':
      return card.items.map((i) => i.title);
    case 'kv':
      return card.entries.map((e) => e.value);
    case 'table':
      // A row is repeated when the text has every cell of it.
      return card.rows.map((r) => r.filter((c) => c !== null && c !== '').join('\u0000'));
    case 'files':
      return card.files.map((f) => f.path);
    case 'text':
      return [card.body];
    case 'code':
      return [card.code];
    case 'image':
      return [card.alt];
    case 'plot':
      return card.series.map((s) => s.name);
    case 'progress':
      return card.detail ? [card.detail] : [];
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `item` as whole words (a path also as ~/…), case kept: "Help" the skill is not "help" the verb. */
const pattern = (item: string) => {
  const forms = [item, ...(item.startsWith(`${home}/`) ? [`~${item.slice(home.length)}`] : [])];
  // "2" (cores) is not in "2.37" or "2%": a number goes on with its decimals or its unit.
  return new RegExp(`(?:^|[^\\p{L}\\p{N}.])(?:${forms.map(escape).join('|')})(?:$|(?![.,]\\d)[^\\p{L}\\p{N}%])`, 'u');
};
const holds = (text: string, item: string) => pattern(item).test(text);

/** The items of `card` that `text` repeats (for a table row: every cell of it). */
function repeated(text: string, card: Card): string[] {
  return items(card).filter((item) => (card.type === 'table' ? item.split('\u0000').every((cell) => holds(text, cell)) : holds(text, item)));
}

/** How many times `item` is printed in the CLI's rendering. */
function printed(output: string, item: string, anywhere = false): number {
  // Counted where a line shows it as an item (after the indent or bullet; a value anywhere on its key's line), not where another item quotes it.
  return output.split('\n').filter((l) => holds(l, item) && (anywhere || pattern(item).exec(l.replace(/^\s*(?:[-*•·]\s+)?/, ''))?.index === 0)).length;
}

/** The CLI rendering of a response with one step: each item of the card printed once. */
function expectPrintedOnce(response: Response) {
  const out = plainText(renderResponse(response));
  for (const step of response.steps) {
    const card = step.result?.card;
    if (!card) continue;
    if (card.type === 'table' || card.type === 'text' || card.type === 'code') continue; // laid out over several cells or lines
    const all = items(card);
    // Once per time the card holds it (two notes may say the same).
    for (const item of new Set(all)) expect(card.type === 'kv' ? out.split('\n').filter((l) => l.trimEnd().endsWith(` ${item}`)).length : printed(out, item), `"${item}" in:\n${out}`).toBe(all.filter((i) => i === item).length);
  }
  return out;
}

async function served(text: string): Promise<Response> {
  const r = await ask(kernel, text);
  expect(r.status, `${text}: ${r.text}`).toBe('served');
  return r;
}

describe('answers from the built-in skills', () => {
  it('say how many notes there are and leave the notes to the list card (list)', async () => {
    await served('add a note: buy oat milk');
    await served('add a note: buy oat milk');
    await served('add a note: call the plumber about the boiler');
    for (const request of ['list my notes', 'find my notes about milk']) {
      const r = await served(request);
      const card = r.steps[0]!.result!.card!;
      expect(card.type).toBe('list');
      expect(repeated(r.text, card)).toEqual([]);
      expect(r.text.split('\n')).toHaveLength(1);
      const out = expectPrintedOnce(r);
      expect(out).toContain('buy oat milk');
    }
  });

  it('list reminders in the card and count them in the text (list)', async () => {
    await served('remind me to water the plants in 2 hours');
    await served('remind me to call mum tomorrow at 6pm');
    const r = await served('list my reminders');
    const card = r.steps[0]!.result!.card!;
    expect(card.type).toBe('list');
    expect(repeated(r.text, card)).toEqual([]);
    expect(r.text).toMatch(/^You have 2 reminders\.$/);
    expectPrintedOnce(r);
  });

  it('say one fact and put the others in the card (knowledge)', async () => {
    await served('remember that Alice Chen is my manager');
    await served('remember that Alice Chen works at Acme');
    await served('remember that Alice Chen lives in Oslo');
    for (const request of ['who is Alice Chen', 'what do I know about Alice Chen']) {
      const r = await served(request);
      const card = r.steps[0]!.result!.card;
      expect(card, r.text).toBeDefined();
      expect(repeated(r.text, card!)).toEqual([]);
      expectPrintedOnce(r);
    }
  });

  it('count the files found and list them in the files card (files)', async () => {
    const r = await served('find files named report');
    const card = r.steps[0]!.result!.card!;
    expect(card.type).toBe('files');
    expect(card.type === 'files' && card.files.length).toBe(3);
    expect(repeated(r.text, card)).toEqual([]);
    expect(r.text).toMatch(/^Found 3 files/);
    const out = expectPrintedOnce(r);
    expect(out).toContain('Documents/report-2024.pdf');
  });

  it('give the headline in the text and the rest in key-value and table cards (system)', async () => {
    for (const request of ['memory usage', 'how much disk space is left', 'how busy is the cpu', 'system status']) {
      const r = await served(request);
      const card = r.steps[0]!.result!.card;
      expect(card, request).toBeDefined();
      expect(['kv', 'table']).toContain(card!.type);
      expect(repeated(r.text, card!), `${request}: ${r.text}`).toEqual([]);
      expectPrintedOnce(r);
    }
  });

  it('list skills in the card and say how many in the text (help)', async () => {
    const r = await served('what can you do');
    const card = r.steps[0]!.result!.card!;
    expect(repeated(r.text, card)).toEqual([]);
    expectPrintedOnce(r);
  });

  it('answer a calculation in one line with no card to repeat it (calculator)', async () => {
    const r = await served('what is 6 times 7');
    expect(r.text).toMatch(/\b42\b/);
    const card = r.steps[0]!.result!.card;
    if (card) expect(repeated(r.text, card)).toEqual([]);
    expect(plainText(renderResponse(r)).match(/\b42\b/g)).toHaveLength(1);
  });

  it('speak the sentence only, never the card', async () => {
    const r = await served('list my notes');
    const said = spokenReply(r);
    expect(said).toBe(r.steps[0]!.result!.speak ?? r.text);
    expect(said).not.toContain('oat milk');
  });
});

/** A served response with one step whose result is `result`, as the kernel returns it. */
function response(result: SkillResult): Response {
  return {
    requestId: 'r1',
    sessionId: 's1',
    status: 'served',
    text: result.text,
    steps: [{ stepId: 's1', skill: 'sample', intent: 'sample.show', slots: {}, status: 'ok', result, durationMs: 1 }],
    suggestions: [],
    durationMs: 1,
    kernelMs: 1,
  };
}

describe("the CLI's rendering of every card type", () => {
  const samples: SkillResult[] = [
    { text: 'Found 2 notes about "milk":\n- buy oat milk\n- buy soy milk', card: { type: 'list', title: 'Notes about "milk"', items: [{ title: 'buy oat milk' }, { title: 'buy soy milk' }] } },
    { text: 'Memory:\n- 16.0 GB\n- 8.0 GB', card: { type: 'kv', title: 'Memory', entries: [{ key: 'Total', value: '16.0 GB' }, { key: 'In use', value: '8.0 GB' }] } },
    { text: 'Found 1 file:\n- /tmp/x/report.pdf', card: { type: 'files', title: 'Files', files: [{ path: '/tmp/x/report.pdf', name: 'report.pdf', size: 12 }] } },
    { text: 'Two disks.', card: { type: 'table', title: 'Disks', columns: ['Mounted on', 'Free'], rows: [['/', '10 GB'], ['/home', '20 GB']] } },
    { text: 'The poem.', card: { type: 'text', title: 'Poem', body: 'Roses are red' } },
    { text: 'print(1)', card: { type: 'code', language: 'python', code: 'print(1)' } },
    { text: 'A chart of the speedups.', card: { type: 'plot', title: 'Speedup', kind: 'line', series: [{ name: 'best so far', points: [[0, 1], [1, 2]] }] } },
    { text: 'Half done.', card: { type: 'progress', title: 'Copying', value: 1, max: 2, detail: '1 of 2 files' } },
    { text: 'A picture.', card: { type: 'image', title: 'Picture', src: 'data:image/png;base64,AAAA', alt: 'a red square' } },
  ];

  it('prints each item of each card type once, even when a skill lists them in its text too', () => {
    for (const result of samples) {
      const out = plainText(renderResponse(response(result)));
      const card = result.card!;
      const shown = card.type === 'table' ? card.rows.flat().map(String) : items(card);
      for (const item of shown) {
        const times = card.type === 'code' || card.type === 'text' ? out.split(item).length - 1 : printed(out, item, card.type !== 'list' && card.type !== 'files');
        expect(times, `${card.type}: "${item}" in:\n${out}`).toBe(1);
      }
    }
  });

  it('keeps the sentence of a text that listed its items', () => {
    const out = plainText(renderResponse(response(samples[0]!)));
    expect(out.split('\n')[0]).toBe('Found 2 notes about "milk".');
  });
});
