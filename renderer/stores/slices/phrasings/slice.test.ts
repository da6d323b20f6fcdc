import { describe, expect, it } from 'vitest';
import type { LearnedPhrasingView } from '../../../bridge/contracts';
import { scriptedBridge } from '../../test-bridge';
import { phrasingOrigin } from './selectors';

const phrasing = (id: string, phrase: string, extra: Partial<LearnedPhrasingView> = {}): LearnedPhrasingView => ({
  id,
  phrase,
  skill: 'reminders',
  intent: 'reminder.set',
  example: 'remind me to move the car in 45 minutes',
  how: 'rephrase',
  createdAt: '2025-01-01T00:00:00.000Z',
  uses: 0,
  skillName: 'Reminders',
  meaning: 'Set a reminder',
  ...extra,
});

describe('phrasings slice', () => {
  it('loads the learned phrasings, forgets one, reloads and says so', async () => {
    let list = [phrasing('p1', 'nudge me in # minutes to move the car'), phrasing('p2', 'ping me later')];
    const { store, calls } = scriptedBridge({
      'phrasings.list': () => list,
      'phrasings.remove': (input) => {
        const { id } = input as { id: string };
        const had = list.some((p) => p.id === id);
        list = list.filter((p) => p.id !== id);
        return { ok: had };
      },
    });
    await store.getState().loadPhrasings();
    expect(store.getState().phrasings.map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(await store.getState().forgetPhrasing('p1')).toBe(true);
    expect(calls).toContainEqual(['phrasings.remove', { id: 'p1' }]);
    expect(store.getState().phrasings.map((p) => p.id)).toEqual(['p2']);
    expect(store.getState().toasts.at(-1)?.body).toMatch(/nudge me in # minutes to move the car/);
    expect(await store.getState().forgetPhrasing('p1')).toBe(false);
    expect(store.getState().phrasingsError?.message).toMatch(/already forgotten/);
  });

  it('keeps a bridge failure to show, with its fix', async () => {
    const { store } = scriptedBridge({ 'phrasings.list': () => Promise.reject({ code: 'unavailable', message: 'Lost the kernel', fix: 'restart' }) });
    await store.getState().loadPhrasings();
    expect(store.getState()).toMatchObject({ phrasingsLoaded: true, phrasingsError: { message: 'Lost the kernel', fix: 'restart' } });
  });

  it('says how each phrasing was learned and how often it served', () => {
    expect(phrasingOrigin({ how: 'rephrase', example: 'set a timer for 5 minutes', uses: 0 })).toBe('Learned when you rephrased it as “set a timer for 5 minutes” · not used since');
    expect(phrasingOrigin({ how: 'suggestion', example: 'what can you do', uses: 1 })).toMatch(/picked the suggestion .* used once since$/);
    expect(phrasingOrigin({ how: 'correction', example: 'open notes', uses: 4 })).toMatch(/corrected it to .* used 4 times since$/);
  });
});
