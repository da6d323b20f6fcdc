/**
 * Learned phrasings (settings): the phrasings this user taught the kernel by rephrasing a missed
 * request, picking a suggestion or correcting a result, each with what it now means; forgetting
 * one. The kernel learns them on its own; this slice only shows and removes them.
 */
import type { BridgeErrorShape, LearnedPhrasingView } from '../../../bridge/contracts';
import { asBridgeError } from '../../../bridge/errors';
import type { SliceCreator } from '../../slice-creator';
import type { UiSlice } from '../ui/slice';

export interface PhrasingsSlice {
  phrasings: LearnedPhrasingView[];
  phrasingsLoaded: boolean;
  phrasingsError: BridgeErrorShape | null;
  loadPhrasings(): Promise<void>;
  /** Forgets one phrasing; true when the kernel had it. */
  forgetPhrasing(id: string): Promise<boolean>;
}

export const createPhrasingsSlice: SliceCreator<PhrasingsSlice, Pick<UiSlice, 'pushToast'>> = (bridge) => (set, get) => ({
  phrasings: [],
  phrasingsLoaded: false,
  phrasingsError: null,
  loadPhrasings: async () => {
    try {
      set({ phrasings: await bridge['phrasings.list']({}), phrasingsLoaded: true, phrasingsError: null });
    } catch (error) {
      set({ phrasingsError: asBridgeError(error), phrasingsLoaded: true });
    }
  },
  forgetPhrasing: async (id) => {
    const phrase = get().phrasings.find((p) => p.id === id)?.phrase;
    try {
      const { ok } = await bridge['phrasings.remove']({ id });
      if (ok) get().pushToast({ kind: 'success', title: 'Phrasing forgotten', body: phrase ? `"${phrase}" no longer has a meaning of its own.` : 'It no longer has a meaning of its own.', view: 'settings' });
      // Reload either way: one forgotten elsewhere (the CLI) leaves the list too.
      await get().loadPhrasings();
      if (!ok) set({ phrasingsError: { code: 'not_found', message: 'That phrasing was already forgotten.', fix: 'Nothing to do: the list is now up to date.' } });
      return ok;
    } catch (error) {
      set({ phrasingsError: asBridgeError(error) });
      return false;
    }
  },
});
