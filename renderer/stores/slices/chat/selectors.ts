/** Selectors for the chat slice. */
import type { AppState } from '../../state';
import type { ChatEntry } from './slice';

export const selectEntries = (s: AppState) => s.entries;
export const selectDraft = (s: AppState) => s.draft;
export const selectBusy = (s: AppState) => s.entries.some((e) => e.status === 'pending');

/** The newest agent entry still waiting on an answer to its question, if any. */
export function openQuestion(entries: readonly ChatEntry[]): ChatEntry | undefined {
  const last = [...entries].reverse().find((e) => e.role === 'agent' && e.status === 'done');
  return last?.response?.clarification && !last.answered ? last : undefined;
}
/**
 * What the newest finished answer says aloud (after a voice request): the kernel's spoken sentence
 * (Response.spoken, never the card's lines), else the answer's first line.
 */
export const selectLastAnswer = (s: AppState): string | undefined => {
  for (let i = s.entries.length - 1; i >= 0; i--) {
    const e = s.entries[i]!;
    if (e.role === 'agent' && e.status === 'done') return e.response?.spoken ?? e.text.split('\n').find((l) => l.trim())?.trim() ?? e.text;
  }
  return undefined;
};
