// The dry run on a real kernel: what a rule would do now, read again by the intent engine, without running it.
import { afterEach, describe, expect, it } from 'vitest';
import type { Kernel } from '../../kernel/kernel.js';
import { dryRun } from '../../kernel/rules/index.js';
import { makeRule, rulesKernel, testClock } from './helpers.js';

const open: Kernel[] = [];
afterEach(() => {
  for (const k of open.splice(0)) k.close();
});

describe('dry run', () => {
  it('shows the steps a schedule rule would take, runs nothing, and says when it would not run', async () => {
    const k = rulesKernel({ clock: testClock('2025-03-05T17:00:00Z') });
    open.push(k);
    await makeRule(k, 'every day at 6pm UTC remind me to stretch');
    const plan = dryRun(k.rules, 1)!;
    expect(plan).toMatchObject({ ruleId: 1, wouldRun: true, problems: [] });
    expect(plan.actions).toEqual([{ text: 'remind me to stretch', steps: [expect.objectContaining({ skill: 'reminders', intent: 'reminder.add' })], fillsTime: true }]);
    expect(plan.summary).toMatch(/remind me to stretch.*Nothing was run\./);
    // nothing ran: no reminder, no run recorded
    expect(k.scheduler.list()).toEqual([]);
    expect(k.rules.store.runs(1)).toEqual([]);

    k.rules.pause(1);
    expect(dryRun(k.rules, 1)).toMatchObject({ wouldRun: true, notes: [expect.stringMatching(/paused/)] });

    // a revoked grant: it would stop, and the dry run says which permission and what to do
    const grant = k.rules.get(1)!.grants[0]!;
    expect(grant).toMatchObject({ skill: 'reminders', kind: 'notifications' });
    k.grants.revoke(grant.id);
    const held = dryRun(k.rules, 1)!;
    expect(held.wouldRun).toBe(false);
    expect(held.problems[0]).toMatch(/notifications of reminders .*revoked.*Grant it again/);
    expect(k.rules.store.runs(1)).toEqual([]);
    expect(dryRun(k.rules, 99)).toBeUndefined();
  });
});
