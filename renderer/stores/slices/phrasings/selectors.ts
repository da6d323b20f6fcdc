/** Selectors for the learned-phrasings slice, and how settings describe where a phrasing came from. */
import type { LearnedPhrasingView } from '../../../bridge/contracts';
import type { AppState } from '../../state';

export const selectPhrasings = (s: AppState) => s.phrasings;
export const selectPhrasingsLoaded = (s: AppState) => s.phrasingsLoaded;
export const selectPhrasingsError = (s: AppState) => s.phrasingsError;

const HOW: Record<LearnedPhrasingView['how'], string> = {
  rephrase: 'you rephrased it as',
  suggestion: 'you picked the suggestion',
  correction: 'you corrected it to',
};

/** 'Learned when you rephrased it as "…" · used 3 times'. */
export function phrasingOrigin(p: Pick<LearnedPhrasingView, 'how' | 'example' | 'uses'>): string {
  const uses = p.uses === 0 ? 'not used since' : p.uses === 1 ? 'used once since' : `used ${p.uses} times since`;
  return `Learned when ${HOW[p.how]} “${p.example}” · ${uses}`;
}
