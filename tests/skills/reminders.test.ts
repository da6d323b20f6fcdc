import { afterEach, describe, expect, it } from 'vitest';
import type { Kernel } from '../../kernel/kernel.js';
import type { KernelEvent } from '../../kernel/contracts/index.js';
import { main } from '../../hosts/cli/main.js';
import { ask, openTestKernel, tempDir } from './helpers.js';

let kernel: Kernel | undefined;
afterEach(() => kernel?.close());

const firedWithin = (k: Kernel, ms: number) =>
  new Promise<KernelEvent>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no timer.fired within ${ms} ms`)), ms);
    const off = k.onEvent((e) => {
      if (e.type === 'timer.fired') {
        clearTimeout(t);
        off();
        resolve(e);
      }
    });
  });

describe('reminders and timers through the kernel', () => {
  it('sets a reminder from "in 10 minutes", lists it and cancels it by its topic', async () => {
    kernel = openTestKernel();
    const r = await ask(kernel, 'remind me to stretch in 10 minutes');
    expect(r.intent).toBe('reminder.add');
    expect(r.text).toMatch(/^OK, I'll remind you to stretch (tomorrow )?at \d\d:\d\d \(in 10 min\)\.$/);
    const due = new Date((r.steps[0]!.result!.data as { timer: { dueAt: string } }).timer.dueAt).getTime();
    expect(Math.abs(due - (Date.now() + 600_000))).toBeLessThan(5_000);
    await ask(kernel, 'remind me tomorrow at 9 to water the plants');
    const list = await ask(kernel, 'list my reminders');
    expect(list.intent).toBe('reminder.list');
    expect(list.text).toBe('You have 2 reminders.');
    const card = list.steps[0]!.result!.card!;
    expect(card.type === 'list' && card.items.find((i) => i.title === 'water the plants')?.subtitle).toMatch(/^tomorrow at 09:00/);
    const cancel = await ask(kernel, 'cancel the stretch reminder');
    expect(cancel.intent).toBe('reminder.cancel');
    expect(cancel.text).toBe('Cancelled the reminder "stretch".');
    expect((await ask(kernel, 'list my reminders')).text).not.toContain('stretch');
  });

  it('sets a timer, and "cancel my timer" cancels the only one', async () => {
    kernel = openTestKernel();
    const t = await ask(kernel, 'set a timer for 3 minutes');
    expect(t.intent).toBe('timer.set');
    expect(t.text).toMatch(/^Timer set for 3 min; it ends (tomorrow )?at \d\d:\d\d/);
    expect((await ask(kernel, 'cancel my timer')).text).toBe('Cancelled the timer "3 min timer".');
    expect((await ask(kernel, 'show my timers')).text).toBe('You have no timers set.');
  });

  it('asks when, when no time is given, and finishes the reminder with the answer', async () => {
    kernel = openTestKernel();
    const r = await ask(kernel, 'remind me to stretch');
    expect(r.status).toBe('ask_slot');
    expect(r.text).toBe('When should I remind you?');
    const done = await kernel.handle({ text: 'in 20 minutes', replyTo: r.clarification!.id });
    expect(done.status).toBe('served');
    expect(done.text).toMatch(/^OK, I'll remind you to stretch (tomorrow )?at \d\d:\d\d \(in 20 min\)\.$/);
  });

  it('fires a reminder due in a second while the scheduler runs', async () => {
    kernel = openTestKernel({ startScheduler: true });
    const fired = firedWithin(kernel, 6_000);
    const r = await ask(kernel, 'remind me to stand up in 1 second');
    expect(r.status).toBe('served');
    const event = await fired;
    expect(event).toMatchObject({ type: 'timer.fired', missed: false, timer: { kind: 'reminder', title: 'stand up' } });
    expect((await ask(kernel, 'list my reminders')).text).toBe('You have no reminders set.');
  });

  it('reports a reminder that came due while nothing ran as missed on the next start', async () => {
    const profileDir = tempDir();
    const first = openTestKernel({ profileDir });
    first.scheduler.schedule('reminders', { kind: 'reminder', title: 'call the bank', dueAt: new Date(Date.now() - 60_000).toISOString() });
    first.close();
    kernel = openTestKernel({ profileDir, startScheduler: true });
    expect(kernel.missedTimers.map((t) => t.title)).toEqual(['call the bank']);
  });
});

describe('agentos watch', () => {
  it('reports missed reminders at start and prints a reminder when it fires', async () => {
    const home = tempDir();
    const previous = process.env.AGENTOS_HOME;
    process.env.AGENTOS_HOME = home;
    try {
      const setup = openTestKernel({ profileDir: home });
      setup.scheduler.schedule('reminders', { kind: 'reminder', title: 'old thing', dueAt: new Date(Date.now() - 3_600_000).toISOString() });
      setup.scheduler.schedule('reminders', { kind: 'timer', title: 'tea', dueAt: new Date(Date.now() + 1_200).toISOString() });
      setup.close();
      const lines: string[] = [];
      const io = { out: (t: string) => lines.push(t), err: (t: string) => lines.push(`ERR ${t}`) };
      const code = await main(['watch', '--json', '--no-desktop', '--for', '3'], io);
      expect(code).toBe(0);
      const events = lines.map((l) => JSON.parse(l) as { missed: boolean; timer: { title: string } });
      expect(events).toEqual([
        expect.objectContaining({ missed: true, timer: expect.objectContaining({ title: 'old thing' }) }),
        expect.objectContaining({ missed: false, timer: expect.objectContaining({ title: 'tea' }) }),
      ]);
    } finally {
      if (previous === undefined) delete process.env.AGENTOS_HOME;
      else process.env.AGENTOS_HOME = previous;
    }
  });

  it('rejects an unknown flag with the usage', async () => {
    const lines: string[] = [];
    const code = await main(['watch', '--bogus'], { out: (t) => lines.push(t), err: (t) => lines.push(t) });
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/Usage: agentos watch/);
  });
});
