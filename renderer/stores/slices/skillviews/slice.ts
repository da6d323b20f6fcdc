/**
 * Views that skills contribute to the portal (manifest `contributes.views`), one generic state per
 * `${skill}/${view}`: the last view the skill returned through `skills.contribution`, whether a load
 * is in flight, the last load's error and the item the user selected. Reloads are coalesced per
 * view — one call in flight and at most one more queued — because a long job reports progress many
 * times a second and each report asks for a refresh (stores/events.ts).
 */
import type { BridgeErrorShape, SkillView } from '../../../bridge/contracts';
import { asBridgeError } from '../../../bridge/errors';
import type { SliceCreator } from '../../slice-creator';

export interface SkillViewState {
  /** The last view the skill returned; kept while a reload runs and after one fails. */
  view: SkillView | null;
  loading: boolean;
  error: BridgeErrorShape | null;
  /** The item the user chose (null: the default one, see shownItem), sent to the skill as `args[0]`. */
  selected: string | null;
}

export interface SkillViewsSlice {
  skillViews: Record<string, SkillViewState>;
  /** Asks the skill for its view (coalesced: resolves when the view is current). */
  loadSkillView(skill: string, view: string): Promise<void>;
  /** Shows one item's detail (null: the default item) and re-reads the view for it. */
  selectSkillViewItem(skill: string, view: string, id: string | null): Promise<void>;
}

/** While a view shows a running job or a request to its skill is pending it is re-read this often. */
export const SKILL_VIEW_POLL_MS = 1500;

export const skillViewKey = (skill: string, view: string): string => `${skill}/${view}`;

const INITIAL: SkillViewState = { view: null, loading: false, error: null, selected: null };

export const createSkillViewsSlice: SliceCreator<SkillViewsSlice> = (bridge) => (set, get) => {
  const inFlight = new Map<string, Promise<void>>();
  const queued = new Set<string>();
  const patch = (key: string, change: Partial<SkillViewState>) =>
    set((s) => ({ skillViews: { ...s.skillViews, [key]: { ...(s.skillViews[key] ?? INITIAL), ...change } } }));

  const load = async (skill: string, view: string, key: string): Promise<void> => {
    do {
      queued.delete(key);
      patch(key, { loading: true });
      // Read at call time: a selection made while a load was in flight is what the queued load asks for.
      const selected = get().skillViews[key]?.selected ?? null;
      try {
        const result = await bridge['skills.contribution']({ skill, kind: 'view', name: view, args: selected ? [selected] : [] });
        if (!result.view) throw { code: 'internal', message: `${skill} answered without a view for "${view}".`, fix: 'Update the skill, or report it to its publisher.' };
        const stillThere = selected === null || result.view.items.some((i) => i.id === selected);
        patch(key, { view: result.view, error: null, ...(stillThere ? {} : { selected: null }) });
      } catch (error) {
        patch(key, { error: asBridgeError(error) });
      }
    } while (queued.has(key));
    patch(key, { loading: false });
  };

  return {
    skillViews: {},
    loadSkillView: (skill, view) => {
      const key = skillViewKey(skill, view);
      const running = inFlight.get(key);
      if (running) {
        queued.add(key);
        return running;
      }
      const done = load(skill, view, key).finally(() => inFlight.delete(key));
      inFlight.set(key, done);
      return done;
    },
    selectSkillViewItem: (skill, view, id) => {
      const key = skillViewKey(skill, view);
      const known = id !== null && (get().skillViews[key]?.view?.items.some((i) => i.id === id) ?? false);
      patch(key, { selected: known ? id : null });
      return get().loadSkillView(skill, view);
    },
  };
};
