// The rules bridge over a real kernel (real SQLite, the built-in skills, an injected clock): list with
// last and next run, history, dry run, run now, pause, resume, delete, and errors for a missing rule.
import { afterEach, describe, expect, it } from 'vitest';
import type { RuleChangeView, RuleDryRun, RuleListItem, RuleRun } from '../../kernel/contracts/index.js';
import type { Kernel } from '../../kernel/kernel.js';
import { makeRule, rulesKernel, testClock } from '../../tests/rules/helpers.js';
import { dispatch } from './index.js';

const open: Kernel[] = [];
afterEach(() => {
  for (const k of open.splice(0)) k.close();
});

async function call<T>(kernel: Kernel, method: string, input: unknown): Promise<T> {
  const r = await dispatch({ kernel }, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

describe('rules bridge', () => {
  it('lists a rule with its trigger, actions, state and next run; dry-runs, runs, pauses, resumes and deletes it', async () => {
    const k = rulesKernel({ clock: testClock('2025-03-05T17:00:00Z') });
    open.push(k);
    expect(await call(k, 'rules.list', {})).toEqual([]);
    await makeRule(k, 'every day at 6pm UTC remind me to stretch');

    const [rule] = await call<RuleListItem[]>(k, 'rules.list', {});
    expect(rule).toMatchObject({ id: 1, state: 'active', trigger: { kind: 'schedule', description: expect.stringMatching(/every day at 18:00/) }, actions: [{ text: 'remind me to stretch' }], nextRunAt: '2025-03-05T18:00:00.000Z', lastRun: null, runs: 0 });
    expect(rule!.summary).toMatch(/^Rule 1 \(on\): every day at 18:00 → remind me to stretch/);

    const plan = await call<RuleDryRun>(k, 'rules.dryRun', { id: 1 });
    expect(plan).toMatchObject({ wouldRun: true, actions: [{ text: 'remind me to stretch', fillsTime: true }] });
    expect(k.scheduler.list()).toEqual([]);

    const ran = await call<{ ok: boolean; runs: RuleRun[]; answers: string[]; rule: RuleListItem }>(k, 'rules.run', { id: 1 });
    expect(ran).toMatchObject({ ok: true, runs: [{ status: 'ok', cause: 'run by you' }], rule: { runs: 1, lastRun: { status: 'ok' } } });
    expect(ran.answers.join(' ')).toMatch(/stretch/);
    expect(k.scheduler.list().map((t) => t.title)).toEqual(['stretch']);
    expect(await call<RuleRun[]>(k, 'rules.history', { id: 1 })).toMatchObject([{ status: 'ok', ruleId: 1 }]);

    const paused = await call<RuleChangeView>(k, 'rules.pause', { id: 1 });
    expect(paused).toMatchObject({ ok: true, rule: { state: 'paused' }, message: expect.stringMatching(/^Paused rule 1/) });
    expect(paused.rule.nextRunAt).toBeUndefined();
    expect(await call<RuleChangeView>(k, 'rules.resume', { id: 1 })).toMatchObject({ ok: true, rule: { state: 'active', nextRunAt: expect.any(String) } });
    expect(await call<RuleChangeView>(k, 'rules.delete', { id: 1 })).toMatchObject({ ok: true, message: expect.stringMatching(/^Deleted rule 1/) });
    expect(await call(k, 'rules.list', {})).toEqual([]);
    expect(k.audit.list({ action: 'rule' }).map((e) => e.action)).toEqual(expect.arrayContaining(['rule.pause', 'rule.resume', 'rule.delete', 'rule.fire']));
  });

  it('answers not_found for a rule that is not there and bad_input for a bad id', async () => {
    const k = rulesKernel();
    open.push(k);
    for (const method of ['rules.history', 'rules.pause', 'rules.resume', 'rules.delete', 'rules.run', 'rules.dryRun']) {
      const r = await dispatch({ kernel: k }, method, { id: 7 });
      expect(r, method).toMatchObject({ ok: false, error: { code: 'not_found', message: 'There is no rule 7.' } });
    }
    expect(await dispatch({ kernel: k }, 'rules.pause', { id: 0 })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(await dispatch({ kernel: k }, 'rules.run', { id: '1' })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
  });
});
