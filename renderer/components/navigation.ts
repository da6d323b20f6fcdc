/**
 * The portal's views as the sidebar, the command palette and Ctrl+digit offer them: the fixed views
 * (Ctrl+1…6, always the same keys) and then every view an enabled skill contributes, from its
 * manifest, which take the digits left (Ctrl+7…9) in sidebar order.
 */
import type { ContributedView } from '../stores/slices/skillviews/selectors';
import type { FixedView, View } from '../stores/slices/ui/slice';
import { iconName, type IconName } from './Icon';

export interface NavTarget {
  view: View;
  title: string;
  icon: IconName;
  /** The digit of its Ctrl shortcut, when it has one. */
  key?: string;
  /** Extra words the palette matches (a contributed view: its skill and description). */
  keywords?: string;
}

export const FIXED_VIEWS: readonly (NavTarget & { view: FixedView })[] = [
  { view: 'chat', title: 'Portal', icon: 'chat', key: '1' },
  { view: 'skills', title: 'Skills', icon: 'skills', key: '2' },
  { view: 'activity', title: 'Activity', icon: 'activity', key: '3' },
  { view: 'timers', title: 'Reminders', icon: 'timer', key: '4' },
  // Added after the digits were given out: the palette and the sidebar reach it, Ctrl+digit does not.
  { view: 'rules', title: 'Rules', icon: 'refresh', keywords: 'automations automation schedule' },
  { view: 'permissions', title: 'Permissions', icon: 'shield', key: '5' },
  { view: 'settings', title: 'Settings', icon: 'settings', key: '6' },
];

const FREE_KEYS = ['7', '8', '9'];

/** The contributed views as navigation targets, the first three with a shortcut. */
export function skillNavTargets(views: readonly ContributedView[]): NavTarget[] {
  return views.map((v, i) => ({
    view: v.route,
    title: v.title,
    icon: iconName(v.icon),
    ...(FREE_KEYS[i] ? { key: FREE_KEYS[i] } : {}),
    keywords: `${v.skillName} ${v.skill} ${v.description ?? ''}`.trim(),
  }));
}

/** The view a Ctrl+digit opens, among the fixed and the contributed ones. */
export function viewForKey(key: string, targets: readonly NavTarget[]): View | undefined {
  return [...FIXED_VIEWS, ...targets].find((t) => t.key === key)?.view;
}
