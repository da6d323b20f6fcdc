/**
 * Which notifications the portal keeps, and how: toasts are for events outside the view the user
 * is looking at (a reminder going off, a run finishing elsewhere); what concerns the open view is
 * said in that view instead (its notice). Reminders missed while AgentOS was closed arrive one
 * event each and are summed up in one toast. A skill's error that the conversation shows in its
 * answer is not repeated as a toast.
 */
import type { Response } from '../../../bridge/contracts';
import { sentence } from '../../../messages';

export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'warning' | 'error' | 'reminder';
  title: string;
  body?: string;
  /** The view this is about ("rules" for a rule paused there): shown in that view while it is open, as a toast otherwise. */
  view?: string;
  /** Toasts of one group are one toast, summing up their items. */
  group?: ToastGroup;
  items?: string[];
}

export type ToastGroup = 'missed-reminders';

/** Enough to read; more would cover the portal. */
export const MAX_TOASTS = 4;

const SUMMARIES: Record<ToastGroup, (items: string[]) => Pick<Toast, 'title' | 'body'>> = {
  'missed-reminders': (items) =>
    items.length === 1
      ? { title: 'A reminder went off while AgentOS was closed', body: `${items[0]}. It is listed under Reminders & timers.` }
      : { title: `${items.length} reminders went off while AgentOS was closed`, body: `${items.join('; ')}. They are listed under Reminders & timers.` },
};

/** The toast of a group's items (its title and text say them all). */
export function groupToast(group: ToastGroup, items: string[], kind: Toast['kind']): Omit<Toast, 'id'> {
  return { kind, group, items, ...SUMMARIES[group](items) };
}

/**
 * The list with one more toast: joined to its group's toast where there is one, newest last; past
 * the limit the oldest goes, a reminder last (it stays until dismissed: missing one defeats it).
 */
export function withToast(toasts: readonly Toast[], toast: Toast): Toast[] {
  let list: Toast[];
  const same = toast.group ? toasts.find((t) => t.group === toast.group) : undefined;
  if (toast.group && same) {
    const merged = { ...groupToast(toast.group, [...(same.items ?? []), ...(toast.items ?? [])], same.kind), id: same.id };
    list = [...toasts.filter((t) => t !== same), merged];
  } else {
    list = [...toasts, toast];
  }
  while (list.length > MAX_TOASTS) {
    const oldest = list.findIndex((t) => t.kind !== 'reminder');
    list.splice(oldest === -1 ? 0 : oldest, 1);
  }
  return list;
}

/** A skill's error as its event reports it. */
export interface SkillError {
  skill: string;
  message: string;
}

/** Does this answer already show the error (a failed step of that skill, or the message itself)? */
export function answerShows(response: Pick<Response, 'steps' | 'text' | 'error'> | undefined, error: SkillError): boolean {
  if (!response) return false;
  if (response.steps.some((s) => s.status !== 'ok' && s.skill === error.skill)) return true;
  const said = [response.text, response.error?.message ?? '', ...response.steps.map((s) => s.error ?? '')].join('\n');
  return error.message.trim() !== '' && said.includes(error.message.trim());
}

/** The toast of a skill's error that no answer shows. */
export function skillErrorToast(error: SkillError): Omit<Toast, 'id'> {
  return { kind: 'error', title: `The ${error.skill} skill failed`, body: `${sentence(error.message)} Try again; if it keeps failing, check the skill under Skills.` };
}
