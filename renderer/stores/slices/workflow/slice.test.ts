import { describe, expect, it } from 'vitest';
import type { Response } from '../../../bridge/contracts';
import { scriptedBridge } from '../../test-bridge';
import { phraseSuggestion } from './selectors';

const served = (text: string): Response =>
  ({ requestId: 'r', status: 'served', text, steps: [], suggestions: [], durationMs: 1 }) as unknown as Response;

const suggestion = { request: 'what is 2 plus 2', reason: 'after "what can you do" you usually "what is 2 plus 2" (3 of 3 times)', support: 3 };

describe('workflow slice', () => {
  it('asks for a suggestion after each served request and clears it when the next request starts', async () => {
    const { store, calls } = scriptedBridge({ 'kernel.handle': () => served('ok'), 'patterns.suggest': () => [suggestion] });
    await store.getState().send('what can you do');
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toContainEqual(['patterns.suggest', { limit: 1 }]);
    expect(store.getState().workflowSuggestion).toEqual(suggestion);
    const pending = store.getState().send('something else');
    expect(store.getState().workflowSuggestion).toBeNull();
    await pending;
  });

  it('accepting sends the suggested request; dismissing hides it for the session', async () => {
    const { store, calls } = scriptedBridge({ 'kernel.handle': () => served('4'), 'patterns.suggest': () => [suggestion] });
    await store.getState().loadWorkflowSuggestion();
    await store.getState().acceptWorkflowSuggestion();
    expect(calls.filter(([m]) => m === 'kernel.handle').map(([, i]) => (i as { text: string }).text)).toEqual(['what is 2 plus 2']);
    await store.getState().loadWorkflowSuggestion();
    store.getState().dismissWorkflowSuggestion();
    expect(store.getState().workflowSuggestion).toBeNull();
    await store.getState().loadWorkflowSuggestion();
    expect(store.getState().workflowSuggestion).toBeNull();
  });

  it('"always do this" sends the rule sentence (the kernel then asks before saving it)', async () => {
    const always = 'whenever I add a note buy milk, list my notes';
    const { store, calls } = scriptedBridge({ 'kernel.handle': () => served('Save this automation?'), 'patterns.suggest': () => [{ ...suggestion, always }] });
    await store.getState().loadWorkflowSuggestion();
    await store.getState().alwaysWorkflowSuggestion();
    expect(calls.filter(([m]) => m === 'kernel.handle').map(([, i]) => (i as { text: string }).text)).toEqual([always]);
  });

  it('stays quiet when the miner is unavailable, and phrases the reason', async () => {
    const { store } = scriptedBridge({});
    await store.getState().loadWorkflowSuggestion();
    expect(store.getState().workflowSuggestion).toBeNull();
    expect(phraseSuggestion(suggestion)).toEqual({ after: 'what can you do', next: 'what is 2 plus 2', count: '3 of 3 times' });
    expect(phraseSuggestion({ ...suggestion, reason: 'something' })).toEqual({ after: null, next: 'what is 2 plus 2', count: null });
  });
});
