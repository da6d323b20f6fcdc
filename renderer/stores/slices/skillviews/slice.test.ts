import { describe, expect, it } from 'vitest';
import type { BridgeInput, ContributionResult, SkillView } from '../../../bridge/contracts';
import { scriptedBridge } from '../../test-bridge';
import { applyKernelEvent } from '../../events';
import { parseSkillViewRoute, skillViewRoute } from '../ui/slice';
import { contributedViews, selectSkillViewLive, selectSkillViewState, shownItem } from './selectors';

type Item = SkillView['items'][number];
const item = (id: string, tone: 'info' | 'ok' | 'bad' | 'neutral', progress?: number): Item => ({
  id,
  title: `job ${id}`,
  status: { label: tone === 'info' ? 'running' : 'done', tone },
  ...(progress === undefined ? {} : { progress }),
  detail: [{ type: 'kv', title: `about ${id}`, entries: [{ key: 'id', value: id }] }],
});
const answer = (...items: Item[]): ContributionResult => ({ text: `${items.length} jobs`, exitCode: 0, view: { title: 'Jobs', empty: 'No jobs yet.', items } });
type ViewCall = BridgeInput<'skills.contribution'>;

const skill = (id: string, enabled: boolean, views: { id: string; title: string; icon: string }[]) => ({
  id,
  name: id.toUpperCase(),
  description: '',
  enabled,
  builtin: true,
  version: '1.0.0',
  publisher: 'AgentOS',
  permissions: [],
  intents: [],
  contributes: { commands: [], views: views.map((v) => ({ ...v, handler: `${v.id}.view` })) },
});

