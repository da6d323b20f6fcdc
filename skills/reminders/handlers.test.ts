// The handlers against an in-memory scheduler: what a request sets, and how the kernel's follow-ups
// ("push that back to 30 minutes", "cancel that") reach the reminder they mean.
import { describe, expect, it } from 'vitest';
import type { ScheduledTimer, SchedulerCapability, SkillContext, SkillModule, SkillResult } from '../../kernel/contracts/index.js';
import skill from './index.js';

const now = new Date(2025, 2, 10, 14, 30, 0);

function fakeScheduler(): SchedulerCapability & { timers: ScheduledTimer[] } {
  const timers: ScheduledTimer[] = [];
  return {
    timers,
    schedule: async (input) => {
      const t = { ...input, id: `t${timers.length + 1}`, skill: 'reminders', createdAt: now.toISOString() } as ScheduledTimer;
      timers.push(t);
      return t;
    },
    list: async () => [...timers],
    cancel: async (id) => {
      const i = timers.findIndex((t) => t.id === id);
      return i < 0 ? undefined : timers.splice(i, 1)[0];
    },
  };
}

const ctxFor = (text: string, scheduler: SchedulerCapability) => ({ text, now, timezone: 'UTC', scheduler }) as unknown as SkillContext;
const run = (intent: string, text: string, scheduler: SchedulerCapability, slots: Record<string, unknown> = {}) => (skill as SkillModule)[intent]!(slots, ctxFor(text, scheduler)) as Promise<SkillResult>;
const minutesAhead = (t: ScheduledTimer) => (Date.parse(t.dueAt) - now.getTime()) / 60_000;

describe('reminder and timer handlers', () => {
  it('"nudge me in 45 minutes to move the car" sets a reminder with its task, even when the engine chose a timer', async () => {
    const sched = fakeScheduler();
    const r = await run('timer.set', 'nudge me in 45 minutes to move the car', sched, { duration: 45 * 60_000 });
    expect(sched.timers).toMatchObject([{ kind: 'reminder', title: 'move the car' }]);
    expect(minutesAhead(sched.timers[0]!)).toBe(45);
    expect(r.data).toMatchObject({ id: 't1' });
  });

  it('keeps a bare timer a timer, and gives its id', async () => {
    const sched = fakeScheduler();
    const r = await run('timer.set', 'tell me in 20 minutes', sched, { duration: 20 * 60_000 });
    expect(sched.timers).toMatchObject([{ kind: 'timer', title: '20 min timer' }]);
    expect(r.data).toMatchObject({ id: 't1' });
  });

  it('takes the new length from the slot on a follow-up ("change it to 12 minutes")', async () => {
    const sched = fakeScheduler();
    await run('timer.set', 'start a timer for 8 minutes', sched, { duration: 12 * 60_000 });
    expect(minutesAhead(sched.timers[0]!)).toBe(12);
  });

  it('takes time and task from the slots when the text is a follow-up, not a reminder request', async () => {
    const sched = fakeScheduler();
    const due = new Date(now.getTime() + 30 * 60_000).toISOString();
    const r = await run('reminder.add', 'push that back to 30 minutes', sched, { task: 'call Sam', when: due });
    expect(sched.timers).toMatchObject([{ kind: 'reminder', title: 'call Sam', dueAt: due }]);
    expect(r.data).toMatchObject({ id: 't1', task: 'call Sam' });
  });

  it('declines words that ask for no reminder, even with a time in them', async () => {
    const sched = fakeScheduler();
    const r = await run('reminder.add', 'book me a flight to berlin next friday', sched, { task: 'berlin', when: new Date(now.getTime() + 86_400_000).toISOString() });
    expect(r).toMatchObject({ declined: true });
    expect(sched.timers).toEqual([]);
    const shout = await run('reminder.add', 'give me a shout in 10 minutes to check the pasta', sched, {});
    expect(shout.declined).toBeUndefined();
  });

  it('completes a reminder with the answered time exactly', async () => {
    const sched = fakeScheduler();
    const due = new Date(now.getTime() + 40 * 60_000).toISOString();
    await run('reminder.add', 'remind me to feed the cat', sched, { task: 'feed the cat', when: due });
    expect(sched.timers).toMatchObject([{ title: 'feed the cat', dueAt: due }]);
  });

  it('cancels by id, by words of the title, and all only through reminder.clear', async () => {
    const sched = fakeScheduler();
    await run('reminder.add', 'remind me to water the plants in 3 hours', sched);
    await run('reminder.add', 'remind me to call mom in 2 hours', sched);
    await run('timer.set', 'set a timer for 5 minutes', sched, { duration: 300_000 });
    expect((await run('reminder.cancel', 'cancel that', sched, { id: 't3' })).text).toBe('Cancelled the timer "5 min timer".');
    expect((await run('reminder.cancel', 'stop the plants reminder', sched, { task: 'plants' })).text).toBe('Cancelled the reminder "water the plants".');
    await run('reminder.add', 'remind me to stretch in 1 hour', sched);
    const many = await run('reminder.cancel', 'cancel the reminder', sched);
    expect(many.text).toMatch(/^2 reminders match; nothing was cancelled/);
    expect(sched.timers).toHaveLength(2);
    expect((await run('reminder.clear', 'cancel all my reminders', sched)).text).toBe('Cancelled all 2 reminders.');
    expect(sched.timers).toEqual([]);
  });
});
