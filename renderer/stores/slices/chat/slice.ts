/**
 * The chat portal: the conversation (requests and the kernel's responses, shown progressively),
 * the input history walked with ↑/↓, clarification answers sent with `replyTo`, and progress
 * events matched to the request they belong to. Every request of one conversation carries the
 * same `sessionId`, so follow-ups ("and to ounces?", "change it to 12 minutes") resolve against
 * what came before exactly as the CLI's `--session` does; "New conversation" starts a fresh one. A served answer asks the workflow slice for a
 * "you usually do this next" suggestion.
 */
import type { BridgeErrorShape, Response } from '../../../bridge/contracts';
import { asBridgeError } from '../../../bridge/errors';
import type { SliceCreator } from '../../slice-creator';
import type { WorkflowSlice } from '../workflow/slice';
import type { UiSlice } from '../ui/slice';

export interface ChatEntry {
  id: string;
  role: 'user' | 'agent';
  text: string;
  at: number;
  /** Agent entries: pending until the kernel answers. */
  status: 'pending' | 'done' | 'failed';
  response?: Response;
  error?: BridgeErrorShape;
  progress?: { fraction: number; message?: string; skill?: string };
  /**
   * While pending: each reporting skill's latest progress message, in the order the skills first
   * reported, so a request that works through several skills (a plan, or a model calling one tool
   * after another) shows each one's line; one skill's job updates its own line in place.
   */
  progressLines?: { skill: string; message: string }[];
  /** A clarification this entry asked that the user already answered (choices become inert). */
  answered?: string;
}

export interface ChatSlice {
  entries: ChatEntry[];
  inputHistory: string[];
  /** Position while walking the history: null = editing a fresh draft. */
  historyIndex: number | null;
  draft: string;
  sessionId: string;
  setDraft(text: string): void;
  historyPrev(): void;
  historyNext(): void;
  /**
   * Sends a request, or with `replyTo` the answer to a question (`answering`: the entry that asked).
   * `shown`: what the user's bubble says when it differs from what the kernel gets (a choice's
   * label, sent as its value); such a click is not typed input, so it stays out of the history.
   * `readBack`: the text is the user's Yes to a spoken request's read-back ("I heard: … — do it?"),
   * run through voice.answer so the kernel records it as a voice request.
   */
  send(text: string, options?: SendOptions): Promise<Response | undefined>;
  applyProgress(requestId: string, fraction: number, message?: string, skill?: string): void;
  clearChat(): void;
}

export interface SendOptions {
  replyTo?: string;
  answering?: string;
  shown?: string;
  /** The read-back's id (voice.transcribe's `confirm` response); the text is what was heard, maybe corrected. */
  readBack?: string;
}

const HISTORY_LIMIT = 200;

export function newRequestId(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return `ui${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The skill's line takes its newest message; a skill not seen yet adds a line (the oldest go past a few). */
function withLine(lines: ChatEntry['progressLines'] = [], skill: string, message: string): NonNullable<ChatEntry['progressLines']> {
  if (lines.some((l) => l.skill === skill)) return lines.map((l) => (l.skill === skill ? { skill, message } : l));
  return [...lines, { skill, message }].slice(-PROGRESS_LINES);
}

const PROGRESS_LINES = 6;

/** A served answer asks for the next workflow suggestion; a new request clears the old one. */
type ChatNeeds = Pick<WorkflowSlice, 'workflowSuggestion' | 'loadWorkflowSuggestion'> & Pick<UiSlice, 'releaseSkillErrors'>;

export const createChatSlice: SliceCreator<ChatSlice, ChatNeeds> = (bridge) => (set, get) => ({
  entries: [],
  inputHistory: [],
  historyIndex: null,
  draft: '',
  sessionId: newRequestId(),
  setDraft: (draft) => set({ draft, historyIndex: null }),
  historyPrev: () => {
    const { inputHistory, historyIndex } = get();
    if (inputHistory.length === 0) return;
    const index = historyIndex === null ? inputHistory.length - 1 : Math.max(0, historyIndex - 1);
    set({ historyIndex: index, draft: inputHistory[index] ?? '' });
  },
  historyNext: () => {
    const { inputHistory, historyIndex } = get();
    if (historyIndex === null) return;
    if (historyIndex >= inputHistory.length - 1) set({ historyIndex: null, draft: '' });
    else set({ historyIndex: historyIndex + 1, draft: inputHistory[historyIndex + 1] ?? '' });
  },
  send: async (raw, options = {}) => {
    const text = raw.trim();
    if (!text) return undefined;
    const id = newRequestId();
    const now = Date.now();
    set((s) => ({
      // The previous workflow suggestion answered what came before; a fresh one follows this answer.
      workflowSuggestion: null,
      draft: '',
      historyIndex: null,
      inputHistory: options.shown !== undefined || s.inputHistory.at(-1) === text ? s.inputHistory : [...s.inputHistory, text].slice(-HISTORY_LIMIT),
      entries: [
        ...s.entries.map((e) => (options.answering && e.id === options.answering ? { ...e, answered: text } : e)),
        { id: `u-${id}`, role: 'user' as const, text: options.shown?.trim() || text, at: now, status: 'done' as const },
        { id, role: 'agent' as const, text: '', at: now, status: 'pending' as const },
      ],
    }));
    const update = (patch: Partial<ChatEntry>) => {
      set((s) => ({ entries: s.entries.map((e) => (e.id === id ? { ...e, ...patch } : e)) }));
      // Skills' errors reported meanwhile: the ones this answer shows are not repeated as toasts.
      const shown = patch.response ?? (patch.error ? { steps: [], text: patch.error.message, error: patch.error } : undefined);
      get().releaseSkillErrors(shown, get().entries.some((e) => e.status === 'pending'));
    };
    try {
      const response = options.readBack
        ? await bridge['voice.answer']({ id: options.readBack, answer: 'yes', edited: text })
        : await bridge['kernel.handle']({ id, text, source: 'ui', sessionId: get().sessionId, ...(options.replyTo ? { replyTo: options.replyTo } : {}) });
      update({ status: 'done', text: response.text, response });
      if (response.status === 'served' || response.status === 'partial') void get().loadWorkflowSuggestion();
      return response;
    } catch (error) {
      const e = asBridgeError(error);
      update({ status: 'failed', text: e.message, error: e });
      return undefined;
    }
  },
  applyProgress: (requestId, fraction, message, skill) =>
    set((s) => ({
      entries: s.entries.map((e) =>
        e.id === requestId && e.status === 'pending'
          ? { ...e, progress: { fraction, ...(message ? { message } : {}), ...(skill ? { skill } : {}) }, ...(message && skill ? { progressLines: withLine(e.progressLines, skill, message) } : {}) }
          : e,
      ),
    })),
  clearChat: () => set({ entries: [], sessionId: newRequestId() }),
});
