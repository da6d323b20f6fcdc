/**
 * The Rules view's state: the automations with their latest and next run, each one's history
 * (read when the user opens it), pause / resume / delete / run now, and a dry run that says what
 * running it now would do. Every change reloads the list, since the kernel may have changed more
 * than the one rule (a resume re-confirms its permissions; a run may set off others).
 */
import type { BridgeErrorShape, RuleDryRun, RuleListItem, RuleRun } from '../../../bridge/contracts';
import { asBridgeError } from '../../../bridge/errors';
import type { SliceCreator } from '../../slice-creator';
import type { UiSlice } from '../ui/slice';

export type RuleAction = 'pause' | 'resume' | 'delete' | 'run';

export interface RulesSlice {
  rules: RuleListItem[];
  rulesLoaded: boolean;
  rulesError: BridgeErrorShape | null;
  /** Runs of the rules whose history is open, by rule id. */
  ruleHistory: Record<number, RuleRun[]>;
  /** The latest dry run of a rule, by rule id (shown until the rule changes). */
  ruleDryRuns: Record<number, RuleDryRun>;
  /** The rule an action is in progress for (its buttons are disabled meanwhile). */
  ruleBusy: number | null;
  loadRules(): Promise<void>;
  loadRuleHistory(id: number): Promise<void>;
  dryRunRule(id: number): Promise<RuleDryRun | undefined>;
  /** Pauses, resumes, deletes or runs a rule now; true when it did what was asked. */
  ruleAction(id: number, action: RuleAction): Promise<boolean>;
}

const DONE: Record<Exclude<RuleAction, 'run'>, string> = { pause: 'Rule paused', resume: 'Rule turned back on', delete: 'Rule deleted' };

export const createRulesSlice: SliceCreator<RulesSlice, Pick<UiSlice, 'pushToast'>> = (bridge) => (set, get) => ({
  rules: [],
  rulesLoaded: false,
  rulesError: null,
  ruleHistory: {},
  ruleDryRuns: {},
  ruleBusy: null,
  loadRules: async () => {
    try {
      const rules = await bridge['rules.list']({});
      set({ rules, rulesLoaded: true, rulesError: null });
      // Open histories follow the runs a rule made meanwhile; deleted rules drop theirs.
      const open = Object.keys(get().ruleHistory).map(Number);
      await Promise.all(open.map((id) => (rules.some((r) => r.id === id) ? get().loadRuleHistory(id) : undefined)));
      set((s) => ({ ruleHistory: Object.fromEntries(Object.entries(s.ruleHistory).filter(([id]) => rules.some((r) => r.id === Number(id)))) }));
    } catch (error) {
      set({ rulesError: asBridgeError(error), rulesLoaded: true });
    }
  },
  loadRuleHistory: async (id) => {
    try {
      const runs = await bridge['rules.history']({ id, limit: 20 });
      set((s) => ({ ruleHistory: { ...s.ruleHistory, [id]: runs } }));
    } catch (error) {
      set({ rulesError: asBridgeError(error) });
    }
  },
  dryRunRule: async (id) => {
    try {
      const plan = await bridge['rules.dryRun']({ id });
      set((s) => ({ ruleDryRuns: { ...s.ruleDryRuns, [id]: plan }, rulesError: null }));
      return plan;
    } catch (error) {
      set({ rulesError: asBridgeError(error) });
      return undefined;
    }
  },
  ruleAction: async (id, action) => {
    set({ ruleBusy: id });
    try {
      let ok: boolean;
      if (action === 'run') {
        const ran = await bridge['rules.run']({ id });
        ok = ran.ok;
        // A firing is announced by the kernel's own notification; one it skipped (a stopped rule) is not.
        if (ran.runs.every((r) => r.status === 'skipped')) get().pushToast({ kind: 'warning', title: 'The rule did not run', body: ran.runs.map((r) => r.detail).join('\n'), view: 'rules' });
      } else {
        const changed = await bridge[`rules.${action}`]({ id });
        ok = changed.ok;
        get().pushToast({ ...(ok ? { kind: 'success', title: DONE[action] } : { kind: 'warning', title: 'Nothing changed' }), body: changed.message, view: 'rules' });
      }
      // A changed rule's dry run is out of date.
      set((s) => ({ ruleDryRuns: Object.fromEntries(Object.entries(s.ruleDryRuns).filter(([k]) => Number(k) !== id)) }));
      await get().loadRules();
      if (action === 'run' && get().ruleHistory[id]) await get().loadRuleHistory(id);
      return ok;
    } catch (error) {
      set({ rulesError: asBridgeError(error) });
      await get().loadRules();
      return false;
    } finally {
      set({ ruleBusy: null });
    }
  },
});