describe('skill views slice', () => {
  it('asks the skill for its view with the selected item, and shows the selected, else a running, else the first item', async () => {
    const { store, calls } = scriptedBridge({ 'skills.contribution': () => answer(item('a', 'ok', 1), item('b', 'info', 0.4)) });
    await store.getState().loadSkillView('jobs', 'list');
    expect(calls).toEqual([['skills.contribution', { skill: 'jobs', kind: 'view', name: 'list', args: [] }]]);
    const state = () => selectSkillViewState('jobs', 'list')(store.getState());
    expect(state()).toMatchObject({ loading: false, error: null, selected: null });
    expect(shownItem(state().view, state().selected)?.id).toBe('b');
    await store.getState().selectSkillViewItem('jobs', 'list', 'a');
    expect(calls[1]![1]).toMatchObject({ args: ['a'] });
    expect(shownItem(state().view, state().selected)?.id).toBe('a');
    await store.getState().selectSkillViewItem('jobs', 'list', 'gone');
    expect(state().selected).toBeNull();
    expect(calls[2]![1]).toMatchObject({ args: [] });
  });

  it('forgets a selection whose item the skill no longer lists', async () => {
    let items = [item('a', 'ok', 1), item('b', 'ok', 1)];
    const { store } = scriptedBridge({ 'skills.contribution': () => answer(...items) });
    await store.getState().loadSkillView('jobs', 'list');
    await store.getState().selectSkillViewItem('jobs', 'list', 'b');
    items = [item('a', 'ok', 1)];
    await store.getState().loadSkillView('jobs', 'list');
    expect(selectSkillViewState('jobs', 'list')(store.getState()).selected).toBeNull();
  });

  it('coalesces refreshes of the open view: a burst of progress makes at most one more call; other skills and closed views make none', async () => {
    let release: () => void = () => undefined;
    let n = 0;
    const { store, calls } = scriptedBridge({
      'skills.contribution': () => (++n === 1 ? new Promise((r) => (release = () => r(answer(item('a', 'info', 0.1))))) : answer(item('a', 'info', 0.2))),
    });
    const views = () => calls.filter(([m]) => m === 'skills.contribution');
    applyKernelEvent(store, { type: 'progress', requestId: 'r', skill: 'jobs', fraction: 0.1 });
    expect(views()).toHaveLength(0);
    store.getState().setView(skillViewRoute('jobs', 'list'));
    const first = store.getState().loadSkillView('jobs', 'list');
    expect(selectSkillViewState('jobs', 'list')(store.getState()).loading).toBe(true);
    for (let i = 0; i < 5; i++) applyKernelEvent(store, { type: 'progress', requestId: 'r', skill: 'jobs', fraction: i / 5 });
    applyKernelEvent(store, { type: 'progress', requestId: 'r', skill: 'files', fraction: 0.5 });
    release();
    await first;
    expect(views()).toHaveLength(2);
    expect(selectSkillViewState('jobs', 'list')(store.getState())).toMatchObject({ loading: false, view: { items: [{ progress: 0.2 }] } });
  });

  it('refreshes the open view when a request with a step of its skill completes', async () => {
    const { store, calls } = scriptedBridge({ 'skills.contribution': () => answer() });
    store.getState().setView(skillViewRoute('jobs', 'list'));
    const completed = (skillId: string) =>
      applyKernelEvent(store, {
        type: 'request.completed',
        text: 'x',
        at: '',
        response: { requestId: 'r', sessionId: 's', status: 'served', text: '', steps: [{ stepId: '1', skill: skillId, intent: 'x', status: 'ok' }], suggestions: [], durationMs: 1, kernelMs: 1 },
      } as never);
    completed('notes');
    expect(calls).toHaveLength(0);
    completed('jobs');
    expect((calls[0]![1] as ViewCall).skill).toBe('jobs');
  });

  it('keeps the last view when a reload fails, with the error to show and retry', async () => {
    let fail = false;
    const { store } = scriptedBridge({ 'skills.contribution': () => (fail ? Promise.reject({ code: 'not_found', message: 'the skill "jobs" is disabled', fix: 'Refresh' }) : answer(item('a', 'ok', 1))) });
    await store.getState().loadSkillView('jobs', 'list');
    fail = true;
    await store.getState().loadSkillView('jobs', 'list');
    const state = selectSkillViewState('jobs', 'list')(store.getState());
    expect(state.error).toMatchObject({ code: 'not_found', fix: 'Refresh' });
    expect(state.view?.items).toHaveLength(1);
    fail = false;
    await store.getState().loadSkillView('jobs', 'list');
    expect(selectSkillViewState('jobs', 'list')(store.getState()).error).toBeNull();
  });

  it('is live while a chat request to the skill is pending or a job runs, and not once it is done', async () => {
    let items = [item('a', 'info', 0.5)];
    let reply: (v: unknown) => void = () => undefined;
    const { store } = scriptedBridge({ 'skills.contribution': () => answer(...items), 'kernel.handle': () => new Promise((r) => (reply = r)) });
    const live = () => selectSkillViewLive('jobs', 'list')(store.getState());
    expect(live()).toBe(false);
    await store.getState().loadSkillView('jobs', 'list');
    expect(live()).toBe(true);
    items = [item('a', 'ok', 1), item('b', 'bad', 0.3)];
    await store.getState().loadSkillView('jobs', 'list');
    expect(live()).toBe(false);
    const sent = store.getState().send('run a job');
    store.getState().applyProgress(store.getState().entries[1]!.id, 0.1, 'starting', 'jobs');
    expect(live()).toBe(true);
    reply({ requestId: 'r', sessionId: 's', status: 'served', text: 'ok', steps: [], suggestions: [], durationMs: 1, kernelMs: 1 });
    await sent;
    expect(live()).toBe(false);
  });

  it('offers the views of enabled skills only, each with a route back to its skill and view', () => {
    const skills = [skill('jobs', true, [{ id: 'list', title: 'Jobs', icon: 'gauge' }, { id: 'log', title: 'Job log', icon: 'no-such-icon' }]), skill('off', false, [{ id: 'x', title: 'X', icon: 'skills' }])];
    const views = contributedViews(skills);
    expect(views.map((v) => [v.route, v.title, v.icon])).toEqual([
      ['skill:jobs/list', 'Jobs', 'gauge'],
      ['skill:jobs/log', 'Job log', 'no-such-icon'],
    ]);
    expect(parseSkillViewRoute(views[1]!.route)).toEqual({ skill: 'jobs', view: 'log' });
    expect(parseSkillViewRoute('settings')).toBeUndefined();
  });
});
