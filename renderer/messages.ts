/**
 * The portal's own messages as sentences: what happened, then what to do. Kernel and skill
 * errors reach the user through here too, so a fragment ("say which note, e.g. …", "stopped:
 * timeout") still reads as a sentence.
 */

/** "stopped: timeout" → "Stopped: timeout.": a capital first, a full stop last (one already there is kept). */
export function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const capital = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?…]["”’)]?$/.test(capital) ? capital : `${capital}.`;
}

/** A step that failed, said as what happened and, where the skill said none, what to do. */
export function stepFailure(skill: string, error: string | undefined, status: string): { message: string; fix?: string } {
  const detail = error?.trim();
  if (status === 'denied') return { message: `The ${skill} skill was not allowed to do that.${detail ? ` ${sentence(detail)}` : ''}`, fix: 'Allow it when it asks, or grant it under Permissions, then send the request again.' };
  if (!detail) return { message: `The ${skill} skill could not do that.`, fix: 'Send the request again; if it keeps failing, check the skill under Skills.' };
  return { message: `The ${skill} skill could not do that. ${sentence(detail)}` };
}
