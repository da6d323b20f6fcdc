/** Selectors for the grants slice, and how the permissions view groups and describes a grant. */
import type { GrantView } from '../../../bridge/contracts';
import type { AppState } from '../../state';
import { DEFAULT_TIME, formatLength, type TimeFormatter } from '../../../time/format';

export const selectGrants = (s: AppState) => s.grants;
export const selectGrantsError = (s: AppState) => s.grantsError;
export const selectGrantsLoaded = (s: AppState) => s.grantsLoaded;

/** Grants grouped by skill (skills by name, each skill's grants by permission kind). */
export function grantsBySkill(grants: readonly GrantView[]): { skill: string; grants: GrantView[] }[] {
  const groups = new Map<string, GrantView[]>();
  for (const g of grants) groups.set(g.skill, [...(groups.get(g.skill) ?? []), g]);
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([skill, list]) => ({ skill, grants: [...list].sort((a, b) => a.permission.kind.localeCompare(b.permission.kind) || a.grantedAt.localeCompare(b.grantedAt)) }));
}

/** "Always", "This session", "Once", "Until 2025-03-03 17:00 (2 d 3 h left)" / "Expired 2025-03-03 17:00", in the user's time format. */
export function describeDuration(g: Pick<GrantView, 'duration' | 'expiresAt'>, now = Date.now(), time: TimeFormatter = DEFAULT_TIME): string {
  switch (g.duration) {
    case 'always':
      return 'Always';
    case 'session':
      return 'This session';
    case 'once':
      return 'Once';
    case 'until': {
      if (!g.expiresAt) return 'Until revoked';
      const at = new Date(g.expiresAt);
      const left = at.getTime() - now;
      const when = time.dateTime(at);
      // Minutes are enough for a grant; under one, "1 min" rather than seconds ticking.
      return left <= 0 ? `Expired ${when}` : `Until ${when} (${formatLength(Math.max(60_000, Math.round(left / 60_000) * 60_000))} left)`;
    }
  }
}

/** What a permission kind lets a skill do, in words. */
export const KIND_LABELS: Record<string, string> = {
  'fs.read': 'Read files',
  'fs.write': 'Write files',
  exec: 'Run programs',
  net: 'Network access',
  clipboard: 'Clipboard',
  notifications: 'Notifications',
  microphone: 'Microphone',
  gpu: 'GPU',
  llm: 'Language model',
};
