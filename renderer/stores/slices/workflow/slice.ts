/**
 * Workflow suggestions in the chat: after each served request the pattern miner is asked what the
 * user usually does next ("after X you usually Y — do it now?"). The chip sends Y; dismissing hides
 * that suggestion until the user does something else.
 */
import type { BridgeOutputs } from '../../../bridge/contracts';
import type { SliceCreator } from '../../slice-creator';

export type WorkflowSuggestion = BridgeOutputs['patterns.suggest'][number];

export interface WorkflowSlice {
  workflowSuggestion: WorkflowSuggestion | null;
  /** Requests whose suggestion the user dismissed (not offered again this session). */
  dismissedSuggestions: string[];
  loadWorkflowSuggestion(): Promise<void>;
  dismissWorkflowSuggestion(): void;
  acceptWorkflowSuggestion(): Promise<void>;
  /** "Always do this": sends the rule that would do it from now on; the kernel asks before saving it. */
  alwaysWorkflowSuggestion(): Promise<void>;
}

/** Accepting sends the request through the chat (declared here, not imported: the chat slice already depends on this one). */
interface WorkflowNeeds {
  send(text: string): Promise<unknown>;
}

export const createWorkflowSlice: SliceCreator<WorkflowSlice, WorkflowNeeds> = (bridge) => (set, get) => ({
  workflowSuggestion: null,
  dismissedSuggestions: [],
  loadWorkflowSuggestion: async () => {
    try {
      const [first] = await bridge['patterns.suggest']({ limit: 1 });
      set({ workflowSuggestion: first && !get().dismissedSuggestions.includes(first.request) ? first : null });
    } catch {
      // Suggestions are a nicety: a miner that is unavailable must not disturb the conversation.
      set({ workflowSuggestion: null });
    }
  },
  dismissWorkflowSuggestion: () => {
    const s = get().workflowSuggestion;
    set({ workflowSuggestion: null, ...(s ? { dismissedSuggestions: [...get().dismissedSuggestions, s.request].slice(-50) } : {}) });
  },
  acceptWorkflowSuggestion: async () => {
    const s = get().workflowSuggestion;
    if (!s) return;
    set({ workflowSuggestion: null });
    await get().send(s.request);
  },
  alwaysWorkflowSuggestion: async () => {
    const s = get().workflowSuggestion;
    if (!s?.always) return;
    set({ workflowSuggestion: null });
    await get().send(s.always);
  },
});
