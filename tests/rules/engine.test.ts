// The rule engine on a real kernel (real SQLite, the built-in skills) with an injected clock:
// schedules fire when the clock says so, missed ones are reported and run once, loops are cut,
// a revoked grant stops a rule, the rate limit holds, untrusted content waits for the user, a
// skill's proposal waits for approval, and everything is logged and audited.
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openKernel } from '../../kernel/index.js';
import type { Kernel } from '../../kernel/kernel.js';
import { skillsDir, tempDir } from '../skills/helpers.js';
import { makeRule, notifications, rulesKernel, testClock } from './helpers.js';

const open: Kernel[] = [];
const track = (k: Kernel) => (open.push(k), k);
afterEach(() => {
  for (const k of open.splice(0)) k.close();
});

const reminders = (k: Kernel) => k.scheduler.list().map((t) => t.title);

describe('schedules', () => {
  it('fires when the clock reaches the time, creating the reminder, logged, audited and recorded', async () => {
    const clock = testClock('2025-03-05T17:00:00Z');
    const k = track(rulesKernel({ clock }));
    const saved = await makeRule(k, 'every day at 6pm UTC remind me to stretch');
    expect(saved.text).toMatch(/Saved as rule 1/);
    const [rule] = k.rules.list();
    expect(rule).toMatchObject({ state: 'active', nextRunAt: '2025-03-05T18:00:00.000Z' });

    clock.set('2025-03-05T17:59:59Z');
    await k.rules.engine.tick();
    expect(reminders(k)).toEqual([]);

    clock.set('2025-03-05T18:00:00Z');
    await k.rules.engine.tick();
    expect(reminders(k)).toEqual(['stretch']);
    expect(new Date(k.scheduler.list()[0]!.dueAt).getTime() - clock().getTime()).toBeLessThanOrEqual(2000);
    expect(k.rules.store.runs(1)[0]).toMatchObject({ status: 'ok', cause: expect.stringMatching(/^schedule: every day at 18:00/) });
    expect(k.rules.get(1)).toMatchObject({ runs: 1, nextRunAt: '2025-03-06T18:00:00.000Z' });
    // the rule's request is an ordinary one in the event log (source automation) and its firing is audited
    expect(k.eventLog.results().filter((r) => r.source === 'automation').map((r) => r.intent)).toContain('reminder.add');
    expect(k.audit.list({ action: 'rule' }).map((e) => e.action)).toEqual(expect.arrayContaining(['rule.create', 'rule.fire']));

    // the same time is not fired twice
    await k.rules.engine.tick();
    expect(reminders(k)).toEqual(['stretch']);
  });

  it('records each firing as an episode in the knowledge graph, with its outcome', async () => {
    const clock = testClock('2025-03-05T17:00:00Z');
    const k = track(await openKernel({ profileDir: tempDir('agentos-rules-graph-'), builtinSkillsDir: skillsDir, communitySkillsDir: path.join(tempDir(), 'none'), clock, longRunning: true }));
    await makeRule(k, 'every day at 6pm UTC remind me to stretch');
    clock.set('2025-03-05T18:00:00Z');
    await k.rules.engine.tick();
    const episodes = await k.services.graph!.episodes({ limit: 20 });
    const fired = episodes.filter((e) => e.source === 'automation');
    expect(fired.map((e) => e.calls.map((c) => `${c.intent}:${c.outcome}`))).toContainEqual(['reminder.add:ok']);
  });

  it('keeps the local time across a DST change in the rule’s time zone', async () => {
    const clock = testClock('2025-03-29T12:00:00Z');
    const k = track(rulesKernel({ clock }));
    await makeRule(k, 'every day at 9am Europe/Berlin show my notes');
    expect(k.rules.get(1)!.nextRunAt).toBe('2025-03-30T07:00:00.000Z'); // 09:00 CEST, after the change
    clock.set('2025-03-30T07:00:00Z');
    await k.rules.engine.tick();
    expect(k.rules.store.runs(1)[0]?.status).toBe('ok');
  });

  it('reports schedules missed while no host ran and runs them once, not once for each', async () => {
    const profileDir = tempDir('agentos-rules-missed-');
    const clock = testClock('2025-03-05T17:00:00Z');
    const first = rulesKernel({ clock, profileDir });
    await makeRule(first, 'every day at 6pm UTC remind me to stretch');
    first.close();

    clock.set('2025-03-08T19:00:00Z');
    const k = track(rulesKernel({ clock, profileDir, startScheduler: true }));
    expect(k.missedRules).toHaveLength(1);
    expect(k.missedRules[0]).toMatch(/missed 4 runs while AgentOS was not running.*ran once now/);
    await k.rules.engine.settle();
    expect(k.scheduler.list({ includeDone: true }).filter((t) => t.title === 'stretch')).toHaveLength(1);
    expect(k.rules.store.runs(1).map((r) => r.status)).toEqual(['ok', 'missed']);
  });

  it('does not fire a paused rule, and does not catch up on what passed while it was paused', async () => {
    const clock = testClock('2025-03-05T17:00:00Z');
    const k = track(rulesKernel({ clock }));
    await makeRule(k, 'every day at 6pm UTC remind me to stretch');
    expect((await k.handle({ text: 'stop the stretch rule', source: 'cli' })).text).toMatch(/Paused rule 1/);
    clock.set('2025-03-06T19:00:00Z');
    await k.rules.engine.tick();
    expect(reminders(k)).toEqual([]);
    expect((await k.handle({ text: 'resume the stretch rule', source: 'cli' })).text).toMatch(/Resumed rule 1/);
    await k.rules.engine.tick();
    expect(reminders(k)).toEqual([]);
    expect(k.rules.get(1)!.nextRunAt).toBe('2025-03-07T18:00:00.000Z');
  });
});

