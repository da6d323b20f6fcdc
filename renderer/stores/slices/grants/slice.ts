/**
 * The permissions view: every active grant (which skill may do what, where, for how long), and
 * revoking one. A revocation is confirmed in the view first; the kernel writes it to the audit log.
 */
import type { BridgeErrorShape, GrantView } from '../../../bridge/contracts';
import { asBridgeError } from '../../../bridge/errors';
import type { SliceCreator } from '../../slice-creator';
import type { UiSlice } from '../ui/slice';

export interface GrantsSlice {
  grants: GrantView[];
  grantsLoaded: boolean;
  grantsError: BridgeErrorShape | null;
  loadGrants(): Promise<void>;
  /** Revokes one grant; true when the kernel revoked it. */
  revokeGrant(id: string): Promise<boolean>;
}

export const createGrantsSlice: SliceCreator<GrantsSlice, Pick<UiSlice, 'pushToast'>> = (bridge) => (set, get) => ({
  grants: [],
  grantsLoaded: false,
  grantsError: null,
  loadGrants: async () => {
    try {
      set({ grants: await bridge['grants.list']({}), grantsLoaded: true, grantsError: null });
    } catch (error) {
      set({ grantsError: asBridgeError(error), grantsLoaded: true });
    }
  },
  revokeGrant: async (id) => {
    try {
      const { ok } = await bridge['grants.revoke']({ id });
      if (ok) get().pushToast({ kind: 'success', title: 'Permission revoked', body: 'The skill will ask again before it does that.', view: 'permissions' });
      // Reload either way: a grant that was already gone (expired, revoked elsewhere) leaves the list too.
      await get().loadGrants();
      if (!ok) set({ grantsError: { code: 'not_found', message: 'That grant was already revoked or has expired.', fix: 'Nothing to do: the list is now up to date.' } });
      return ok;
    } catch (error) {
      set({ grantsError: asBridgeError(error) });
      return false;
    }
  },
});
