/**
 * Messages when things go wrong (issue 21, item 9): an answer to a question that is not open, a
 * package without its entry file, invalid base64 audio — each a clear message, nothing done.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Io } from '../../hosts/cli/io.js';
import { main } from '../../hosts/cli/main.js';
import { tempDir } from '../kernel/helpers.js';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

describe('messages when things go wrong', () => {
  const saved = process.env.AGENTOS_HOME;
  beforeEach(() => {
    process.env.AGENTOS_HOME = tempDir();
  });
  afterEach(() => {
    process.env.AGENTOS_HOME = saved;
  });

  it('an answer to a question that is not open says so and runs nothing', async () => {
    const io = capture();
    expect(await main(['add a note buy milk', '--reply', 'nosuchid'], io)).toBe(2);
    expect(io.stdout.join('\n')).toMatch(/There is no open question "nosuchid" in this conversation.*Nothing was done/);
    const notes = capture();
    await main(['history', '--json'], notes);
    expect((JSON.parse(notes.stdout[0]!) as { status: string }[]).map((h) => h.status)).toEqual(['not_understood']);
    // a real question is still answered
    const ask = capture();
    expect(await main(['remind me', '--json'], ask)).toBe(2);
    const id = (JSON.parse(ask.stdout.at(-1)!) as { clarification: { id: string } }).clarification.id;
    expect(await main(['tomorrow at 9', '--reply', id], capture())).toBe(0);
  });

  it('skill install refuses a package whose entry file is missing, installing nothing', async () => {
    const parent = tempDir();
    expect(await main(['skill', 'new', 'no-entry', '--dir', parent], capture())).toBe(0);
    fs.rmSync(path.join(parent, 'no-entry', 'index.js'));
    const io = capture();
    expect(await main(['skill', 'install', path.join(parent, 'no-entry'), '--yes'], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/its entry file "index\.js" \(skill\.json "entry"\) is not in the package/);
    const list = capture();
    await main(['skills', 'list', '--json'], list);
    expect((JSON.parse(list.stdout[0]!) as { skills: { id: string }[] }).skills.map((s) => s.id)).not.toContain('no-entry');
  }, 60_000);
});

describe('graph export writes whole or not at all', () => {
  it('names the path and the cause, and leaves no partial file', async () => {
    process.env.AGENTOS_HOME = tempDir();
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'taken.jsonl'));
    const io = capture();
    expect(await main(['graph', 'export', path.join(dir, 'taken.jsonl')], io)).toBe(1);
    expect(io.stderr.join('\n')).toContain(`Cannot write ${path.join(dir, 'taken.jsonl')}: it is a folder. Nothing was written`);
    expect(fs.readdirSync(dir)).toEqual(['taken.jsonl']);
    const ok = capture();
    expect(await main(['graph', 'export', path.join(dir, 'g.jsonl')], ok)).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['g.jsonl', 'taken.jsonl']);
  });
});