describe('events', () => {
  it('fires on a matching step, with "it" standing for its content, before the request returns', async () => {
    const k = track(rulesKernel());
    await makeRule(k, 'when I add a note that mentions buy, remind me about it in an hour');
    const other = await k.handle({ text: 'add a note: call the bank', source: 'cli' });
    expect(other.text).not.toMatch(/Automation/);
    expect(reminders(k)).toEqual([]);
    const r = await k.handle({ text: 'add a note: buy oat milk', source: 'cli' });
    expect(r.text).toMatch(/Automation, rule 1/);
    expect(reminders(k)).toEqual(['buy oat milk']);
  });

  it('runs a personal command in the conversation; the event rules its steps set off fire once', async () => {
    const k = track(rulesKernel());
    await makeRule(k, "when I say 'jot it down', add a note: remember the milk");
    await makeRule(k, 'when I add a note that mentions milk, remind me about it in an hour');
    const r = await k.handle({ text: 'Jot it down!', source: 'cli' });
    expect(r).toMatchObject({ status: 'served', text: expect.stringMatching(/^Noted: remember the milk/) });
    expect(r.steps.map((s) => s.intent)).toEqual(['notes.add']);
    expect(reminders(k)).toEqual(['remember the milk']);
  });

  it('stops a rule whose actions set it off again, and reports it', async () => {
    const k = track(rulesKernel());
    const seen = notifications(k);
    await makeRule(k, 'when I add a note, add a note: another one');
    await k.handle({ text: 'add a note: hello there', source: 'cli' });
    expect(k.rules.get(1)).toMatchObject({ state: 'stopped', reason: expect.stringMatching(/its own actions set it off again \(rule 1 → rule 1\)/) });
    const notes = await k.handle({ text: 'list my notes', source: 'cli' });
    const card = notes.steps[0]?.result?.card;
    expect(card?.type === 'list' ? card.items.filter((i) => /another one/.test(i.title)) : []).toHaveLength(1);
    expect(seen.some((n) => /set it off again/.test(n.body ?? ''))).toBe(true);
    expect(k.audit.list({ action: 'rule.stop' })).toHaveLength(1);
  });

  it('stops a loop through another rule', async () => {
    const k = track(rulesKernel());
    await makeRule(k, 'when I add a note that mentions ping, add a note: pong');
    await makeRule(k, 'when I add a note that mentions pong, add a note: ping again');
    await k.handle({ text: 'add a note: ping', source: 'cli' });
    const states = k.rules.list().map((r) => r.state);
    expect(states).toContain('stopped');
    expect(k.rules.list().find((r) => r.state === 'stopped')!.reason).toMatch(/rule 1 → rule 2 → rule 1/);
  });

  it('holds back a rule that fires too often', async () => {
    const k = track(rulesKernel({ rules: { rateLimit: { runs: 2, windowMs: 60_000 } } }));
    await makeRule(k, 'when I add a note, show my reminders');
    for (const n of [1, 2, 3]) await k.handle({ text: `add a note: number ${n}`, source: 'cli' });
    expect(k.rules.store.runs(1).map((r) => r.status)).toEqual(['skipped', 'ok', 'ok']);
    expect(k.rules.store.runs(1)[0]!.detail).toMatch(/its limit/);
  });
});

