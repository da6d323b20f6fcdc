// Rule sentences read with the real intent engine and built-in skills: each kind of trigger in
// several phrasings, the actions checked, and ordinary requests left alone.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kernel } from '../../kernel/kernel.js';
import { parseManage } from '../../kernel/rules/index.js';
import { tempDir } from '../skills/helpers.js';
import { rulesKernel } from './helpers.js';

let kernel: Kernel;
const home = tempDir('agentos-rules-home-');
const savedHome = process.env.HOME;

beforeAll(() => {
  process.env.HOME = home;
  fs.mkdirSync(path.join(home, 'Downloads'));
  fs.mkdirSync(path.join(home, 'Pictures'));
  kernel = rulesKernel();
});
afterAll(() => {
  kernel.close();
  process.env.HOME = savedHome;
});

const parse = (text: string) => kernel.rules.parse(text);

describe('reading rule sentences', () => {
  it.each([
    ['every day at 6pm remind me to stretch', ['remind me to stretch']],
    ['Every weekday at 9, show my reminders.', ['show my reminders']],
    ['remind me to drink water every 2 hours', ['remind me to drink water']],
    ['please create a rule: every monday at 9 show my notes', ['show my notes']],
    ['every sunday evening list my reminders, then show my notes', ['list my reminders', 'show my notes']],
  ])('schedule: "%s"', (text, actions) => {
    const p = parse(text);
    expect(p).toMatchObject({ kind: 'rule', trigger: { kind: 'schedule' }, actions });
  });

  it.each([
    ['when I add a note that mentions buy, remind me about it in an hour', 'notes.add', ['buy']],
    ['whenever I save a note containing milk, remind me about it at 6pm', 'notes.add', ['milk']],
    ['remind me about it in an hour whenever I add a note that mentions buy', 'notes.add', ['buy']],
    ['every time a note is added, show my notes', 'notes.add', []],
    ['when I delete a note, show my notes', 'notes.delete', []],
    ['when I set a reminder, add a note: reminder set', 'reminder.add', []],
  ])('event: "%s"', (text, intent, mentions) => {
    const p = parse(text);
    expect(p.kind).toBe('rule');
    if (p.kind !== 'rule' || p.trigger.kind !== 'event') throw new Error(JSON.stringify(p));
    expect(p.trigger.on).toMatchObject({ intent });
    expect(p.trigger.mentions).toEqual(mentions);
  });

  it('reads a reminder going off as a kernel event', () => {
    expect(parse('when a reminder goes off, show my notes')).toMatchObject({ kind: 'rule', trigger: { kind: 'event', on: { kernel: 'timer.fired' } }, actions: ['show my notes'] });
  });

  it.each([
    ['when a file appears in ~/Downloads named *.pdf, move it to ~/Documents/pdfs', 'Downloads', '*.pdf'],
    ['whenever a pdf lands in my downloads, add a note about it', 'Downloads', '*.pdf'],
    ['when a new image is added to ~/Pictures, show my notes', 'Pictures', '*.{jpg,jpeg,png,gif,webp,heic,bmp,tiff}'],
    ['when I download a pdf, add a note: new download', 'Downloads', '*.pdf'],
    ['when a file ending in .zip shows up in the downloads folder, show my notes', 'Downloads', '*.zip'],
  ])('file: "%s"', (text, folder, glob) => {
    expect(parse(text)).toMatchObject({ kind: 'rule', trigger: { kind: 'file', folder: path.join(home, folder), glob } });
  });

  it.each([
    ["from now on, when I say 'start my day', list my reminders and my notes", 'start my day', ['list my reminders and my notes']],
    ['when I say "good night", list my reminders', 'good night', ['list my reminders']],
    ['when I say wrap up, show my notes', 'wrap up', ['show my notes']],
    ["'morning routine' means show my notes; list my reminders", 'morning routine', ['show my notes', 'list my reminders']],
    ['create a shortcut "bills" that lists my reminders', 'bills', ['lists my reminders']],
  ])('personal command: "%s"', (text, phrase, actions) => {
    expect(parse(text)).toMatchObject({ kind: 'rule', trigger: { kind: 'phrase', phrase }, actions });
  });

  it.each(['remind me to stretch at 6pm', 'add a note: buy milk', 'when is my next reminder', "when's the board meeting", 'when does the gym open', 'cancel the stretch reminder', 'what can you do', 'erase every note', 'what did I do every monday', 'when I get home, remind me to call mom'])(
    'leaves "%s" to the skills',
    (text) => {
      expect(parse(text)).toEqual({ kind: 'none' });
    },
  );

  it('says what it cannot watch for when the sentence is clearly a rule', () => {
    const p = parse('whenever I get home, remind me to call mom');
    expect(p.kind).toBe('error');
    expect(p.kind === 'error' && p.message).toMatch(/can't watch for "I get home"/);
  });

  it('checks every action with the intent engine and names the part it did not understand', () => {
    const p = parse('every day at 9 show my notes and frobnicate the quux');
    if (p.kind !== 'rule') throw new Error(p.kind);
    const checked = kernel.rules.check('…', { ...p, actions: ['show my notes', 'frobnicate the quux'] });
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.message).toMatch(/not understand "frobnicate the quux"/);
  });

  it('marks a time the action leaves open to be filled when the rule runs', () => {
    const p = parse('every day at 6pm remind me to stretch');
    if (p.kind !== 'rule') throw new Error(p.kind);
    const checked = kernel.rules.check('every day at 6pm remind me to stretch', p);
    expect(checked.ok && checked.draft.actions[0]).toMatchObject({ fillTime: 'when', steps: [{ skill: 'reminders', intent: 'reminder.add' }] });
    expect(checked.ok && checked.draft.grants.map((g) => `${g.skill}:${g.kind}`)).toEqual(['reminders:notifications']);
  });

  it('refuses to watch a folder no skill was granted', () => {
    const p = parse('when a pdf lands in /etc, show my notes');
    if (p.kind !== 'rule') throw new Error(p.kind);
    const checked = kernel.rules.check('…', p);
    expect(!checked.ok && checked.message).toMatch(/No skill may read \/etc/);
  });
});

describe('talking about rules', () => {
  it.each([
    ['what automations do I have', { op: 'list' }],
    ['list my rules', { op: 'list' }],
    ['do I have any automations?', { op: 'list' }],
    ['stop the stretch rule', { op: 'pause', target: 'stretch' }],
    ['pause rule 3', { op: 'pause', target: '3' }],
    ['turn the pdf automation back on', { op: 'resume', target: 'pdf' }],
    ['switch the stretch rule off', { op: 'pause', target: 'stretch' }],
    ['resume the pdf automation', { op: 'resume', target: 'pdf' }],
    ['delete the rule about buy', { op: 'delete', target: 'buy' }],
    ['get rid of all my automations', { op: 'delete', all: true }],
    ['run the start my day command now', { op: 'run', target: 'start my day' }],
    ['show the stretch rule', { op: 'show', target: 'stretch' }],
  ])('"%s"', (text, want) => {
    const got = parseManage(text);
    if (want === undefined) expect(got).toBeUndefined();
    else expect(got).toMatchObject(want);
  });

  it.each(['stop the timer', 'cancel the stretch reminder', 'what commands are there', 'list the skills', 'delete my notes'])('leaves "%s" to the skills', (text) => {
    expect(parseManage(text)).toBeUndefined();
  });
});
