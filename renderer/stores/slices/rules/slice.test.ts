import { describe, expect, it } from 'vitest';
import type { RuleListItem, RuleRun } from '../../../bridge/contracts';
import { scriptedBridge } from '../../test-bridge';
import { lastRunText, nextRunText } from './selectors';

const rule = (id: number, extra: Partial<RuleListItem> = {}): RuleListItem => ({
  id,
  source: 'every day at 6pm remind me to stretch',
  name: 'remind me to stretch',
  trigger: { kind: 'schedule', cron: '0 0 18 * * *', timezone: 'UTC', description: 'every day at 18:00' },
  actions: [{ text: 'remind me to stretch', steps: [{ skill: 'reminders', intent: 'reminder.add', description: 'Reminders: add' }], fillTime: 'when' }],
  grants: [],
  origin: { kind: 'user' },
  state: 'active',
  createdAt: '2025-03-05T17:00:00.000Z',
  nextRunAt: '2025-03-05T18:00:00.000Z',
  runs: 0,
  summary: `Rule ${id} (on): every day at 18:00 → remind me to stretch`,
  lastRun: null,
  ...extra,
});
const run = (ruleId: number, id: number): RuleRun => ({ id, ruleId, at: '2025-03-05T18:00:00.000Z', cause: 'run by you', status: 'ok', detail: 'I will remind you to stretch.', requestIds: ['r1'] });

describe('rules slice', () => {
  it('runs a rule now, says what it did, and reloads the list and its open history', async () => {
    let rules = [rule(1)];
    let runs: RuleRun[] = [];
    const { store, calls } = scriptedBridge({
      'rules.list': () => rules,
      'rules.history': () => runs,
      'rules.run': () => {
        runs = [run(1, 1)];
        rules = [rule(1, { runs: 1, lastRun: runs[0]!, lastRunAt: runs[0]!.at })];
        return { ok: true, runs, answers: ['I will remind you to stretch.'], rule: rules[0] };
      },
    });
    await store.getState().loadRules();
    await store.getState().loadRuleHistory(1);
    expect(store.getState().ruleHistory[1]).toEqual([]);
    expect(await store.getState().ruleAction(1, 'run')).toBe(true);
    expect(calls).toContainEqual(['rules.run', { id: 1 }]);
    // the kernel announces a firing itself (a notification): no second toast
    expect(store.getState().toasts).toEqual([]);
    expect(store.getState().rules[0]!.lastRun?.status).toBe('ok');
    expect(store.getState().ruleHistory[1]).toHaveLength(1);
    expect(store.getState().ruleBusy).toBeNull();
  });

  it('pauses, keeps a dry run until the rule changes, and drops a deleted rule and its history', async () => {
    let rules = [rule(1), rule(2)];
    const { store } = scriptedBridge({
      'rules.list': () => rules,
      'rules.history': () => [],
      'rules.dryRun': (input) => ({ ruleId: (input as { id: number }).id, wouldRun: true, summary: 'Run now, rule 1 would do "remind me to stretch". Nothing was run.', actions: [], problems: [], notes: [] }),
      'rules.pause': () => {
        rules = [rule(1, { state: 'paused', nextRunAt: undefined }), rule(2)];
        return { ok: true, message: 'Paused rule 1.', rule: rules[0] };
      },
      'rules.delete': () => {
        const gone = rules[1]!;
        rules = [rules[0]!];
        return { ok: true, message: 'Deleted rule 2.', rule: gone };
      },
    });
    await store.getState().loadRules();
    expect((await store.getState().dryRunRule(1))?.wouldRun).toBe(true);
    expect(store.getState().ruleDryRuns[1]).toBeDefined();
    expect(await store.getState().ruleAction(1, 'pause')).toBe(true);
    expect(store.getState().ruleDryRuns[1]).toBeUndefined();
    expect(nextRunText(store.getState().rules[0]!)).toBe('none while paused');
    await store.getState().loadRuleHistory(2);
    expect(await store.getState().ruleAction(2, 'delete')).toBe(true);
    expect(store.getState().rules.map((r) => r.id)).toEqual([1]);
    expect(store.getState().ruleHistory[2]).toBeUndefined();
  });

  it('shows the kernel’s error and a failed resume as a warning', async () => {
    const { store } = scriptedBridge({
      'rules.list': () => [rule(1, { state: 'stopped', reason: 'a permission was revoked' })],
      'rules.resume': () => ({ ok: false, message: 'Rule 1 cannot be turned back on: grant it first.', rule: rule(1, { state: 'stopped' }) }),
      'rules.dryRun': () => {
        throw { code: 'not_found', message: 'There is no rule 9.' };
      },
    });
    await store.getState().loadRules();
    expect(await store.getState().ruleAction(1, 'resume')).toBe(false);
    expect(store.getState().toasts.at(-1)).toMatchObject({ kind: 'warning', body: expect.stringMatching(/cannot be turned back on/) });
    expect(await store.getState().dryRunRule(9)).toBeUndefined();
    expect(store.getState().rulesError?.message).toBe('There is no rule 9.');
    expect(lastRunText(store.getState().rules[0]!)).toBe('not yet');
  });

  it('says so when running a rule was skipped (the kernel sends no notification then)', async () => {
    const skipped: RuleRun = { ...run(1, 1), status: 'skipped', detail: 'Rule 1 is stopped, so it did not run.', requestIds: [] };
    const { store } = scriptedBridge({ 'rules.list': () => [rule(1, { state: 'stopped' })], 'rules.run': () => ({ ok: false, runs: [skipped], answers: [], rule: rule(1, { state: 'stopped' }) }) });
    expect(await store.getState().ruleAction(1, 'run')).toBe(false);
    expect(store.getState().toasts.at(-1)).toMatchObject({ kind: 'warning', title: 'The rule did not run', body: 'Rule 1 is stopped, so it did not run.' });
  });
});
