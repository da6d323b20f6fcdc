/** Selectors for contributed skill views: which views the enabled skills offer, which item is shown, and when a view is live. */
import type { SkillView } from '../../../bridge/contracts';
import type { AppState } from '../../state';
import type { ChatEntry } from '../chat/slice';
import type { InstalledSkill } from '../skills/slice';
import { skillViewRoute, type SkillViewRoute } from '../ui/slice';
import { skillViewKey, type SkillViewState } from './slice';

export type SkillViewItem = SkillView['items'][number];

/** A view an enabled skill contributes, as the sidebar, the palette and the chat offer it. */
export interface ContributedView {
  route: SkillViewRoute;
  skill: string;
  skillName: string;
  id: string;
  title: string;
  icon: string;
  description?: string;
}

/** Every view the enabled skills contribute, skills in the order given (the slice sorts by name), views in manifest order. */
export function contributedViews(skills: readonly InstalledSkill[]): ContributedView[] {
  return skills
    .filter((s) => s.enabled)
    .flatMap((s) =>
      s.contributes.views.map((v) => ({
        route: skillViewRoute(s.id, v.id),
        skill: s.id,
        skillName: s.name,
        id: v.id,
        title: v.title,
        icon: v.icon,
        ...(v.description ? { description: v.description } : {}),
      })),
    );
}

const NOT_LOADED: SkillViewState = { view: null, loading: false, error: null, selected: null };

/** One view's state (a stable object until that view changes). */
export const selectSkillViewState = (skill: string, view: string) => (s: AppState) => s.skillViews[skillViewKey(skill, view)] ?? NOT_LOADED;

/** A running job: an item with a progress bar not yet full and an "info" status. */
export function isLiveItem(item: SkillViewItem): boolean {
  return item.progress !== undefined && item.progress < 1 && item.status?.tone === 'info';
}

/** The item shown in detail: the selected one, else the first live one, else the first. */
export function shownItem(view: SkillView | null, selected: string | null): SkillViewItem | undefined {
  if (!view) return undefined;
  return view.items.find((i) => i.id === selected) ?? view.items.find(isLiveItem) ?? view.items[0];
}

/** The progress of a chat request to this skill still waiting on its answer, if any. */
export function pendingRequestProgress(entries: readonly ChatEntry[], skill: string): ChatEntry['progress'] {
  return entries.find((e) => e.status === 'pending' && e.progress?.skill === skill)?.progress;
}

export const selectPendingRequestProgress = (skill: string) => (s: AppState) => pendingRequestProgress(s.entries, skill);

/** Re-read the view every SKILL_VIEW_POLL_MS: a request to its skill is pending, or it shows a running job. */
export const selectSkillViewLive = (skill: string, view: string) => (s: AppState) =>
  pendingRequestProgress(s.entries, skill) !== undefined || (s.skillViews[skillViewKey(skill, view)]?.view?.items.some(isLiveItem) ?? false);
