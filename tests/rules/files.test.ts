// File triggers on a real folder: a new matching file fires the rule (in the kernel, and through
// `agentos watch`); a privileged step on a file's content waits for the user's yes; `agentos rules`
// lists, shows, pauses, resumes, runs and deletes, with clear errors and exit codes.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../hosts/cli/main.js';
import type { Io } from '../../hosts/cli/io.js';
import type { Kernel } from '../../kernel/kernel.js';
import { tempDir } from '../skills/helpers.js';
import { makeRule, nextEvent, rulesKernel } from './helpers.js';

let home: string;
const saved = { HOME: process.env.HOME, AGENTOS_HOME: process.env.AGENTOS_HOME };
const open: Kernel[] = [];

beforeEach(() => {
  home = tempDir('agentos-rules-files-');
  fs.mkdirSync(path.join(home, 'Downloads'));
  process.env.HOME = home;
  process.env.AGENTOS_HOME = path.join(home, '.agentos');
});
afterEach(() => {
  for (const k of open.splice(0)) k.close();
  process.env.HOME = saved.HOME;
  process.env.AGENTOS_HOME = saved.AGENTOS_HOME;
});

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

const automation = (title: RegExp) => (e: { type: string; title?: string }) => e.type === 'notification' && title.test(e.title ?? '');

describe('file triggers', () => {
  it('fires for a new matching file in a watched folder, not for others or for files already there', async () => {
    fs.writeFileSync(path.join(home, 'Downloads', 'old.pdf'), 'x');
    const k = rulesKernel({ profileDir: process.env.AGENTOS_HOME!, startScheduler: true, rules: { fileSettleMs: 20 } });
    open.push(k);
    await makeRule(k, 'when a pdf lands in ~/Downloads, add a note about it');
    const fired = nextEvent(k, automation(/^Automation: add a note about it/));
    fs.writeFileSync(path.join(home, 'Downloads', 'notes.txt'), 'not a pdf');
    fs.writeFileSync(path.join(home, 'Downloads', 'invoice.pdf'), '%PDF-1.4');
    await fired;
    await k.rules.engine.settle();
    const notes = await k.handle({ text: 'list my notes', source: 'cli' });
    const listed = JSON.stringify(notes.steps[0]?.result?.card);
    expect(listed).toMatch(/invoice\.pdf/);
    expect(listed).not.toMatch(/old\.pdf|notes\.txt/);
    expect(k.rules.store.runs(1).map((r) => r.cause)).toEqual([`new file ${path.join(home, 'Downloads', 'invoice.pdf')}`]);
  });

  it('never runs a privileged step on a file’s name by itself: it waits for the user and says how to answer', async () => {
    const k = rulesKernel({ profileDir: process.env.AGENTOS_HOME! });
    open.push(k);
    await makeRule(k, 'when a pdf lands in my downloads, open it');
    fs.writeFileSync(path.join(home, 'Downloads', 'report.pdf'), '%PDF-1.4');
    const [fired] = await k.rules.run(1);
    expect(fired!.run.status).toBe('waiting');
    expect(fired!.run.detail).toMatch(/untrusted, so it waits for your yes.*agentos --session rule-1 --reply \w+ yes/);
    expect(k.eventLog.results().some((r) => r.intent === 'files.open')).toBe(false);
    expect(k.audit.list({ action: 'untrusted.confirm' })).toHaveLength(1);
  });

  it('is watched by `agentos watch`, which prints what the rule did', async () => {
    const k = rulesKernel({ profileDir: process.env.AGENTOS_HOME! });
    await makeRule(k, 'when a pdf lands in ~/Downloads, add a note about it');
    k.close();
    const io = capture();
    const watching = main(['watch', '--no-desktop', '--for', '600'], io);
    while (!io.stdout.some((l) => /Watching/.test(l))) await new Promise((r) => setImmediate(r));
    expect(io.stdout.join('\n')).toMatch(/Rule 1 \(on\): when a new file named \*\.pdf appears/);
    fs.writeFileSync(path.join(home, 'Downloads', 'ticket.pdf'), '%PDF-1.4');
    while (!io.stdout.some((l) => /Automation: add a note about it/.test(l))) await new Promise((r) => setTimeout(r, 20));
    process.emit('SIGINT');
    expect(await watching).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/Noted: .*ticket\.pdf/);
  }, 60_000);
});

describe('agentos rules', () => {
  it('lists, shows, pauses, resumes, runs and deletes, with --json', async () => {
    const k = rulesKernel({ profileDir: process.env.AGENTOS_HOME! });
    await makeRule(k, 'every weekday at 9, show my reminders');
    k.close();
    const list = capture();
    expect(await main(['rules', 'list', '--json'], list)).toBe(0);
    expect(JSON.parse(list.stdout[0]!).rules[0]).toMatchObject({ id: 1, state: 'active', trigger: { kind: 'schedule', cron: '0 0 9 * * 1-5' } });
    const show = capture();
    expect(await main(['rules', 'show', '1'], show)).toBe(0);
    expect(show.stdout.join('\n')).toMatch(/You said: "every weekday at 9, show my reminders"/);
    const pause = capture();
    expect(await main(['rules', 'pause', '1'], pause)).toBe(0);
    expect(pause.stdout.join('\n')).toMatch(/Paused rule 1/);
    expect(await main(['rules', 'resume', '1'], capture())).toBe(0);
    const run = capture();
    expect(await main(['rules', 'run', '1', '--json'], run)).toBe(0);
    expect(JSON.parse(run.stdout[0]!).runs[0]).toMatchObject({ status: 'ok', cause: 'run by you' });
    expect(await main(['rules', 'delete', '1'], capture())).toBe(0);
    const empty = capture();
    expect(await main(['rules'], empty)).toBe(0);
    expect(empty.stdout.join('\n')).toMatch(/No automations yet/);
  });

  it.each([
    [['rules', 'frob'], /"frob" is not something rules can do/],
    [['rules', 'pause'], /needs one rule number/],
    [['rules', 'pause', 'x'], /"x" is not a rule number/],
    [['rules', 'show', '0'], /"0" is not a rule number/],
    [['rules', 'list', '3'], /takes no more arguments/],
    [['rules', 'delete', '42'], /There is no rule 42/],
    [['rules', '--bogus'], /Unknown option '--bogus'/],
  ])('refuses %j with a clear message and exit 1', async (argv, message) => {
    const io = capture();
    expect(await main(argv, io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(message);
  });
});
