import { describe, expect, it } from 'vitest';
import type { GrantView } from '../../../bridge/contracts';
import { scriptedBridge } from '../../test-bridge';
import { describeDuration, grantsBySkill } from './selectors';

const grant = (id: string, skill: string, kind: GrantView['permission']['kind'], extra: Partial<GrantView> = {}): GrantView => ({
  id,
  skill,
  permission: { kind, scope: [] },
  duration: 'always',
  grantedAt: '2025-01-01T00:00:00.000Z',
  ...extra,
});

describe('grants slice', () => {
  it('revokes a grant, reloads the list and says so', async () => {
    let grants = [grant('g1', 'files', 'fs.read'), grant('g2', 'files', 'exec')];
    const { store, calls } = scriptedBridge({
      'grants.list': () => grants,
      'grants.revoke': (input) => {
        const { id } = input as { id: string };
        const had = grants.some((g) => g.id === id);
        grants = grants.filter((g) => g.id !== id);
        return { ok: had };
      },
    });
    await store.getState().loadGrants();
    expect(await store.getState().revokeGrant('g1')).toBe(true);
    expect(calls).toContainEqual(['grants.revoke', { id: 'g1' }]);
    expect(store.getState().grants.map((g) => g.id)).toEqual(['g2']);
    expect(store.getState().toasts.at(-1)?.title).toBe('Permission revoked');
    expect(await store.getState().revokeGrant('g1')).toBe(false);
    expect(store.getState().grantsError?.message).toMatch(/already revoked/);
  });

  it('groups by skill and sorts each group by kind', () => {
    const groups = grantsBySkill([grant('a', 'system', 'fs.read'), grant('b', 'apps', 'exec'), grant('c', 'system', 'exec')]);
    expect(groups.map((g) => g.skill)).toEqual(['apps', 'system']);
    expect(groups[1]!.grants.map((g) => g.permission.kind)).toEqual(['exec', 'fs.read']);
  });

  it('describes durations and expiry', () => {
    const now = Date.parse('2025-01-01T12:00:00Z');
    expect(describeDuration({ duration: 'always' }, now)).toBe('Always');
    expect(describeDuration({ duration: 'session' }, now)).toBe('This session');
    expect(describeDuration({ duration: 'until', expiresAt: '2025-01-01T14:00:00Z' }, now)).toMatch(/^Until .*\(2 h left\)$/);
    expect(describeDuration({ duration: 'until', expiresAt: '2025-01-01T11:00:00Z' }, now)).toMatch(/^Expired /);
  });
});