describe('grants and approval', () => {
  it('stops a rule whose grant was revoked, with a clear message, and resumes it once granted again', async () => {
    const clock = testClock('2025-03-05T17:00:00Z');
    const k = track(rulesKernel({ clock }));
    const seen = notifications(k);
    await makeRule(k, 'every day at 6pm UTC remind me to stretch');
    const grant = k.grants.active('reminders')[0]!;
    k.grants.revoke(grant.id);
    clock.set('2025-03-05T18:00:00Z');
    await k.rules.engine.tick();
    expect(reminders(k)).toEqual([]);
    expect(k.rules.get(1)).toMatchObject({ state: 'stopped', reason: expect.stringMatching(/notifications permission of Reminders and timers it was confirmed with was revoked/) });
    expect(seen.at(-1)!.body).toMatch(/Grant it again, then say "resume rule 1"/);

    k.grants.grant('reminders', grant.permission);
    expect(k.rules.resume(1).message).toMatch(/Resumed rule 1/);
    clock.set('2025-03-06T18:00:00Z');
    await k.rules.engine.tick();
    expect(reminders(k)).toEqual(['stretch']);
  });

  it('does not run with more than it was confirmed with', async () => {
    const clock = testClock('2025-03-05T17:00:00Z');
    const k = track(rulesKernel({ clock }));
    await makeRule(k, 'every day at 6pm UTC show my notes');
    k.grants.grant('notes', { kind: 'notifications', scope: [] });
    clock.set('2025-03-05T18:00:00Z');
    await k.rules.engine.tick();
    expect(k.rules.get(1)).toMatchObject({ state: 'stopped', reason: expect.stringMatching(/more than when you confirmed/) });
  });

  it('keeps a rule a skill proposed from running until the user approves it', async () => {
    const k = track(rulesKernel());
    const parsed = k.rules.parse('every day at 9 UTC show my notes');
    if (parsed.kind !== 'rule') throw new Error(parsed.kind);
    const checked = k.rules.check('every day at 9 UTC show my notes', parsed, { kind: 'skill', skill: 'notes' });
    if (!checked.ok) throw new Error(checked.message);
    const rule = k.rules.create(checked.draft);
    expect(rule.state).toBe('awaiting_approval');
    expect((await k.rules.run(rule.id))[0]!.run.status).toBe('skipped');
    expect(k.rules.resume(rule.id).message).toMatch(/Approved rule/);
    expect((await k.rules.run(rule.id))[0]!.run.status).toBe('ok');
    expect(k.audit.list({ action: 'rule.approve' })).toHaveLength(1);
  });
});
